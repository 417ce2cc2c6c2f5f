"""Input limits at the edge, the same for every channel (rest, webchat, telegram, whatsapp).

- **Message length.** A message is cut at ``MAX_TEKENS`` (2,000 characters, bot/kern/invoer.py)
  before anything else reads it (``begrensd`` wraps the channel's ``on_new_message``). The
  metadata ``ingekort`` tells the NLU (bot/componenten/nlu.py), so the reply says the message was
  shortened (``utter_invoer_ingekort``) and answers its beginning.
- **Message rate.** ``begrensd`` also counts every message per conversation and per IP address
  and stops a flood (bot/kanalen/tempo.py).
- **Request body.** The Rasa server (Sanic, 100 MB by default) accepts at most
  ``MAX_VERZOEK_BYTES``; a larger body gets 413 before it is read (``begrens_verzoeken``).
- **Socket.io message.** At most ``MAX_SOCKETIO_BYTES`` (python-socketio's default is 1 MB); a
  larger one closes that client's connection (bot/kanalen/webchat/invoer.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.kanalen.tempo import bewaakt
from bot.kern.invoer import MAX_TEKENS, begrens, zonder_losse_surrogaten

INGEKORT = "ingekort"  # metadata key: the channel cut this message
# A message of 2,000 characters is at most some 12 KB as JSON; a WhatsApp webhook can carry a few.
MAX_VERZOEK_BYTES = 256 * 1024
MAX_SOCKETIO_BYTES = 64 * 1024

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def kort_in(message: UserMessage) -> UserMessage:
    """``message`` with its text cut at MAX_TEKENS, marked ``ingekort`` in its metadata when cut, and
    without lone surrogates (``zonder_losse_surrogaten``)."""
    if not isinstance(message.text, str):
        return message
    message.text = zonder_losse_surrogaten(message.text)
    if len(message.text) > MAX_TEKENS:
        message.text = begrens(message.text)
        message.metadata = {**(message.metadata or {}), INGEKORT: True}
    return message


def begrensd(on_new_message: OnNewMessage) -> OnNewMessage:
    """``on_new_message`` that first cuts each message (see ``kort_in``), then counts it (rate limits)."""
    bewaakt_ontvang = bewaakt(on_new_message)

    async def ontvang(message: UserMessage) -> Any:
        return await bewaakt_ontvang(kort_in(message))

    return ontvang


def begrens_verzoeken(blueprint: Blueprint) -> Blueprint:
    """Lower the Rasa server's request size limit to MAX_VERZOEK_BYTES when it starts.

    Sanic reads ``REQUEST_MAX_SIZE`` for each new connection, so setting it before the server
    starts covers every route of the server (channels and Rasa's HTTP API); a lower limit set
    through the environment (``SANIC_REQUEST_MAX_SIZE``) is kept.
    """
    @blueprint.listener("before_server_start")
    async def kleinere_verzoeken(app: Any, loop: Any) -> None:
        app.config.REQUEST_MAX_SIZE = min(int(app.config.REQUEST_MAX_SIZE), MAX_VERZOEK_BYTES)

    return blueprint
