"""Plain-text Dutch e-mail to staff over SMTP (smtplib); the only outside service of the worker.

The server comes from the environment (``Mailer.uit_omgeving``): INGANG_SMTP_HOST (default
``localhost``), INGANG_SMTP_PORT (default 8025) and INGANG_SMTP_AFZENDER (default
``ingang@voorbeeldstad.nl``). A failed send raises (``smtplib.SMTPException`` or ``OSError``),
so that the caller can roll back and try again later.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

STANDAARD_HOST = "localhost"
STANDAARD_POORT = 8025
STANDAARD_AFZENDER = "ingang@voorbeeldstad.nl"


@dataclass(frozen=True)
class Mailer:
    host: str
    port: int
    afzender: str
    timeout: float = 10.0

    @classmethod
    def uit_omgeving(cls) -> Mailer:
        return cls(
            host=os.environ.get("INGANG_SMTP_HOST", STANDAARD_HOST),
            port=int(os.environ.get("INGANG_SMTP_PORT", str(STANDAARD_POORT))),
            afzender=os.environ.get("INGANG_SMTP_AFZENDER", STANDAARD_AFZENDER),
        )

    def verstuur(self, *, aan: str, onderwerp: str, tekst: str, cc: Sequence[str] = ()) -> None:
        """Send one message to ``aan`` (and ``cc``) in a single SMTP transaction; raises on failure."""
        bericht = self.bericht(aan=aan, onderwerp=onderwerp, tekst=tekst, cc=cc)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(bericht)

    def bericht(self, *, aan: str, onderwerp: str, tekst: str, cc: Sequence[str] = ()) -> EmailMessage:
        bericht = EmailMessage()
        bericht["From"] = self.afzender
        bericht["To"] = aan
        if cc:
            bericht["Cc"] = ", ".join(cc)
        bericht["Subject"] = onderwerp
        bericht["Date"] = formatdate(localtime=False)
        bericht["Message-ID"] = make_msgid(domain=self.afzender.rpartition("@")[2] or None)
        bericht["Content-Language"] = "nl"
        bericht.set_content(tekst)
        return bericht
