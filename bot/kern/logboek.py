"""Logs carry no secrets and no personal data: tokens, phone numbers and e-mail addresses are masked.

Every process of Ingang logs through Python's ``logging`` (Rasa, Sanic, httpx, uvicorn, our own
modules). ``installeer_maskering`` replaces the log record factory, so every record of every
logger is masked the moment it is made, whatever handlers Rasa or uvicorn install later:

- a token in a URL (``?token=...``, ``&token=...``) or an ``Authorization: Bearer ...`` header;
- e-mail addresses;
- phone numbers (international with ``+`` or ``00``, Dutch from ``0``, with the usual spaces and
  dashes) and bare runs of ten or more digits (WhatsApp and Telegram ids); a case number
  (ON-2026-00042), a KvK number or a time stays readable.

The message is formatted once (``msg % args``) and stored masked, and so is the text of an
exception logged with it; a record that cannot be formatted is left to logging's own error
handling. Installing twice changes nothing.
"""

from __future__ import annotations

import logging
import re

from bot.kern.velden import EMAIL_PATTERN, KVK_PATTERN

MASKER = "***"
TOKEN = re.compile(r"(?i)((?:[?&](?:token|auth_token|access_token|secret)=)|(?:bearer\s+))[^\s&'\"]+")
TELEFOON = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d(?:[\s\-().]{0,2}\d){7,14}"  # international: +31 6 1234 5678
    r"|0\d(?:[\s\-().]{0,2}\d){8}"  # Dutch: 06-12345678, 020 123 4567
    r"|\d{10,15})(?![\w])"  # a bare run: a WhatsApp id (31612345678), a Telegram chat id
)
# A log line longer than this is cut before masking: the patterns stay linear and logs small.
MAX_REGEL = 20_000

_installeerd = False


def maskeer_met_kvk(tekst: str) -> str:
    """``maskeer``, and KvK numbers too: for free text kept in a store or shown to someone who may not see
    the contact details (a log keeps KvK numbers readable, they are no contact details)."""
    return KVK_PATTERN.sub(MASKER, maskeer(tekst))


def maskeer(tekst: str) -> str:
    """``tekst`` with tokens, e-mail addresses and phone numbers replaced by ``***``."""
    tekst = TOKEN.sub(lambda m: m.group(1) + MASKER, tekst[:MAX_REGEL])
    tekst = EMAIL_PATTERN.sub(MASKER, tekst)
    return TELEFOON.sub(MASKER, tekst)


def installeer_maskering() -> None:
    """Mask every log record of this process from now on (see the module's docstring)."""
    global _installeerd
    if _installeerd:
        return
    maak = logging.getLogRecordFactory()

    def gemaskeerd(*args, **kwargs) -> logging.LogRecord:
        record = maak(*args, **kwargs)
        try:
            bericht = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format is logging's own error to report
            return record
        record.msg, record.args = maskeer(bericht), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = maskeer(logging.Formatter().formatException(record.exc_info))
        return record

    logging.setLogRecordFactory(gemaskeerd)
    _installeerd = True
