"""The web chat session is the server's: an unguessable id, handed out as a signed, expiring token.

The widget keeps the token (localStorage) and shows it again in ``session_request`` after a
reload; the server reads the session id from it only when the signature is right and the token
is younger than ``INGANG_WEBCHAT_SESSIE_DAGEN`` days (default 30). Anything else (a made-up id,
another secret's token, an old token, the bare session id) gets a new session. The channel then
binds the session to the socket that asked (bot/kanalen/webchat/invoer.py), so a socket sends and
receives only in its own session.

The secret is ``INGANG_WEBCHAT_GEHEIM`` (the same on every replica; required in production, see
docs/beveiliging.md). Without it, a random secret is made once and kept in the data directory
(``webchat.geheim``), so that sessions survive a restart on a laptop.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

from itsdangerous import BadData, URLSafeTimedSerializer

from bot.kern.settings import load_settings

logger = logging.getLogger(__name__)

ENV_GEHEIM = "INGANG_WEBCHAT_GEHEIM"
ENV_DAGEN = "INGANG_WEBCHAT_SESSIE_DAGEN"
ZOUT = "ingang-webchat-sessie"  # keeps these tokens apart from anything else signed with the secret
MAX_TOKEN = 512  # a token is about 80 characters; longer input is not even parsed


class Sessiesleutel:
    """Issues session tokens and reads the session id back from a valid one."""

    def __init__(self, geheim: str, *, geldig: timedelta) -> None:
        self._ondertekenaar = URLSafeTimedSerializer(geheim, salt=ZOUT)
        self.geldig = geldig

    @classmethod
    def uit_omgeving(cls) -> Sessiesleutel:
        dagen = float(os.environ.get(ENV_DAGEN) or 30)
        return cls(os.environ.get(ENV_GEHEIM) or geheim_uit_bestand(load_settings().data_dir / "webchat.geheim"),
                   geldig=timedelta(days=dagen))

    def geef_uit(self) -> str:
        """A new session: a random id of 128 bits, signed with the moment of issue."""
        return self._ondertekenaar.dumps(secrets.token_hex(16))

    def bevestig(self, gegeven: object) -> tuple[str, str]:
        """The token to confirm and its session: ``gegeven`` when it is valid, else a new one."""
        sessie = self.lees(gegeven)
        if sessie is not None:
            return str(gegeven), sessie
        token = self.geef_uit()
        return token, str(self.lees(token))

    def lees(self, token: object) -> str | None:
        """The session id in ``token``, or None when it is not a valid, unexpired token of ours."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
            return None
        try:
            sessie = self._ondertekenaar.loads(token, max_age=self.geldig.total_seconds())
        except BadData:
            return None
        return sessie if isinstance(sessie, str) and sessie else None


def geheim_uit_bestand(pad: Path) -> str:
    """The secret kept in ``pad``; made (random, readable by the owner only) when it is missing."""
    if not pad.exists():
        pad.parent.mkdir(parents=True, exist_ok=True)
        try:
            with os.fdopen(os.open(pad, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as bestand:
                bestand.write(secrets.token_urlsafe(32))
            logger.warning("%s niet gezet: web chat-sessies ondertekend met een geheim uit %s (alleen voor "
                           "één machine; zet %s in productie).", ENV_GEHEIM, pad, ENV_GEHEIM)
        except FileExistsError:
            pass  # another process made it at the same moment
    for _ in range(50):  # that other process may still be writing it
        geheim = pad.read_text().strip()
        if geheim:
            return geheim
        time.sleep(0.02)
    raise RuntimeError(f"{pad} is leeg; verwijder het bestand of zet {ENV_GEHEIM}.")
