"""Plain-text Dutch e-mail to staff over SMTP (smtplib): one more outbox channel (``kanaal`` ``email``).

The reminder and escalation steps place an e-mail in the outbox in their own transaction
(``bot.uitgaand.service.plaats_email``); ``EmailBezorger`` sends it after the commit, in the
worker's delivery round, with the outbox's claims and retries. So a failed commit sends nothing,
and a failed send is tried again later.

The server comes from the environment (``Mailer.uit_omgeving``): INGANG_SMTP_HOST (default
``localhost``), INGANG_SMTP_PORT (default 8025) and INGANG_SMTP_AFZENDER (default
``ingang@voorbeeldstad.nl``). A failed send raises (``smtplib.SMTPException`` or ``OSError``).
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bot.uitgaand.models import EMAIL
from bot.uitgaand.service import Bericht, BezorgFout

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

    def verstuur(self, *, aan: str, onderwerp: str, tekst: str, cc: Sequence[str] = (),
                 message_id: str | None = None) -> None:
        """Send one message to ``aan`` (and ``cc``) in a single SMTP transaction; raises on failure."""
        bericht = self.bericht(aan=aan, onderwerp=onderwerp, tekst=tekst, cc=cc, message_id=message_id)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(bericht)

    def bericht(self, *, aan: str, onderwerp: str, tekst: str, cc: Sequence[str] = (),
                message_id: str | None = None) -> EmailMessage:
        bericht = EmailMessage()
        bericht["From"] = self.afzender
        bericht["To"] = aan
        if cc:
            bericht["Cc"] = ", ".join(cc)
        bericht["Subject"] = onderwerp
        bericht["Date"] = formatdate(localtime=False)
        bericht["Message-ID"] = message_id or make_msgid(domain=self.domein)
        bericht["Content-Language"] = "nl"
        bericht.set_content(tekst)
        return bericht

    @property
    def domein(self) -> str | None:
        return self.afzender.rpartition("@")[2] or None


@dataclass(frozen=True)
class EmailBezorger:
    """The outbox deliverer of ``kanaal`` ``email`` (the ``Bezorger`` port of ``bot.uitgaand.jobs``).

    Every SMTP failure is worth a retry (a server that is down, a full mailbox): the outbox tries
    again after its growing pause and gives up after its last attempt, logged for a person.

    Every attempt at one outbox message carries the same Message-ID. A worker killed after the SMTP
    server took a message but before the outbox recorded it leaves the message to be sent again by
    another worker (at least once, never lost); the copy is then recognisable as the same message,
    and mail systems that drop a Message-ID they already have drop it.
    """

    mailer: Mailer
    kanaal: str = EMAIL

    @classmethod
    def uit_omgeving(cls) -> EmailBezorger:
        return cls(Mailer.uit_omgeving())

    def bezorg(self, bericht: Bericht) -> None:
        try:
            self.mailer.verstuur(aan=bericht.ontvanger, onderwerp=bericht.onderwerp, tekst=bericht.tekst,
                                 cc=bericht.cc, message_id=self.message_id(bericht))
        except (smtplib.SMTPException, OSError) as fout:
            raise BezorgFout(f"e-mail niet verstuurd ({type(fout).__name__}): {fout}") from fout

    def message_id(self, bericht: Bericht) -> str:
        """The outbox row's own Message-ID: its id and the moment it was placed (no personal data)."""
        return f"<uitgaand-{bericht.id}-{bericht.aangemaakt_op:%Y%m%d%H%M%S%f}@{self.mailer.domein or 'ingang'}>"
