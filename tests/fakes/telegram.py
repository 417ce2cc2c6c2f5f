"""A fake Telegram Bot API on loopback (stdlib http.server in a thread).

It serves ``/bot<token>/<method>`` for getMe, sendMessage, answerCallbackQuery, getUpdates,
setWebhook and deleteWebhook, with bodies as JSON or form data (python-telegram-bot sends form
data), and checks what the real API checks for these calls: the token, a non-empty text of at
most 4096 characters, ``callback_data`` of at most 64 bytes. It records every call, can fail
the next calls, and can play a chat that blocked the bot.

    with FakeTelegram() as fake:
        os.environ["INGANG_TELEGRAM_API_URL"] = fake.api_url   # python-telegram-bot's base_url
        fake.fail_next(2, status=502)             # the next 2 calls answer 502
        fake.block(42)                            # sendMessage to chat 42 answers 403
        fake.queue_update({...})                  # returned by the next getUpdates
        fake.sent_messages(chat_id=42)            # the sendMessage calls, parameters parsed
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.loopback import LoopbackFake, LoopbackServer

METHODS = {"getMe", "sendMessage", "sendChatAction", "answerCallbackQuery", "getUpdates", "setWebhook", "deleteWebhook"}
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
                "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}
JSON_PARAMETERS = {"reply_markup", "allowed_updates", "chat_id", "offset", "timeout", "limit"}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    status: int


@dataclass
class _Failure:
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    failures: list[_Failure] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    updates: list[dict[str, Any]] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    next_message_id: int = 1


class FakeTelegram(LoopbackFake):
    def __init__(self, token: str = "123456:TEST-token") -> None:
        self.token = token
        self._state = _State()
        self._changed = threading.Condition()
        self._http = LoopbackServer(lambda request, _methode: self._handle(request), naam="fake-telegram")

    @property
    def api_url(self) -> str:
        """The ``base_url`` for python-telegram-bot (the token is appended to it)."""
        return f"{self._http.adres}/bot"

    # -- steering --

    def fail_next(self, count: int = 1, *, status: int = 500, description: str = "Internal Server Error",
                  retry_after: int | None = None) -> None:
        """The next ``count`` calls (any method) answer ``status`` and change nothing."""
        with self._changed:
            self._state.failures += [_Failure(status, description, retry_after) for _ in range(count)]

    def block(self, chat_id: int | str) -> None:
        """sendMessage to this chat answers 403, as when the user blocked the bot."""
        with self._changed:
            self._state.blocked.add(str(chat_id))

    def queue_update(self, update: dict[str, Any]) -> None:
        with self._changed:
            self._state.updates.append(update)
            self._changed.notify_all()

    # -- reading --

    @property
    def calls(self) -> list[Call]:
        with self._changed:
            return list(self._state.calls)

    @property
    def webhook(self) -> dict[str, Any]:
        with self._changed:
            return dict(self._state.webhook)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """The parameters of the successful sendMessage calls (to ``chat_id``), oldest first."""
        return [
            call.params for call in self.calls_to("sendMessage")
            if call.status == 200 and (chat_id is None or str(call.params.get("chat_id")) == str(chat_id))
        ]

    # -- serving --

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = urlsplit(request.path).path
        prefix = f"/bot{self.token}/"
        if not path.startswith("/bot"):
            self._answer(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        if not path.startswith(prefix):
            self._answer(request, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        method = path[len(prefix):]
        params = self._params(request)
        status, body = self._dispatch(method, params)
        with self._changed:
            self._state.calls.append(Call(method, params, status))
            self._changed.notify_all()
        self._answer(request, status, body)

    @staticmethod
    def _params(request: BaseHTTPRequestHandler) -> dict[str, Any]:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length).decode("utf-8") if length else ""
        query = dict(parse_qsl(urlsplit(request.path).query))
        if not raw:
            return query
        if (request.headers.get("Content-Type") or "").startswith("application/json"):
            return {**query, **json.loads(raw)}
        params: dict[str, Any] = dict(query)
        for key, value in parse_qsl(raw, keep_blank_values=True):
            if key in JSON_PARAMETERS:
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            params[key] = value
        return params

    def _dispatch(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._changed:
            if self._state.failures:
                failure = self._state.failures.pop(0)
                body: dict[str, Any] = {"ok": False, "error_code": failure.status, "description": failure.description}
                if failure.retry_after is not None:
                    body["parameters"] = {"retry_after": failure.retry_after}
                return failure.status, body
        if method not in METHODS:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return getattr(self, f"_{method}")(params)

    def _getMe(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: N802
        return _ok({"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Ingang",
                    "username": "ingang_test_bot"})

    def _sendMessage(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: N802
        chat_id, text = params.get("chat_id"), params.get("text")
        if chat_id in (None, ""):
            return _bad_request("Bad Request: chat_id is empty")
        if not isinstance(text, str) or not text.strip():
            return _bad_request("Bad Request: message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            return _bad_request("Bad Request: message is too long")
        if "parse_mode" in params:
            return _bad_request("Bad Request: this fake expects plain text only")
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                if len(str(button.get("callback_data", "")).encode("utf-8")) > 64:
                    return _bad_request("Bad Request: BUTTON_DATA_INVALID")
        with self._changed:
            if str(chat_id) in self._state.blocked:
                return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            message_id = self._state.next_message_id
            self._state.next_message_id += 1
        message: dict[str, Any] = {"message_id": message_id, "date": int(time.time()), "text": text,
                                   "chat": {"id": int(chat_id), "type": "private"},
                                   "from": {"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Ingang"}}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return _ok(message)

    def _sendChatAction(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: N802
        if params.get("chat_id") in (None, ""):
            return _bad_request("Bad Request: chat_id is empty")
        if params.get("action") not in CHAT_ACTIONS:
            return _bad_request("Bad Request: wrong parameter action in request")
        with self._changed:
            if str(params["chat_id"]) in self._state.blocked:
                return 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
        return _ok(True)

    def _answerCallbackQuery(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: N802
        if not params.get("callback_query_id"):
            return _bad_request("Bad Request: query id is empty")
        return _ok(True)

    def _getUpdates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: N802
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), 2.0)  # long polling, kept short for tests
        end = time.monotonic() + wait
        with self._changed:
            if self._state.webhook.get("url"):
                return 409, {"ok": False, "error_code": 409,
                             "description": "Conflict: can't use getUpdates method while webhook is active"}
            while True:
                self._state.updates = [u for u in self._state.updates if u["update_id"] >= offset]
                if self._state.updates or time.monotonic() >= end:
                    return _ok(list(self._state.updates))
                self._changed.wait(max(0.0, end - time.monotonic()))

    def _setWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: N802
        if not str(params.get("url", "")).startswith("https://"):
            return _bad_request("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        with self._changed:
            self._state.webhook = dict(params)
        return _ok(True)

    def _deleteWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:  # noqa: N802
        with self._changed:
            self._state.webhook = {}
        return _ok(True)

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)


def _ok(result: Any) -> tuple[int, dict[str, Any]]:
    return 200, {"ok": True, "result": result}


def _bad_request(description: str) -> tuple[int, dict[str, Any]]:
    return 400, {"ok": False, "error_code": 400, "description": description}


def text_update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    """An update with a private text message, as Telegram sends it."""
    return {"update_id": update_id, "message": _message(update_id, chat_id, text=text)}


def update_with(update_id: int, chat_id: int, **fields: Any) -> dict[str, Any]:
    """An update with a private message carrying other fields (photo, voice, sticker, ...)."""
    return {"update_id": update_id, "message": _message(update_id, chat_id, **fields)}


def button_update(update_id: int, chat_id: int, data: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
    """An update for a press on an inline button with ``data``, on ``message`` (the bot's message)."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": _user(chat_id),
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": message or {"message_id": 1, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                                   "text": "..."},
        },
    }


def _message(message_id: int, chat_id: int, **fields: Any) -> dict[str, Any]:
    return {"message_id": message_id, "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
            "from": _user(chat_id), **fields}


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Sanne", "language_code": "nl"}
