"""The Telegram channel (bot/kanalen/telegram.py): rendering and splitting, the webhook in a
real Sanic server with a stand-in agent, the outbox deliverer, and the polling/webhook commands,
all against the fake Bot API in tests/fakes/telegram.py."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic
from sqlalchemy import select

from bot.kanalen import telegram
from bot.kanalen.telegram import (
    GREET_INTENT,
    NOT_TEXT_REPLY,
    OLD_BUTTON_REPLY,
    SECRET_HEADER,
    TelegramBezorger,
    TelegramConfig,
    TelegramInput,
    callback_data_for,
    config_problem,
    render,
    secret_ok,
    split_text,
    text_for_rasa,
)
from bot.kern.db import engine_for, transaction
from bot.uitgaand.bezorgen import bezorg_wachtende
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import EERSTE_PAUZE, Bericht, BezorgFout, plaats_bericht
from tests.fakes.telegram import FakeTelegram, button_update, text_update, update_with

SECRET = "test-geheim_123"
CHAT = 4242
NU = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
LONG_PAYLOAD = '/ask_how_to_apply{"onderwerp": "een-heel-lang-onderwerp-id-voor-de-test"}'


@pytest.fixture
def fake() -> FakeTelegram:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def config(fake: FakeTelegram) -> TelegramConfig:
    return TelegramConfig(token=fake.token, secret=SECRET, api_url=fake.api_url)


@pytest.fixture
def app_database(database_url, engine, monkeypatch):
    """The database the channel records update ids in (via INGANG_DATABASE_URL), as in Rasa."""
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    yield engine
    engine_for(database_url).dispose()


def keyboard(part) -> list[tuple[str, str]]:
    return [(b.text, b.callback_data) for row in part.keyboard.inline_keyboard for b in row]


# --- rendering ---------------------------------------------------------------------------------


def test_text_and_buttons_become_one_message_with_an_inline_keyboard():
    [part] = render({"text": "Heeft dit uw vraag beantwoord?",
                     "buttons": [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]})
    assert part.text == "Heeft dit uw vraag beantwoord?"
    assert keyboard(part) == [("Ja", "/affirm"), ("Nee", "/deny")]


def test_html_is_sent_as_plain_text():
    [part] = render({"text": "<b>Let op</b> & <a href='x'>hier</a>"})
    assert part.text == "<b>Let op</b> & <a href='x'>hier</a>" and part.keyboard is None


def test_a_kennisbank_answer_gets_its_link_once():
    kennisbank = {"id": "terras", "titel": "Terras", "url": "https://voorbeeldstad.nl/terras"}
    [part] = render({"text": "U heeft een vergunning nodig.", "custom": {"kennisbank": kennisbank}})
    assert part.text == "U heeft een vergunning nodig.\n\nLees meer: https://voorbeeldstad.nl/terras"
    [part] = render({"text": "Zie https://voorbeeldstad.nl/terras", "custom": {"kennisbank": kennisbank}})
    assert part.text.count("https://voorbeeldstad.nl/terras") == 1


def test_choices_without_buttons_become_buttons():
    keuzes = [{"id": "terras", "titel": "Terras"}, {"id": "reclame", "titel": "Reclamebord"}]
    [part] = render({"text": "Bedoelt u een van deze?", "custom": {"keuzes": keuzes}})
    assert keyboard(part) == [("Terras", '/ask_question{"onderwerp": "terras"}'),
                              ("Reclamebord", '/ask_question{"onderwerp": "reclame"}')]
    [part] = render({"text": "Kies", "buttons": [{"title": "A", "payload": "/a"}], "custom": {"keuzes": keuzes}})
    assert keyboard(part) == [("A", "/a")]  # the message's own buttons win


def test_a_staff_message_starts_with_name_and_function():
    [part] = render({"text": "Ik bel u morgen.", "custom": {"medewerker": {"naam": "Mehmet Yılmaz",
                                                                           "functie": "accountmanager horeca"}}})
    assert part.text == "Mehmet Yılmaz (accountmanager horeca): Ik bel u morgen."


def test_messages_without_anything_to_show_are_not_sent():
    assert render({"custom": {"vraag": {"stap": "wat"}}}) == []
    assert render({"text": "  "}) == []
    [part] = render({"buttons": [{"title": "Ja", "payload": "/affirm"}]})
    assert part.text and keyboard(part) == [("Ja", "/affirm")]


def test_long_payloads_fit_in_64_bytes_and_map_back_to_the_title():
    compact = callback_data_for('/ask_costs{"onderwerp": "alcohol-ontheffing-evenementen-extra-x"}')
    assert compact == '/ask_costs{"onderwerp":"alcohol-ontheffing-evenementen-extra-x"}'
    hashed = callback_data_for(LONG_PAYLOAD)
    assert re.fullmatch(r"#[0-9a-f]{20}", hashed) and hashed == callback_data_for(LONG_PAYLOAD)
    [part] = render({"text": "Kies", "buttons": [{"title": "Hoe vraag ik het aan?", "payload": LONG_PAYLOAD}]})
    assert keyboard(part) == [("Hoe vraag ik het aan?", hashed)]
    query = telegram.Update.de_json(button_update(1, CHAT, hashed, message={
        "message_id": 5, "date": 1764590000, "chat": {"id": CHAT, "type": "private"}, "text": "Kies",
        "reply_markup": part.keyboard.to_dict()}), None).callback_query
    assert telegram.payload_from_callback(query) == "Hoe vraag ik het aan?"


def test_a_long_text_is_split_on_paragraphs_then_sentences():
    paragraphs = [f"Alinea {i}. " + "Dit is een zin over het terras. " * 40 for i in range(12)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert all(p.endswith(".") for p in parts)  # never in the middle of a sentence
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())  # nothing lost

    one_paragraph = "Dit is een zin over de kosten van een vergunning. " * 200
    parts = split_text(one_paragraph)
    assert len(parts) == 3 and all(len(p) <= 4096 and p.endswith(".") for p in parts)


def test_splitting_counts_like_telegram_and_cuts_words_only_when_it_must():
    emoji = "🙂" * 3000  # 6000 UTF-16 code units
    parts = split_text(emoji)
    assert "".join(parts) == emoji and all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    parts = split_text("x" * 5000)
    assert [len(p) for p in parts] == [4096, 904]
    parts = split_text("woord " * 1000)
    assert all(p.endswith("woord") for p in parts)
    [part, *rest] = render({"text": "zin. " * 2000, "buttons": [{"title": "Ja", "payload": "/affirm"}]})
    assert part.keyboard is None and rest[-1].keyboard is not None


# --- small rules -------------------------------------------------------------------------------


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


def test_configuration_comes_from_the_environment_only():
    assert TelegramConfig.from_env({}) is None and "INGANG_TELEGRAM_TOKEN" in config_problem({})
    assert TelegramConfig.from_env({"INGANG_TELEGRAM_TOKEN": "1:a", "INGANG_TELEGRAM_SECRET": "met spatie"}) is None
    config = TelegramConfig.from_env({"INGANG_TELEGRAM_TOKEN": "1:a", "INGANG_TELEGRAM_SECRET": "ok_1-2"})
    assert config == TelegramConfig("1:a", "ok_1-2", "https://api.telegram.org/bot")


# --- the webhook in a real Sanic server --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RecordingAgent:
    """Stands in for Rasa's agent: records each message and answers with text and a button."""

    def __init__(self) -> None:
        self.messages: list[UserMessage] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        await message.output_channel.send_response(
            message.sender_id, {"text": f"U zei: {message.text}", "buttons": [{"title": "Ja", "payload": "/affirm"}]})


@pytest.fixture(autouse=True)
def sanic_test_mode(monkeypatch):
    """Several Sanic apps in one process (see tests/unit/test_uitgaand.py)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


@asynccontextmanager
async def server_with(channel: TelegramInput, agent: RecordingAgent) -> AsyncIterator[str]:
    """Needs the ``app_database`` fixture (every webhook test uses it through ``webhook``)."""
    app = Sanic(f"test_{uuid.uuid4().hex}")
    app.ctx.agent = agent
    register([channel], app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()


async def post(url: str, body, secret: str | None = SECRET) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    content = body if isinstance(body, (str, bytes)) else json.dumps(body)
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(f"{url}/webhooks/telegram/webhook", content=content, headers=headers)


async def test_text_goes_to_rasa_and_the_answer_to_telegram(app_database, fake, config):
    agent = RecordingAgent()
    async with server_with(TelegramInput(config), agent) as url:
        answer = await post(url, text_update(1, CHAT, "Mag ik een terras?"))
    assert answer.status_code == 200
    [message] = agent.messages
    assert (message.text, message.sender_id, message.input_channel) == ("Mag ik een terras?", str(CHAT), "telegram")
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
    assert [(m.text, m.sender_id) for m in agent.messages] == [("/affirm", str(CHAT))]


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


# --- the outbox deliverer ----------------------------------------------------------------------


def bericht(tekst: str = "Uw zaak is opgepakt.", **extra) -> Bericht:
    return Bericht(id=1, kanaal="telegram", ontvanger=str(CHAT), tekst=tekst, knoppen=extra.pop("knoppen", []),
                   custom=extra.pop("custom", None), soort="test", aangemaakt_op=NU)


def test_the_deliverer_sends_like_the_channel(fake, config):
    TelegramBezorger(config).bezorg(bericht(
        "Ik heb uw vraag bekeken.", knoppen=[{"title": "Bel mij", "payload": "/request_human"}],
        custom={"medewerker": {"naam": "Sanne Bakker", "functie": "vergunningverlener"}}))
    [sent] = fake.sent_messages(CHAT)
    assert sent["text"] == "Sanne Bakker (vergunningverlener): Ik heb uw vraag bekeken."
    assert sent["reply_markup"]["inline_keyboard"] == [[{"text": "Bel mij", "callback_data": "/request_human"}]]


@pytest.mark.parametrize("status", [400, 403])
def test_a_refused_message_fails_for_good(fake, config, status):
    fake.fail_next(1, status=status, description="Forbidden: bot was blocked by the user")
    with pytest.raises(BezorgFout) as fout:
        TelegramBezorger(config).bezorg(bericht())
    assert fout.value.definitief


def test_a_blocked_chat_fails_for_good(fake, config):
    fake.block(CHAT)
    with pytest.raises(BezorgFout) as fout:
        TelegramBezorger(config).bezorg(bericht())
    assert fout.value.definitief


@pytest.mark.parametrize("status,retry_after", [(500, None), (502, None), (429, 5)])
def test_server_errors_and_flood_control_are_retried(fake, config, status, retry_after):
    fake.fail_next(1, status=status, description="Too Many Requests" if retry_after else "Bad Gateway",
                   retry_after=retry_after)
    with pytest.raises(BezorgFout) as fout:
        TelegramBezorger(config).bezorg(bericht())
    assert not fout.value.definitief
    TelegramBezorger(config).bezorg(bericht())
    assert len(fake.sent_messages(CHAT)) == 1


def test_an_unreachable_api_is_retried():
    config = TelegramConfig(token="1:x", secret=SECRET, api_url=f"http://127.0.0.1:{free_port()}/bot")
    with pytest.raises(BezorgFout) as fout:
        TelegramBezorger(config).bezorg(bericht())
    assert not fout.value.definitief


async def test_the_deliverer_also_works_inside_an_event_loop(fake, config):
    TelegramBezorger(config).bezorg(bericht())
    assert len(fake.sent_messages(CHAT)) == 1


def test_the_deliverer_comes_from_the_environment(monkeypatch, fake):
    monkeypatch.delenv("INGANG_TELEGRAM_TOKEN", raising=False)
    assert TelegramBezorger.uit_omgeving() is None
    monkeypatch.setenv("INGANG_TELEGRAM_TOKEN", fake.token)
    monkeypatch.setenv("INGANG_TELEGRAM_SECRET", SECRET)
    monkeypatch.setenv("INGANG_TELEGRAM_API_URL", fake.api_url)
    bezorger = TelegramBezorger.uit_omgeving()
    assert bezorger is not None and bezorger.kanaal == "telegram" and bezorger.config.api_url == fake.api_url


def test_through_the_outbox_a_failed_message_is_retried_and_delivered(fake, config, engine):
    with transaction(engine) as session:
        plaats_bericht(session=session, sleutel="escalatie-1", kanaal="telegram", ontvanger=str(CHAT),
                       tekst="Uw vraag duurt langer dan beloofd. Een teamleider kijkt mee.", soort="escalatie", moment=NU)
    bezorgers = {"telegram": TelegramBezorger(config)}

    fake.fail_next(1, status=502, description="Bad Gateway")
    assert bezorg_wachtende(engine=engine, bezorgers=bezorgers, nu=NU, werker="w1") == {"afgeleverd": 0, "mislukt": 1}
    assert bezorg_wachtende(engine=engine, bezorgers=bezorgers, nu=NU, werker="w1") == {"afgeleverd": 0, "mislukt": 0}
    later = NU + EERSTE_PAUZE + timedelta(seconds=1)
    assert bezorg_wachtende(engine=engine, bezorgers=bezorgers, nu=later, werker="w1") == {"afgeleverd": 1, "mislukt": 0}

    [sent] = fake.sent_messages(CHAT)
    assert sent["text"].startswith("Uw vraag duurt langer")
    with transaction(engine) as session:
        rij = session.execute(select(UitgaandBericht)).scalar_one()
        assert (rij.status, rij.pogingen) == ("afgeleverd", 2)


# --- polling and setting the webhook -----------------------------------------------------------


async def test_polling_forwards_updates_to_the_webhook_with_the_secret(app_database, fake, config):
    agent = RecordingAgent()
    fake.queue_update(text_update(11, CHAT, "Mag ik een terras?"))
    fake.queue_update(button_update(12, CHAT, "/affirm"))
    async with server_with(TelegramInput(config), agent) as url:
        stop = asyncio.Event()
        task = asyncio.create_task(telegram.poll(config, url, stop=stop, wait_seconds=1, pause=0.1))
        for _ in range(100):
            if len(agent.messages) == 2:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, timeout=10)
    assert [m.text for m in agent.messages] == ["Mag ik een terras?", "/affirm"]
    assert fake.calls_to("deleteWebhook")
    offsets = [c.params.get("offset") for c in fake.calls_to("getUpdates")]
    assert 13 in offsets  # both updates confirmed to Telegram


async def test_polling_stops_when_the_server_refuses_the_secret(app_database, fake, config):
    fake.queue_update(text_update(21, CHAT, "hallo"))
    other = TelegramConfig(config.token, "ander-geheim", config.api_url)
    async with server_with(TelegramInput(other), RecordingAgent()) as url:
        with pytest.raises(telegram.PollStopped, match="403"):
            await asyncio.wait_for(telegram.poll(config, url, wait_seconds=1, pause=0.1), timeout=10)


def test_webhook_instellen_registers_the_url_with_the_secret(fake, monkeypatch, capsys):
    monkeypatch.setenv("INGANG_TELEGRAM_TOKEN", fake.token)
    monkeypatch.setenv("INGANG_TELEGRAM_SECRET", SECRET)
    monkeypatch.setenv("INGANG_TELEGRAM_API_URL", fake.api_url)
    url = "https://ingang.voorbeeldstad.nl/webhooks/telegram/webhook"
    assert telegram.main(["webhook-instellen", "--url", url]) == 0
    assert fake.webhook["url"] == url and fake.webhook["secret_token"] == SECRET
    assert fake.webhook["allowed_updates"] == ["message", "callback_query"]
    assert telegram.main(["webhook-instellen", "--url", "http://onveilig.example"]) == 2


def test_the_commands_need_the_configuration(monkeypatch, capsys):
    monkeypatch.delenv("INGANG_TELEGRAM_TOKEN", raising=False)
    assert telegram.main(["poll"]) == 2
    assert "INGANG_TELEGRAM_TOKEN" in capsys.readouterr().err
