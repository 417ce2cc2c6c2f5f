"""The messages in a WhatsApp webhook delivery, as Meta sends them.

Text, and the id of a chosen button or list row, goes to Rasa; a photo, voice message,
sticker, location, document or video is "niet_tekst" (the channel asks to type); reactions and
other parts are left out. Status callbacks (``value.statuses``: what became of a message Ingang
sent, by its wamid) are read apart (``statussen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bot.kern.tijd import utcnow

MAX_ID = 200  # the length of ``kanaal_verwerkt.extern_id`` and ``uitgaand_bericht.extern_id``
NIET_TEKST = frozenset({"image", "audio", "voice", "sticker", "location", "document", "video", "contacts", "unsupported"})


@dataclass(frozen=True)
class Inkomend:
    """One inbound WhatsApp message: ``soort`` is "tekst" (for Rasa) or "niet_tekst"."""

    id: str
    wa_id: str
    soort: str
    tekst: str
    moment: datetime


@dataclass(frozen=True)
class Status:
    """One status callback: ``status`` is sent, delivered, read or failed; ``codes`` the error codes
    (failed, e.g. 131047). The recipient's number and the error texts are left out on purpose."""

    wamid: str
    status: str
    codes: tuple[int, ...]


def inkomende_berichten(payload: Any, nu: datetime | None = None) -> list[Inkomend]:
    """The messages in a webhook delivery; status callbacks and unusable parts are left out."""
    nu = nu or utcnow()
    berichten = []
    for value in _values(payload):
        for ruw in _lijst(value.get("messages")):
            bericht = _inkomend(ruw, nu)
            if bericht is not None:
                berichten.append(bericht)
    return berichten


def statussen(payload: Any) -> list[Status]:
    """The status callbacks in a webhook delivery; unusable parts are left out."""
    return [status for value in _values(payload) for ruw in _lijst(value.get("statuses"))
            if (status := _status(ruw)) is not None]


def _status(ruw: dict) -> Status | None:
    wamid, soort = ruw.get("id"), ruw.get("status")
    if not isinstance(wamid, str) or not 0 < len(wamid) <= MAX_ID or not isinstance(soort, str):
        return None
    codes = tuple(fout["code"] for fout in _lijst(ruw.get("errors")) if type(fout.get("code")) is int)
    return Status(wamid, soort, codes)


def _values(payload: Any) -> list[dict]:
    if not isinstance(payload, dict) or payload.get("object", "whatsapp_business_account") != "whatsapp_business_account":
        return []
    return [
        wijziging["value"]
        for entry in _lijst(payload.get("entry"))
        for wijziging in _lijst(entry.get("changes"))
        if isinstance(wijziging.get("value"), dict)
    ]


def _lijst(waarde: Any) -> list[dict]:
    return [x for x in waarde if isinstance(x, dict)] if isinstance(waarde, list) else []


def _inkomend(ruw: dict, nu: datetime) -> Inkomend | None:
    bericht_id, wa_id, soort = ruw.get("id"), ruw.get("from"), ruw.get("type")
    if not isinstance(bericht_id, str) or not bericht_id or not isinstance(wa_id, str) or not wa_id:
        return None
    moment = _moment(ruw.get("timestamp"), nu)
    tekst = _tekst_van(ruw)
    if tekst is not None:
        return Inkomend(bericht_id, wa_id, "tekst", tekst, moment)
    if soort in NIET_TEKST:
        return Inkomend(bericht_id, wa_id, "niet_tekst", "", moment)
    return None  # reactions, system messages, orders: nothing to answer


def _tekst_van(ruw: dict) -> str | None:
    """What goes to Rasa: the typed text, or the id (payload) of a chosen button or list row."""
    soort = ruw.get("type")
    if soort == "text":
        return _str(_dict(ruw.get("text")).get("body"))
    if soort == "interactive":
        interactief = _dict(ruw.get("interactive"))
        keuze = _dict(interactief.get("button_reply") or interactief.get("list_reply"))
        return _str(keuze.get("id")) or _str(keuze.get("title"))
    if soort == "button":  # a quick-reply button of a template
        knop = _dict(ruw.get("button"))
        return _str(knop.get("payload")) or _str(knop.get("text"))
    return None


def _dict(waarde: Any) -> dict:
    return waarde if isinstance(waarde, dict) else {}


def _str(waarde: Any) -> str | None:
    return waarde if isinstance(waarde, str) else None


def _moment(timestamp: Any, nu: datetime) -> datetime:
    """The message's time (Unix seconds as a string), never later than ``nu``."""
    try:
        moment = datetime.fromtimestamp(int(timestamp), timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return nu
    return min(moment, nu)
