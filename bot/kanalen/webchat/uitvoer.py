"""Replies on the web chat: Rasa's socket.io output, with custom payloads and the messages the widget
draws as one piece sent whole.

Rasa sends a message's text (split at blank lines), its buttons and its ``custom`` part as separate
``bot_uttered`` events. The widget (web/src/messages.js) draws some messages as one piece, so those
go out as one event with text, ``custom`` and quick replies together (``heel_bericht``):

- ``custom.medewerker``: the staff member's name above their text;
- ``custom.overdracht``: the handoff card (who, the promise, the case number, phone and e-mail)
  instead of the plain text;
- ``custom.keuzes``: the choices once, as quick replies. A numbered list in the text that only
  repeats the choices is left out (``zonder_keuzelijst``); what each choice is for (``wanneer``) is
  in ``custom.keuzes`` and the widget shows it on the button. The chat apps keep the list
  (bot/kanalen/weergave.py).

The recipient is the conversation id ``webchat:<session id>``; the message goes to the room of
that session (bot/kern/identiteit.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rasa.core.channels.socketio import SocketIOOutput

from bot.kern.identiteit import extern_id

HEEL = ("medewerker", "overdracht", "keuzes")  # custom keys the widget draws together with the text

# One line of a numbered list: "1. Titel" or "1. Titel: what it is for".
LIJSTREGEL = re.compile(r"^\s*\d+[.)]\s+(?P<rest>.+?)\s*$")


class WebchatOutput(SocketIOOutput):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def _send_message(self, socket_id: str, response: Any) -> None:
        await super()._send_message(extern_id(self.name(), socket_id), response)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"custom": json_message})

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """A message the widget draws as one piece goes out whole; others as Rasa sends them."""
        heel = heel_bericht(message)
        if heel is not None:
            await self._send_message(recipient_id, heel)
            return
        await super().send_response(recipient_id, message)


def heel_bericht(message: Mapping[str, Any]) -> dict[str, Any] | None:
    """One bot_uttered payload (text, custom, quick replies) for a message with text and a custom
    part the widget draws with it (``HEEL``); None for any other message."""
    custom = message.get("custom")
    tekst = message.get("text")
    if not isinstance(custom, Mapping) or not isinstance(tekst, str) or not tekst.strip():
        return None
    if not any(sleutel in custom for sleutel in HEEL):
        return None
    buttons = [knop for knop in message.get("buttons") or message.get("quick_replies") or [] if isinstance(knop, Mapping)]
    if "keuzes" in custom and "medewerker" not in custom:
        tekst = zonder_keuzelijst(tekst, _titels(custom.get("keuzes")))
    reply: dict[str, Any] = {"text": tekst, "custom": dict(custom)}
    if buttons:
        reply["quick_replies"] = [
            {"content_type": "text", "title": knop.get("title") or knop.get("payload"), "payload": knop.get("payload")}
            for knop in buttons
        ]
    return reply


def zonder_keuzelijst(tekst: str, titels: Iterable[str]) -> str:
    """``tekst`` without the lines of a numbered list that name one of the choices ``titels``
    ("1. Terras bij uw horecazaak: als u een terras wilt."): the widget shows them as buttons.

    Only list lines that start with a choice's title are left out; every other line stays, and
    the blank lines around a removed list are folded into one.
    """
    titels = [titel for titel in titels if titel]
    if not titels:
        return tekst
    regels = [regel for regel in tekst.split("\n") if not _noemt_keuze(regel, titels)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(regels)).strip()


def _noemt_keuze(regel: str, titels: list[str]) -> bool:
    lijst = LIJSTREGEL.match(regel)
    if lijst is None:
        return False
    rest = lijst.group("rest")
    return any(rest == titel or rest.startswith((titel + ":", titel + " -", titel + ".")) for titel in titels)


def _titels(keuzes: Any) -> list[str]:
    if not isinstance(keuzes, list):
        return []
    return [str(keuze["titel"]) for keuze in keuzes if isinstance(keuze, Mapping) and keuze.get("titel")]
