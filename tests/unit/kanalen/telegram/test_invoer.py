"""The Telegram webhook (bot/kanalen/telegram/invoer.py) in a real Sanic server with a stand-in
agent, against the fake Bot API in tests/fakes/telegram.py."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.kanalen.lengte import INGEKORT
from bot.kanalen.telegram.invoer import (
    GREET_INTENT,
    NOT_TEXT_TEMPLATE,
    OLD_BUTTON_TEMPLATE,
    TelegramInput,
    secret_ok,
    text_for_rasa,
)
from bot.kanalen.telegram.opmaak import callback_data_for, render
from bot.kern.identiteit import gesprek_id
from bot.kern.invoer import MAX_TEKENS
from bot.kern.teksten import tekst
from tests.fakes.telegram import button_update, text_update, update_with
from tests.unit.kanalen.telegram.hulp import CHAT, LONG_PAYLOAD, SECRET, RecordingAgent, post, server_with

NOT_TEXT_REPLY = tekst(NOT_TEXT_TEMPLATE)
OLD_BUTTON_REPLY = tekst(OLD_BUTTON_TEMPLATE)


def test_the_secret_must_match_exactly():
    assert secret_ok(SECRET, SECRET)
    assert not secret_ok(None, SECRET) and not secret_ok("", SECRET) and not secret_ok(SECRET + "x", SECRET)
    assert not secret_ok("ünïcode", SECRET)


def test_start_greets_and_other_text_goes_as_typed():
    assert text_for_rasa("/start") == GREET_INTENT
    assert text_for_rasa("/start@ingang_bot") == GREET_INTENT
    assert text_for_rasa("/start campagne-2026") == GREET_INTENT
    assert text_for_rasa("/starten met een terras") == "/starten met een terras"
    assert text_for_rasa("Mag ik een terras?") == "Mag ik een terras?"


# --- the webhook in a real Sanic server --------------------------------------------------------


async def test_text_goes_to_rasa_and_the_answer_to_telegram(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        answer = await post(url, text_update(1, CHAT, "Mag ik een terras?"))
    assert answer.status_code == 200
    [message] = agent.messages
    assert (message.text, message.sender_id, message.input_channel) == ("Mag ik een terras?", gesprek_id("telegram", str(CHAT)), "telegram")
    [sent] = fake.sent_messages(CHAT)
    assert sent["text"] == "U zei: Mag ik een terras?" and "parse_mode" not in sent
    assert sent["reply_markup"] == {"inline_keyboard": [[{"text": "Ja", "callback_data": "/affirm"}]]}


@pytest.mark.parametrize("secret", [None, "", "fout-geheim", SECRET[:-1]])
async def test_a_missing_or_wrong_secret_is_refused_and_nothing_happens(fake, config, secret):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        answer = await post(url, text_update(1, CHAT, "hallo"), secret=secret)
    assert answer.status_code == 403
    assert agent.messages == [] and fake.calls == []


@pytest.mark.parametrize("body", ["{niet json", "[1, 2]", '"tekst"', '{"message": {}}', b"\xff\xfe", ""])
async def test_malformed_updates_get_400(app_database, fake, config, body):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        answer = await post(url, body)
        assert answer.status_code == 400
        assert (await post(url, text_update(2, CHAT, "hallo"))).status_code == 200  # still running
    assert [m.text for m in agent.messages] == ["hallo"]


async def test_without_configuration_the_webhook_answers_503(fake, caplog, monkeypatch):
    monkeypatch.delenv("INGANG_TELEGRAM_TOKEN", raising=False)
    agent = RecordingAgent()
    channel = TelegramInput.from_credentials(None)
    assert "Telegram-kanaal staat uit" in caplog.text
    async with server_with(channel, agent) as url:
        answer = await post(url, text_update(1, CHAT, "hallo"))
        async with httpx.AsyncClient() as client:
            health = await client.get(f"{url}/webhooks/telegram/")
    assert answer.status_code == 503 and "INGANG_TELEGRAM_TOKEN" in answer.text
    assert health.status_code == 200 and agent.messages == []


async def test_start_greets(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        await post(url, text_update(1, CHAT, "/start"))
    assert [m.text for m in agent.messages] == ["/greet"]


@pytest.mark.parametrize("fields", [
    {"photo": [{"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 90}], "caption": "kijk"},
    {"voice": {"file_id": "f2", "file_unique_id": "u2", "duration": 3}},
    {"sticker": {"file_id": "f3", "file_unique_id": "u3", "type": "regular", "width": 512, "height": 512,
                 "is_animated": False, "is_video": False}},
    {"location": {"latitude": 52.1, "longitude": 5.1}},
    {"document": {"file_id": "f4", "file_unique_id": "u4", "file_name": "plan.pdf"}},
])
async def test_non_text_gets_a_friendly_reply_and_is_not_sent_to_rasa(app_database, fake, config, fields):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        answer = await post(url, update_with(1, CHAT, **fields))
    assert answer.status_code == 200 and agent.messages == []
    assert [m["text"] for m in fake.sent_messages(CHAT)] == [NOT_TEXT_REPLY]


async def test_a_button_press_is_answered_and_its_payload_sent(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        await post(url, button_update(7, CHAT, "/affirm"))
    [answered] = fake.calls_to("answerCallbackQuery")
    assert answered.params["callback_query_id"] == "cb7"
    assert [(m.text, m.sender_id) for m in agent.messages] == [("/affirm", gesprek_id("telegram", str(CHAT)))]


async def test_a_hashed_button_sends_its_title_and_an_unknown_one_asks_to_type(app_database, fake, config):
    [part] = render({"text": "Kies", "buttons": [{"title": "Hoe vraag ik het aan?", "payload": LONG_PAYLOAD}]})
    pressed = {"message_id": 5, "date": 1764590000, "chat": {"id": CHAT, "type": "private"}, "text": "Kies",
               "reply_markup": part.keyboard.to_dict()}
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        await post(url, button_update(8, CHAT, callback_data_for(LONG_PAYLOAD), message=pressed))
        await post(url, button_update(9, CHAT, "#" + "0" * 20, message=pressed))
    assert [m.text for m in agent.messages] == ["Hoe vraag ik het aan?"]
    assert fake.sent_messages(CHAT)[-1]["text"] == OLD_BUTTON_REPLY
    assert len(fake.calls_to("answerCallbackQuery")) == 2


async def test_when_telegram_fails_the_update_is_still_acknowledged(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        fake.fail_next(1, status=500)
        answer = await post(url, text_update(1, CHAT, "hallo"))
    assert answer.status_code == 200 and len(agent.messages) == 1  # logged; Telegram must not resend it


async def test_a_redelivered_update_is_answered_once(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        first = await post(url, text_update(31, CHAT, "Mag ik een terras?"))
        again = await post(url, text_update(31, CHAT, "Mag ik een terras?"))
        other = await post(url, text_update(32, CHAT, "Mag ik een terras?"))
    assert (first.status_code, again.status_code, other.status_code) == (200, 200, 200)
    assert len(agent.messages) == 2 and len(fake.sent_messages(CHAT)) == 2


async def test_many_conversations_at_once_are_all_answered(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        answers = await asyncio.gather(*(post(url, text_update(100 + i, CHAT + i, "hallo")) for i in range(12)))
    assert [a.status_code for a in answers] == [200] * 12
    assert len(fake.sent_messages()) == 12


async def test_other_updates_are_ignored(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        answer = await post(url, {"update_id": 3, "edited_message": text_update(3, CHAT, "x")["message"]})
    assert answer.status_code == 200 and agent.messages == [] and fake.calls == []


async def test_a_long_message_is_cut_before_rasa_reads_it(app_database, fake, config):
    """Issue 13, attack 3: every channel cuts a message at MAX_TEKENS first and marks it shortened."""
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        await post(url, text_update(7, CHAT, "Mag ik een terras? " * 200))
    [message] = agent.messages
    assert len(message.text) <= MAX_TEKENS and message.text.startswith("Mag ik een terras?")
    assert message.metadata.get(INGEKORT) is True
