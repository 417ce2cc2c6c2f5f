"""The Telegram channel: a webhook for Rasa, the rendering of bot messages, and outbox delivery.

Configuration comes from the environment only (never from the repository):

- ``INGANG_TELEGRAM_TOKEN``: the bot token from BotFather;
- ``INGANG_TELEGRAM_SECRET``: the webhook secret (1-256 characters ``A-Z a-z 0-9 _ -``) that
  Telegram sends back in the ``X-Telegram-Bot-Api-Secret-Token`` header;
- ``INGANG_TELEGRAM_API_URL`` (optional): the Bot API address, python-telegram-bot's
  ``base_url`` (default ``https://api.telegram.org/bot``; the tests point it at a fake).

Without token or secret the Rasa server still starts: the webhook answers 503 and the
problem is logged once.

Every update must carry the secret (checked with ``hmac.compare_digest``) before anything else
is read. Text goes to Rasa with the chat id as sender id; ``/start`` becomes the intent
``/greet``; a button press is answered (answerCallbackQuery) and its payload goes to Rasa;
photos, voice messages, stickers and the like get a short reply asking to type the question.
Each update id is recorded in ``kanaal_verwerkt`` (bot/kanalen/boekhouding.py) before it is handled, so an
update Telegram delivers again (it does when it got no quick 200) is answered once, across
replicas too. Processing errors are logged and still answered 200: Telegram would otherwise
deliver the same update again and again.

Button payloads longer than Telegram's 64 bytes of ``callback_data`` are first written as
compact JSON; if still too long, the button carries ``#`` plus a hash of the payload, and a
press sends the button's *title* as text (read back from the pressed message's own keyboard,
which Telegram includes in the callback). Nothing is kept in process memory.

Developers without a public address run ``python -m bot.kanalen.telegram poll``: it fetches
updates with getUpdates and posts each to the local webhook with the secret, so the same code
handles them. ``python -m bot.kanalen.telegram webhook-instellen --url https://...`` registers
the webhook with Telegram. See docs/telegram.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TypeVar

import httpx
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import IntegrityError
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.request import HTTPXRequest

from bot.kanalen.boekhouding import markeer_verwerkt
from bot.kern.db import default_engine, transaction
from bot.uitgaand.service import Bericht, BezorgFout

logger = logging.getLogger(__name__)

ENV_TOKEN = "INGANG_TELEGRAM_TOKEN"
ENV_SECRET = "INGANG_TELEGRAM_SECRET"
ENV_API_URL = "INGANG_TELEGRAM_API_URL"
DEFAULT_API_URL = "https://api.telegram.org/bot"

WEBHOOK_PATH = "/webhooks/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
ALLOWED_UPDATES = ["message", "callback_query"]

SERVER_CONNECTIONS = 32  # concurrent Bot API calls of one Rasa server
MAX_TEXT_LENGTH = 4096  # Telegram counts UTF-16 code units
MAX_CALLBACK_DATA = 64  # bytes
HASHED_CALLBACK = re.compile(r"#[0-9a-f]{20}")
START_COMMAND = re.compile(r"/start(@\w+)?(\s.*)?", re.DOTALL)
GREET_INTENT = "/greet"

# Texts the entrepreneur reads (Dutch, B1, "u").
NOT_TEXT_REPLY = (
    "Sorry, ik kan alleen getypte berichten lezen. Foto's, spraakberichten, stickers en "
    "bestanden begrijp ik niet. Wilt u uw vraag in een bericht typen?"
)
OLD_BUTTON_REPLY = "Deze knop werkt niet meer. Wilt u uw vraag opnieuw typen?"
CHOOSE_TEXT = "Maak een keuze:"
READ_MORE = "Lees meer: {url}"

# Texts for the caller of the webhook and for developers.
NOT_CONFIGURED = f"Telegram is niet ingesteld: zet {ENV_TOKEN} en {ENV_SECRET}."
FORBIDDEN = "Geen geldig geheim."
BAD_REQUEST = "Ongeldig verzoek: stuur een Telegram-update als JSON-object."


# --- configuration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TelegramConfig:
    token: str
    secret: str
    api_url: str = DEFAULT_API_URL

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> TelegramConfig | None:
        """The configuration, or None when it is missing or invalid (see ``config_problem``)."""
        if config_problem(environ):
            return None
        return cls(
            token=environ[ENV_TOKEN].strip(),
            secret=environ[ENV_SECRET].strip(),
            api_url=environ.get(ENV_API_URL, "").strip() or DEFAULT_API_URL,
        )


def config_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why the environment does not configure Telegram, or None when it does."""
    missing = [name for name in (ENV_TOKEN, ENV_SECRET) if not environ.get(name, "").strip()]
    if missing:
        return f"{' en '.join(missing)} ontbreekt"
    if not SECRET_PATTERN.fullmatch(environ[ENV_SECRET].strip()):
        return f"{ENV_SECRET} mag alleen A-Z, a-z, 0-9, _ en - bevatten (1 tot 256 tekens)"
    return None


class _HideToken(logging.Filter):
    """httpx logs every request URL, and the Bot API URL contains the token: hide it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), ()
        return True


def _hide_token_in_logs(token: str) -> None:
    for name in ("httpx", "telegram"):
        target = logging.getLogger(name)
        if not any(isinstance(f, _HideToken) and f.token == token for f in target.filters):
            target.addFilter(_HideToken(token))


def make_bot(config: TelegramConfig, *, request: HTTPXRequest | None = None,
             get_updates_request: HTTPXRequest | None = None) -> Bot:
    _hide_token_in_logs(config.token)
    return Bot(config.token, base_url=config.api_url, request=request, get_updates_request=get_updates_request)


@asynccontextmanager
async def open_bot(config: TelegramConfig) -> AsyncIterator[Bot]:
    """A bot for one piece of work; its HTTP connections are closed afterwards."""
    requests = (HTTPXRequest(), HTTPXRequest())
    try:
        yield make_bot(config, request=requests[0], get_updates_request=requests[1])
    finally:
        await asyncio.gather(*(request.shutdown() for request in requests))


def secret_ok(given: str | None, expected: str) -> bool:
    """Constant-time comparison of the secret header; a missing header never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# --- rendering ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutgoingPart:
    """One Telegram message: plain text (never parsed as HTML) and maybe an inline keyboard."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def render(message: Mapping[str, Any]) -> list[OutgoingPart]:
    """A Rasa bot message (text, buttons, custom) as the Telegram messages to send, in order.

    The keyboard goes with the last part, so the buttons stay below the whole text.
    """
    custom = message.get("custom") if isinstance(message.get("custom"), Mapping) else {}
    text = str(message.get("text") or "").strip()
    text = with_staff_prefix(text, custom.get("medewerker"))
    text = with_read_more(text, custom.get("kennisbank"))
    for key in ("image", "attachment"):
        if isinstance(message.get(key), str) and message[key]:
            text = f"{text}\n\n{message[key]}".strip()
    buttons = [b for b in message.get("buttons") or [] if isinstance(b, Mapping)] or buttons_from_choices(
        custom.get("keuzes"))
    if not text and not buttons:
        return []
    parts = [OutgoingPart(chunk) for chunk in split_text(text or CHOOSE_TEXT)]
    if buttons:
        parts[-1] = OutgoingPart(parts[-1].text, inline_keyboard(buttons))
    return parts


def with_staff_prefix(text: str, medewerker: Any) -> str:
    """A staff member's message starts with who wrote it: "<naam> (<functie>): ..."."""
    if not isinstance(medewerker, Mapping) or not medewerker.get("naam"):
        return text
    who = str(medewerker["naam"])
    if medewerker.get("functie"):
        who = f"{who} ({medewerker['functie']})"
    return f"{who}: {text}" if text else f"{who}:"


def with_read_more(text: str, kennisbank: Any) -> str:
    """Add "Lees meer: <url>" for a kennisbank answer, unless the text already shows that link."""
    if not isinstance(kennisbank, Mapping) or not kennisbank.get("url"):
        return text
    url = str(kennisbank["url"])
    if url in text:
        return text
    return f"{text}\n\n{READ_MORE.format(url=url)}".strip()


def buttons_from_choices(keuzes: Any) -> list[dict[str, str]]:
    """Buttons for a ``custom.keuzes`` message that came without buttons."""
    if not isinstance(keuzes, list):
        return []
    return [
        {"title": str(keuze["titel"]), "payload": f"/ask_question{json.dumps({'onderwerp': keuze['id']})}"}
        for keuze in keuzes
        if isinstance(keuze, Mapping) and keuze.get("id") and keuze.get("titel")
    ]


def inline_keyboard(buttons: Iterable[Mapping[str, Any]]) -> InlineKeyboardMarkup:
    """One button per row: titles are often article titles, too long to sit side by side."""
    rows = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "").strip()
        payload = str(button.get("payload") or title)
        if title:
            rows.append([InlineKeyboardButton(title[:200], callback_data=callback_data_for(payload))])
    return InlineKeyboardMarkup(rows)


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


def split_text(text: str, limit: int = MAX_TEXT_LENGTH) -> list[str]:
    """Split at paragraph, line, sentence or word boundaries into parts of at most ``limit``.

    Lengths are counted like Telegram does, in UTF-16 code units (an emoji counts twice).
    """
    parts: list[str] = []
    rest = text.strip()
    while _utf16_length(rest) > limit:
        cut = _best_cut(rest[:_fitting_prefix(rest, limit)])
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


BOUNDARIES = [re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…](?=\s)"), re.compile(r"\s")]


def _best_cut(head: str) -> int:
    """Where to end a part that may be at most ``head``: the strongest boundary in its second half."""
    for minimum in (len(head) // 2, 1):
        for boundary in BOUNDARIES:
            ends = [m.end() for m in boundary.finditer(head) if m.end() >= minimum and head[:m.end()].strip()]
            if ends:
                return ends[-1]
    return len(head)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, limit: int) -> int:
    """The number of characters of ``text`` that fit in ``limit`` UTF-16 code units."""
    units = 0
    for index, character in enumerate(text):
        units += 2 if ord(character) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


async def send_parts(bot: Bot, chat_id: str | int, parts: Iterable[OutgoingPart]) -> None:
    for part in parts:
        await bot.send_message(chat_id=chat_id, text=part.text, reply_markup=part.keyboard)


# --- output channel ----------------------------------------------------------------------------


class TelegramOutput(OutputChannel):
    """Sends each bot message as a whole (text, buttons and custom data rendered together)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await send_parts(self.bot, recipient_id, render(message))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text, "buttons": buttons})

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"custom": json_message})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"image": image})

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"attachment": attachment})


# --- input channel -----------------------------------------------------------------------------


class TelegramInput(InputChannel):
    """``POST /webhooks/telegram/webhook``, configured from the environment (see the module)."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

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

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("telegram_webhook", __name__)

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

    async def handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
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
            data = json.loads(body or b"")
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                return None
            return Update.de_json(data, self.bot)
        except Exception:  # malformed JSON or a structure python-telegram-bot cannot read
            return None

    async def process(self, update: Update, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        output = TelegramOutput(self.bot)
        if update.callback_query is not None:
            await self.process_button(update, update.callback_query, output, on_new_message)
            return
        message = update.message
        if message is None:  # edited messages, membership changes, ...: nothing to answer
            return
        chat_id = str(message.chat.id)
        if message.text is None:
            await output.send_response(chat_id, {"text": NOT_TEXT_REPLY})
            return
        await on_new_message(self.user_message(text_for_rasa(message.text), output, chat_id, update))

    async def process_button(self, update: Update, query: CallbackQuery, output: TelegramOutput,
                             on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        try:
            await self.bot.answer_callback_query(query.id)
        except TelegramError as error:  # only the button's spinner keeps turning a little longer
            logger.warning("answerCallbackQuery mislukt: %s", error)
        chat_id = str(query.message.chat.id if query.message is not None else query.from_user.id)
        payload = payload_from_callback(query)
        if not payload:
            await output.send_response(chat_id, {"text": OLD_BUTTON_REPLY})
            return
        await on_new_message(self.user_message(payload, output, chat_id, update))

    def user_message(self, text: str, output: TelegramOutput, chat_id: str, update: Update) -> UserMessage:
        return UserMessage(text, output, chat_id, input_channel=self.name(),
                           metadata={"telegram_update_id": update.update_id})


def bot_id(token: str) -> str:
    """The bot's numeric id, the part of the token before the colon: update ids count per bot."""
    return token.split(":", 1)[0]


def record_update(extern_id: str) -> None:
    with transaction(default_engine()) as session:
        markeer_verwerkt(session=session, kanaal=TelegramInput.name(), extern_id=extern_id,
                         moment=datetime.now(timezone.utc))


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


# --- outbox delivery ---------------------------------------------------------------------------

T = TypeVar("T")


class TelegramBezorger:
    """Delivers outbox messages (staff replies, escalations) to a Telegram chat (``ontvanger``)."""

    kanaal = "telegram"

    def __init__(self, config: TelegramConfig) -> None:
        self.config = config

    @classmethod
    def uit_omgeving(cls) -> TelegramBezorger | None:
        config = TelegramConfig.from_env()
        return cls(config) if config else None

    def bezorg(self, bericht: Bericht) -> None:
        """Send it as the channel sends any reply; ``BezorgFout`` (definitief for 400/403) if not.

        A long text goes as several messages; when a later one fails, a retry sends the
        earlier ones again (rare, and better than losing the end).
        """
        parts = render(bericht.als_rasa_bericht())
        if not parts:
            return
        try:
            _run(self._send(bericht.ontvanger, parts))
        except (Forbidden, BadRequest, ChatMigrated) as error:  # blocked, chat gone, message refused
            raise BezorgFout(f"Telegram weigert het bericht: {error}", definitief=True) from error
        except TelegramError as error:  # network, time-out, 5xx, 429 (RetryAfter), token refused
            raise BezorgFout(f"Telegram niet bereikt: {type(error).__name__}: {error}") from error

    async def _send(self, chat_id: str, parts: list[OutgoingPart]) -> None:
        async with open_bot(self.config) as bot:
            await send_parts(bot, chat_id, parts)


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from sync code, also when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# --- command line: polling and setting the webhook ---------------------------------------------


class PollStopped(Exception):
    """The local Rasa server refuses the updates (wrong secret, Telegram not configured there)."""


async def poll(config: TelegramConfig, rasa_url: str, *, stop: asyncio.Event | None = None,
               wait_seconds: int = 30, pause: float = 3.0) -> None:
    """Long polling: fetch updates and post each to the local webhook, until ``stop`` is set."""
    stop = stop or asyncio.Event()
    webhook_url = rasa_url.rstrip("/") + WEBHOOK_PATH
    async with open_bot(config) as bot, httpx.AsyncClient(timeout=60) as client:
        await bot.delete_webhook()
        logger.info("Telegram: ophalen met getUpdates; doorsturen naar %s", webhook_url)
        offset: int | None = None
        while not stop.is_set():
            try:
                updates = await bot.get_updates(offset=offset, timeout=wait_seconds, allowed_updates=ALLOWED_UPDATES)
            except TelegramError as error:
                logger.warning("getUpdates mislukt (%s); opnieuw over %s s", error, pause)
                await asyncio.sleep(pause)
                continue
            for update in updates:
                await forward(client, webhook_url, config.secret, update.to_json(), pause=pause)
                offset = update.update_id + 1


async def forward(client: httpx.AsyncClient, webhook_url: str, secret: str, body: str, *, pause: float) -> None:
    """Post one update to the webhook; retried until Rasa takes it, skipped when it is invalid."""
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    while True:
        try:
            answer = await client.post(webhook_url, content=body, headers=headers)
        except httpx.HTTPError as error:
            logger.warning("Rasa niet bereikt op %s (%s); opnieuw over %s s", webhook_url, error, pause)
            await asyncio.sleep(pause)
            continue
        if answer.status_code == 200:
            return
        if answer.status_code == 400:
            logger.warning("Update overgeslagen: %s", answer.text)
            return
        if answer.status_code in (403, 404, 503):
            raise PollStopped(f"{webhook_url} antwoordt {answer.status_code}: {answer.text.strip()} "
                              f"(draait Rasa met het Telegram-kanaal en hetzelfde {ENV_SECRET}?)")
        logger.warning("Rasa antwoordt %s; opnieuw over %s s", answer.status_code, pause)
        await asyncio.sleep(pause)


async def set_webhook(config: TelegramConfig, url: str) -> None:
    async with open_bot(config) as bot:
        await bot.set_webhook(url=url, secret_token=config.secret, allowed_updates=ALLOWED_UPDATES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.kanalen.telegram",
                                     description="Telegram-kanaal van Ingang (zie docs/telegram.md).")
    commands = parser.add_subparsers(dest="command", required=True)
    poll_parser = commands.add_parser("poll", help="updates ophalen (getUpdates) en doorsturen naar de lokale Rasa")
    poll_parser.add_argument("--rasa", default="http://127.0.0.1:5005", help="adres van de Rasa-server")
    webhook_parser = commands.add_parser("webhook-instellen", help="de webhook met het geheim bij Telegram instellen")
    webhook_parser.add_argument("--url", required=True, help=f"https://.../{WEBHOOK_PATH.lstrip('/')}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    config = TelegramConfig.from_env()
    if config is None:
        print(f"Telegram is niet ingesteld: {config_problem()}.", file=sys.stderr)
        return 2
    try:
        if args.command == "poll":
            asyncio.run(poll(config, args.rasa))
            return 0
        if not args.url.startswith("https://"):
            print("Telegram accepteert alleen een https-adres als webhook.", file=sys.stderr)
            return 2
        if not args.url.rstrip("/").endswith(WEBHOOK_PATH):
            print(f"Let op: de webhook van Ingang eindigt op {WEBHOOK_PATH}.", file=sys.stderr)
        asyncio.run(set_webhook(config, args.url))
        print(f"Webhook ingesteld: {args.url}")
        return 0
    except PollStopped as error:
        print(error, file=sys.stderr)
        return 1
    except TelegramError as error:
        print(f"Telegram weigert: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
