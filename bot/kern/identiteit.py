"""Conversation ids that say which channel they belong to.

A conversation's id is the Rasa sender id, and everything recorded about the entrepreneur uses
it with the channel: ``ondernemer_kanaal`` (kanaal, kanaal_id), ``zaak`` and ``overname``
(kanaal, gesprek_id), the outbox (kanaal, ontvanger). The channel itself makes the id, never
the client:

* Telegram, WhatsApp and the web chat: ``"<kanaal>:<the channel's own id>"``, e.g.
  ``whatsapp:31612345678``, ``telegram:4242``, ``webchat:<session id>``.
* REST: the client's ``sender`` as given, which the REST channel refuses when it contains
  ``:`` (bot/kanalen/rest.py). So a REST id never equals another channel's id, and an id
  without a prefix is a REST id.

The channel of a conversation follows from its id (``kanaal_van_gesprek``); the outbox
deliverers take the chat id or phone number from the id only when its prefix is their own
(``extern_id``), so a conversation of one channel can never make another channel send.
"""

from __future__ import annotations

SCHEIDING = ":"
REST = "rest"


class VreemdGesprek(ValueError):
    """The conversation id does not belong to the channel that was asked."""


def gesprek_id(kanaal: str, extern: str) -> str:
    """The conversation id of ``extern`` (chat id, phone number, session id) on ``kanaal``."""
    return f"{kanaal}{SCHEIDING}{extern}"


def kanaal_van_gesprek(gesprek: str) -> str:
    """The channel a conversation id belongs to: its prefix, or ``rest`` without one."""
    kanaal, scheiding, _ = gesprek.partition(SCHEIDING)
    return kanaal if scheiding else REST


def extern_id(kanaal: str, gesprek: str) -> str:
    """The channel's own id in a conversation id of ``kanaal``; ``VreemdGesprek`` for any other id."""
    voorvoegsel = kanaal + SCHEIDING
    if not gesprek.startswith(voorvoegsel) or len(gesprek) == len(voorvoegsel):
        raise VreemdGesprek(f"gesprek {gesprek!r} hoort niet bij kanaal {kanaal}")
    return gesprek[len(voorvoegsel):]
