"""A bot message as Telegram messages: plain text (never parsed as HTML) and an inline keyboard.

The text, the staff prefix, the "Lees meer" link, the choices and the splitting come from the
shared renderer (bot/kanalen/weergave.py); here they become Telegram's shapes.

Button payloads longer than Telegram's 64 bytes of ``callback_data`` are first written as
compact JSON; if still too long, the button carries ``#`` plus a hash of the payload, and a
press sends the button's *title* as text (read back from the pressed message's own keyboard,
which Telegram includes in the callback; see ``invoer.payload_from_callback``). Nothing is kept
in process memory.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.kanalen import weergave

KANAAL = "telegram"
MAX_TEXT_LENGTH = 4096  # the Bot API counts UTF-16 code units (see ``split_text``)
MAX_CALLBACK_DATA = 64  # bytes
MAX_BUTTON_TITLE = 200
HASHED_CALLBACK = re.compile(r"#[0-9a-f]{20}")


@dataclass(frozen=True)
class OutgoingPart:
    """One Telegram message: plain text and maybe an inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def render(message: Mapping[str, Any]) -> list[OutgoingPart]:
    """A Rasa bot message (text, buttons, custom) as the Telegram messages to send, in order.

    The keyboard goes with the last part, so the buttons stay below the whole text.
    """
    text = weergave.berichttekst(message, kanaal=KANAAL)
    buttons = weergave.knoppen(message)
    if not text and not buttons:
        return []
    parts = [OutgoingPart(chunk) for chunk in split_text(text or weergave.keuzetekst())]
    if buttons:
        parts[-1] = OutgoingPart(parts[-1].text, inline_keyboard(buttons))
    return parts


def split_text(text: str) -> list[str]:
    """Parts of at most 4096 UTF-16 code units.

    Telegram measures a message in UTF-16 code units, as it does entity offsets, so an emoji
    outside the Basic Multilingual Plane counts twice; counting characters would let such a text
    go over the limit and be refused.
    """
    return weergave.splits_tekst(text, maximum=MAX_TEXT_LENGTH, lengte=weergave.utf16_lengte)


def inline_keyboard(buttons: Iterable[Mapping[str, str]]) -> InlineKeyboardMarkup:
    """One button per row: titles are often article titles, too long to sit side by side."""
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(button["title"][:MAX_BUTTON_TITLE], callback_data=callback_data_for(button["payload"]))]
        for button in buttons
    ])


def callback_data_for(payload: str) -> str:
    """The payload itself when it fits in 64 bytes, else compact JSON, else ``#`` and a hash."""
    for candidate in (payload, compact_payload(payload)):
        if len(candidate.encode("utf-8")) <= MAX_CALLBACK_DATA and not HASHED_CALLBACK.fullmatch(candidate):
            return candidate
    return "#" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def compact_payload(payload: str) -> str:
    """``/intent{"a": "b"}`` written without spaces; other payloads unchanged."""
    match = re.fullmatch(r"(/[\w-]+)(\{.*\})", payload, re.DOTALL)
    if not match:
        return payload
    try:
        entities = json.loads(match.group(2))
    except ValueError:
        return payload
    return match.group(1) + json.dumps(entities, separators=(",", ":"), ensure_ascii=False)
