"""The Telegram channel in the real assistant: updates posted to the webhook as Telegram would,
answers read from the fake Bot API (tests/fakes/telegram.py)."""

from __future__ import annotations

import itertools

import pytest
import requests

from tests.assistent import TELEGRAM_GEHEIM, Assistent
from tests.fakes.telegram import FakeTelegram, button_update, text_update, update_with

pytestmark = pytest.mark.e2e

SECRET = TELEGRAM_GEHEIM
QUESTION = "mag ik tafeltjes op de stoep zetten?"
update_ids = itertools.count(1000)
chat_ids = itertools.count(7001)


@pytest.fixture
def fake(telegram_fake) -> FakeTelegram:
    """The fake Bot API of the suite's shared assistant (tests/conftest.py), which has the Telegram channel."""
    return telegram_fake


def send(assistent: Assistent, update: dict, secret: str | None = SECRET) -> requests.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return requests.post(f"{assistent.url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=30)


def buttons(message: dict) -> list[dict]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def test_a_question_is_answered_with_the_kennisbank_text_and_an_inline_keyboard(assistent, fake):
    chat = next(chat_ids)
    assert send(assistent, text_update(next(update_ids), chat, QUESTION)).status_code == 200

    rest = assistent.praat(QUESTION)  # over REST the text and the custom data may be two items
    [url] = [b["custom"]["kennisbank"]["url"] for b in rest if "kennisbank" in (b.get("custom") or {})]
    [card] = [b for b in rest if url in (b.get("text") or "")]
    sent = fake.sent_messages(chat)
    [answer] = [m for m in sent if url in m["text"]]
    assert answer["text"] == card["text"]
    assert [b["text"] for b in buttons(answer)] == [b["title"] for b in card["buttons"]]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(answer))
    assert all("parse_mode" not in m for m in sent)


@pytest.mark.parametrize("secret", [None, "fout-geheim"])
def test_a_missing_or_wrong_secret_gets_403_and_no_reply(assistent, fake, secret):
    chat = next(chat_ids)
    answer = send(assistent, text_update(next(update_ids), chat, QUESTION), secret=secret)
    assert answer.status_code == 403
    assert fake.sent_messages(chat) == []


def test_a_button_press_is_answered(assistent, fake):
    chat = next(chat_ids)
    send(assistent, text_update(next(update_ids), chat, QUESTION))
    [card] = [m for m in fake.sent_messages(chat) if buttons(m) and "Meer informatie" in m["text"]]
    [costs] = [b for b in buttons(card) if b["text"] == "Kosten"]
    before = len(fake.sent_messages(chat))

    update = button_update(next(update_ids), chat, costs["callback_data"], message={
        "message_id": 1, "date": 1764590000, "chat": {"id": chat, "type": "private"}, "text": card["text"],
        "reply_markup": card["reply_markup"]})
    assert send(assistent, update).status_code == 200

    assert update["callback_query"]["id"] in [c.params["callback_query_id"] for c in fake.calls_to("answerCallbackQuery")]
    replies = fake.sent_messages(chat)[before:]
    assert replies and any("kost" in m["text"].lower() for m in replies)


def test_start_greets(assistent, fake):
    chat = next(chat_ids)
    assert send(assistent, text_update(next(update_ids), chat, "/start")).status_code == 200
    assert fake.sent_messages(chat)[0]["text"].startswith("Goedendag!")


def test_a_photo_gets_a_request_to_type(assistent, fake):
    chat = next(chat_ids)
    photo = [{"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 90}]
    assert send(assistent, update_with(next(update_ids), chat, photo=photo)).status_code == 200
    [reply] = fake.sent_messages(chat)
    assert "typen" in reply["text"]
