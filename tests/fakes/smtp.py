"""A real SMTP server (aiosmtpd) on a free loopback port that keeps every message it receives.

    with FakeSmtp() as smtp:
        EmailBezorger(smtp.mailer())...      # send to it
        smtp.stop(); smtp.start()            # down and up again, on the same port
        [(ontvangers, bericht)] = smtp.berichten
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from bot.integraties.email import Mailer
from tests.assistent import vrije_poort


class _Verzamelaar:
    """aiosmtpd handler that keeps every message (the envelope's recipients and the parsed message)."""

    def __init__(self) -> None:
        self.berichten: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd hook name
        bericht = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.berichten.append((list(envelope.rcpt_tos), bericht))
        return "250 Message accepted for delivery"


class FakeSmtp:
    def __init__(self) -> None:
        self.poort = vrije_poort()
        self._verzamelaar = _Verzamelaar()
        self._controller: Controller | None = None

    @property
    def berichten(self) -> list[tuple[list[str], EmailMessage]]:
        return self._verzamelaar.berichten

    def mailer(self) -> Mailer:
        return Mailer("127.0.0.1", self.poort, "ingang@voorbeeldstad.nl")

    def start(self) -> None:
        self._controller = Controller(self._verzamelaar, hostname="127.0.0.1", port=self.poort)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> FakeSmtp:
        self.start()
        return self

    def __exit__(self, *_fout) -> None:
        self.stop()
