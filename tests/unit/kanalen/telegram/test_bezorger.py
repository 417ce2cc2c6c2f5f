"""Telegram's outbox deliverer (bot/kanalen/telegram/bezorger.py) against the fake Bot API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.kanalen.telegram.bezorger import TelegramBezorger
from bot.kanalen.telegram.config import TelegramConfig
from bot.kern.db import transaction
from bot.kern.identiteit import gesprek_id
from bot.uitgaand.jobs import bezorg_wachtende
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import EERSTE_PAUZE, Bericht, BezorgFout, plaats_bericht
from tests.assistent import vrije_poort
from tests.unit.kanalen.telegram.hulp import CHAT, NU, SECRET


def bericht(tekst: str = "Uw zaak is opgepakt.", **extra) -> Bericht:
    return Bericht(id=1, kanaal="telegram", ontvanger=gesprek_id("telegram", str(CHAT)), tekst=tekst, knoppen=extra.pop("knoppen", []),
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
    config = TelegramConfig(token="1:x", secret=SECRET, api_url=f"http://127.0.0.1:{vrije_poort()}/bot")
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
        plaats_bericht(session=session, sleutel="escalatie-1", kanaal="telegram", ontvanger=gesprek_id("telegram", str(CHAT)),
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


@pytest.mark.parametrize("status,definitief", [(401, False), (404, True), (408, False), (409, False)])
def test_whether_a_failure_is_final_follows_the_shared_http_rule(fake, config, status, definitief):
    """4xx is final except 408, 409 and 429, as for every outside API (is_definitieve_http_fout)."""
    fake.fail_next(1, status=status, description="Fout (fake)")
    with pytest.raises(BezorgFout) as fout:
        TelegramBezorger(config).bezorg(bericht())
    assert fout.value.definitief is definitief


def test_typing_is_shown_with_send_chat_action(fake, config):
    assert TelegramBezorger(config).meld_typen(gesprek_id("telegram", str(CHAT)))
    [oproep] = fake.calls_to("sendChatAction")
    assert str(oproep.params["chat_id"]) == str(CHAT) and oproep.params["action"] == "typing"
    assert fake.sent_messages(CHAT) == []


def test_typing_in_a_blocked_or_foreign_chat_is_dropped_quietly(fake, config):
    fake.block(CHAT)
    assert not TelegramBezorger(config).meld_typen(gesprek_id("telegram", str(CHAT)))
    assert not TelegramBezorger(config).meld_typen(gesprek_id("whatsapp", "31612345678"))
    assert len(fake.calls_to("sendChatAction")) == 1, "a foreign conversation never reaches Telegram"
