"""A local SMTP server for development: keeps every e-mail as a .eml file and logs one line.

Run ``python -m bot.integraties.mailsink [--host 127.0.0.1] [--poort 8025] [--map data/mail]``. The port
defaults to INGANG_SMTP_PORT (8025), the same variable the follow-up worker sends to, so the
reminders and escalations of ``scripts/run`` land in ``data/mail/`` (under INGANG_DATA_DIR)
instead of reaching anyone. Nothing is relayed.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import logging
import os
import signal
import threading
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from aiosmtpd.controller import Controller

from bot.integraties.email import STANDAARD_POORT
from bot.kern.settings import PROJECT_ROOT

log = logging.getLogger(__name__)


def standaard_map() -> Path:
    data = os.environ.get("INGANG_DATA_DIR")
    return (Path(data).resolve() if data else PROJECT_ROOT / "data") / "mail"


class Bewaarder:
    """aiosmtpd handler: writes each message to ``map_`` (first to a temporary name, then renamed)."""

    def __init__(self, map_: Path) -> None:
        self.map = map_

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd hook name
        pad = self.bewaar(envelope.rcpt_tos, envelope.original_content or envelope.content)
        bericht = email.message_from_bytes(pad.read_bytes(), policy=email.policy.default)
        log.info("mail aan %s: %s (%s)", ", ".join(envelope.rcpt_tos), bericht.get("Subject", "(geen onderwerp)"), pad)
        return "250 Message accepted for delivery"

    def bewaar(self, ontvangers: Sequence[str], inhoud: bytes) -> Path:
        self.map.mkdir(parents=True, exist_ok=True)
        naam = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        kop = f"X-Envelope-To: {', '.join(ontvangers)}\r\n".encode()
        tijdelijk = self.map / f".{naam}.tmp"
        tijdelijk.write_bytes(kop + inhoud)
        return tijdelijk.replace(self.map / naam)


def start(*, host: str, poort: int, map_: Path) -> Controller:
    """Start the sink in a background thread; ``stop()`` the returned controller to end it."""
    controller = Controller(Bewaarder(map_), hostname=host, port=poort)
    controller.start()
    return controller


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.integraties.mailsink", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--poort", type=int, default=int(os.environ.get("INGANG_SMTP_PORT", str(STANDAARD_POORT))))
    parser.add_argument("--map", type=Path, default=standaard_map())
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's own line per connection
    klaar = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: klaar.set())
    controller = start(host=args.host, poort=args.poort, map_=args.map)
    log.info("mailsink op %s:%s, berichten in %s", args.host, args.poort, args.map)
    try:
        klaar.wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
