"""The Telegram webhook for Rasa: ``POST /webhooks/telegram/webhook`` (``TelegramInput``).

Without token or secret (bot/kanalen/telegram/config.py) the Rasa server still starts: the
webhook answers 503 and the problem is logged once.

Every update must carry the secret (checked with ``hmac.compare_digest``) before anything else
is read. Text goes to Rasa with ``telegram:<chat id>`` as sender id (bot/kern/identiteit.py); ``/start`` becomes the intent
``/greet``; a button press is answered (answerCallbackQuery) and its payload goes to Rasa;
photos, voice messages, stickers and the like get a short reply asking to type the question.
Each update id is recorded in ``kanaal_verwerkt`` (bot/kanalen/boekhouding.py) before it is
handled, so an update Telegram delivers again (it does when it got no quick 200) is answered
once, across replicas too. Processing errors are logged and still answered 200: Telegram would
otherwise deliver the same update again and again.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import IntegrityError
from telegram import Bot, CallbackQuery, Message, Update
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.kanalen.boekhouding import markeer_verwerkt
from bot.kanalen.lengte import begrensd
from bot.kanalen.proces import richt_server_in
from bot.kanalen.telegram.api import make_bot
from bot.kanalen.telegram.config import ENV_SECRET, ENV_TOKEN, SECRET_HEADER, TelegramConfig, config_problem
from bot.kanalen.telegram.opmaak import HASHED_CALLBACK, KANAAL
from bot.kanalen.telegram.uitvoer import TelegramOutput
from bot.kern.db import default_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.kern.invoer import schone_json
from bot.kern.teksten import tekst
from bot.kern.tijd import utcnow

logger = logging.getLogger(__name__)

SERVER_CONNECTIONS = 32  # concurrent Bot API calls of one Rasa server
START_COMMAND = re.compile(r"/start(@\w+)?(\s.*)?", re.DOTALL)
GREET_INTENT = "/greet"

# Texts the entrepreneur reads: teksten/kanalen/telegram/.
NOT_TEXT_TEMPLATE = "kanalen/telegram/niet_tekst.txt"
OLD_BUTTON_TEMPLATE = "kanalen/telegram/oude_knop.txt"

# Texts for the caller of the webhook and for developers.
NOT_CONFIGURED = f"Telegram is niet ingesteld: zet {ENV_TOKEN} en {ENV_SECRET}."
FORBIDDEN = "Geen geldig geheim."
BAD_REQUEST = "Ongeldig verzoek: stuur een Telegram-update als JSON-object."

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class TelegramInput(InputChannel):
    """``POST /webhooks/telegram/webhook``, configured from the environment (see the module)."""

    @classmethod
    def name(cls) -> str:
        return KANAAL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        return cls(TelegramConfig.from_env())

    def __init__(self, config: TelegramConfig | None) -> None:
        self.config = config
        self._bot: Bot | None = None
        self._requests: tuple[HTTPXRequest, ...] = ()
        if config is None:
            logger.warning("Telegram-kanaal staat uit: %s. De webhook antwoordt 503.", config_problem())

    @property
    def bot(self) -> Bot:
        """Made on first use, inside the server's event loop.

        python-telegram-bot's default pool has one connection; the server answers many
        conversations at once, so it gets a larger pool.
        """
        assert self.config is not None
        if self._bot is None:
            self._requests = (HTTPXRequest(connection_pool_size=SERVER_CONNECTIONS, pool_timeout=5.0), HTTPXRequest())
            self._bot = make_bot(self.config, request=self._requests[0], get_updates_request=self._requests[1])
        return self._bot

    async def close(self) -> None:
        requests, self._requests, self._bot = self._requests, (), None
        await asyncio.gather(*(request.shutdown() for request in requests))

    def get_output_channel(self) -> OutputChannel | None:
        return TelegramOutput(self.bot) if self.config else None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        on_new_message = begrensd(on_new_message)  # the length cut first (bot/kanalen/lengte.py)
        webhook = richt_server_in(Blueprint("telegram_webhook", __name__))

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.config else "niet ingesteld"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        @webhook.listener("before_server_stop")
        async def close_bot(app: Any, loop: Any) -> None:
            await self.close()

        return webhook

    async def handle(self, request: Request, on_new_message: OnNewMessage) -> HTTPResponse:
        if self.config is None:
            return response.text(NOT_CONFIGURED, status=503)
        if not secret_ok(request.headers.get(SECRET_HEADER), self.config.secret):
            return response.text(FORBIDDEN, status=403)
        update = self.parse_update(request.body)
        if update is None:
            return response.text(BAD_REQUEST, status=400)
        if not await self.first_delivery(update):
            return response.text("ok")
        try:
            await self.process(update, on_new_message)
        except Exception:  # see the module docstring: answered 200 so Telegram does not resend it
            logger.exception("Telegram-update %s niet verwerkt", update.update_id)
        return response.text("ok")

    async def first_delivery(self, update: Update) -> bool:
        """Record the update id; False when it was handled before (a redelivery).

        When the database cannot be reached the update is handled anyway: better answered twice
        than not at all.
        """
        assert self.config is not None
        extern_id = f"{bot_id(self.config.token)}:{update.update_id}"
        try:
            await asyncio.to_thread(record_update, extern_id)
        except IntegrityError:
            logger.info("Telegram-update %s was al verwerkt; overgeslagen", update.update_id)
            return False
        except Exception:  # noqa: BLE001 - see the docstring
            logger.exception("Telegram-update %s niet vastgelegd; toch verwerkt", update.update_id)
        return True

    def parse_update(self, body: bytes) -> Update | None:
        try:
            data = schone_json(json.loads(body or b""))
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                return None
            return Update.de_json(data, self.bot)
        except Exception:  # malformed JSON or a structure python-telegram-bot cannot read
            return None

    async def process(self, update: Update, on_new_message: OnNewMessage) -> None:
        output = TelegramOutput(self.bot)
        if update.callback_query is not None:
            await self.process_button(update, update.callback_query, output, on_new_message)
            return
        message = update.message
        if message is None or message.chat is None:  # edited messages, membership changes, ...: nothing to answer
            return
        chat_id = gesprek_id(KANAAL, str(message.chat.id))
        if not isinstance(message.text, str):  # a photo, a sticker, or a forged update with a number as text
            await output.send_response(chat_id, {"text": tekst(NOT_TEXT_TEMPLATE)})
            return
        await on_new_message(self.user_message(text_for_rasa(message.text), output, chat_id, update))

    async def process_button(self, update: Update, query: CallbackQuery, output: TelegramOutput,
                             on_new_message: OnNewMessage) -> None:
        try:
            await self.bot.answer_callback_query(query.id)
        except TelegramError as error:  # only the button's spinner keeps turning a little longer
            logger.warning("answerCallbackQuery mislukt: %s", error)
        chat = query.message.chat if query.message is not None else query.from_user
        if chat is None:  # a forged update: nobody to answer
            return
        chat_id = gesprek_id(KANAAL, str(chat.id))
        payload = payload_from_callback(query)
        if not payload:
            await output.send_response(chat_id, {"text": tekst(OLD_BUTTON_TEMPLATE)})
            return
        await on_new_message(self.user_message(payload, output, chat_id, update))

    def user_message(self, text: str, output: TelegramOutput, chat_id: str, update: Update) -> UserMessage:
        return UserMessage(text, output, chat_id, input_channel=self.name(),
                           metadata={"telegram_update_id": update.update_id})


def secret_ok(given: str | None, expected: str) -> bool:
    """Constant-time comparison of the secret header; a missing header never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bot_id(token: str) -> str:
    """The bot's numeric id, the part of the token before the colon: update ids count per bot."""
    return token.split(":", 1)[0]


def record_update(extern_id: str) -> None:
    with transaction(default_engine()) as session:
        markeer_verwerkt(session=session, kanaal=KANAAL, extern_id=extern_id, moment=utcnow())


def text_for_rasa(text: str) -> str:
    """``/start`` (also ``/start@bot`` and deep links ``/start xyz``) greets; other text as typed."""
    return GREET_INTENT if START_COMMAND.fullmatch(text.strip()) else text


def payload_from_callback(query: CallbackQuery) -> str | None:
    """The text to send Rasa for a button press; None when it cannot be known."""
    data = query.data or ""
    if not HASHED_CALLBACK.fullmatch(data):
        return data or None
    message = query.message if isinstance(query.message, Message) else None
    keyboard = message.reply_markup if message is not None else None
    for row in keyboard.inline_keyboard if keyboard else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
