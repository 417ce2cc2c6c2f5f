"""Typing markers of a live chat (bot/overname/typen.py): shared through the takeover row, throttled,
expiring, and only for the conversation's own entrepreneur or the medewerker holding the takeover."""

from __future__ import annotations

from datetime import timedelta

from bot.kern.db import transaction
from bot.overname.models import Overname
from bot.overname.service import beeindig_overname, start_overname, stuur_medewerkerbericht
from bot.overname.typen import (
    HOOGSTENS_ELKE,
    ZICHTBAAR,
    Kant,
    medewerker_typt,
    ondernemer_typt,
    ondernemer_verstuurde,
    typende_medewerkers,
    typt,
)
from bot.zaken.models import Zaak
from tests.unit.overname.hulp import GESPREK, NU, medewerker


def neem_over(engine, rasa, zaak_id: int) -> int:
    with transaction(engine) as session:
        return start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                              medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU).id


def ondernemer(engine, nu, gesprek_id: str = GESPREK) -> bool:
    with transaction(engine) as session:
        return ondernemer_typt(session=session, kanaal="webchat", gesprek_id=gesprek_id, nu=nu)


def mw(engine, overname_id: int, sleutel: str, nu) -> bool:
    with transaction(engine) as session:
        return medewerker_typt(session=session, overname_id=overname_id,
                               medewerker_id=medewerker(session, sleutel).id, nu=nu)


def zichtbaar(engine, overname_id: int, kant: Kant, nu) -> bool:
    with transaction(engine) as session:
        return typt(session.get(Overname, overname_id), kant, nu)


def test_without_a_takeover_nobody_types(engine, zaak_id, rasa):
    assert not ondernemer(engine, NU)


def test_the_entrepreneurs_marker_shows_a_few_seconds_after_the_last_signal(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    assert not zichtbaar(engine, overname_id, Kant.ONDERNEMER, NU)
    assert ondernemer(engine, NU)
    assert zichtbaar(engine, overname_id, Kant.ONDERNEMER, NU + ZICHTBAAR - timedelta(seconds=1))
    assert not zichtbaar(engine, overname_id, Kant.ONDERNEMER, NU + ZICHTBAAR)
    assert not zichtbaar(engine, overname_id, Kant.MEDEWERKER, NU), "one side's signal is not the other's"


def test_signals_are_written_at_most_once_per_interval(engine, zaak_id, rasa):
    neem_over(engine, rasa, zaak_id)
    assert ondernemer(engine, NU)
    assert not ondernemer(engine, NU + timedelta(seconds=1)), "throttled: no write"
    assert not ondernemer(engine, NU + HOOGSTENS_ELKE - timedelta(milliseconds=1))
    assert ondernemer(engine, NU + HOOGSTENS_ELKE + timedelta(milliseconds=1))


def test_another_conversation_cannot_signal_for_this_one(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    assert not ondernemer(engine, NU, gesprek_id="sessie-2")
    assert not zichtbaar(engine, overname_id, Kant.ONDERNEMER, NU)


def test_only_the_medewerker_holding_the_takeover_signals(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    assert not mw(engine, overname_id, "sanne-de-vries", NU)
    assert not zichtbaar(engine, overname_id, Kant.MEDEWERKER, NU)
    assert mw(engine, overname_id, "mehmet-yilmaz", NU)
    assert zichtbaar(engine, overname_id, Kant.MEDEWERKER, NU + timedelta(seconds=1))


def test_the_medewerkers_message_ends_the_marker(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    assert mw(engine, overname_id, "mehmet-yilmaz", NU)
    with transaction(engine) as session:
        stuur_medewerkerbericht(session=session, rasa=rasa, overname=session.get(Overname, overname_id),
                                tekst="Ik kijk het even na.", nu=NU + timedelta(seconds=1))
    assert not zichtbaar(engine, overname_id, Kant.MEDEWERKER, NU + timedelta(seconds=2))


def test_the_entrepreneurs_message_ends_the_marker_and_the_next_keystroke_shows_it_again(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    assert ondernemer(engine, NU)
    with transaction(engine) as session:
        assert not ondernemer_verstuurde(session=session, kanaal="webchat", gesprek_id="sessie-2"), "another one"
        assert ondernemer_verstuurde(session=session, kanaal="webchat", gesprek_id=GESPREK)
    assert not zichtbaar(engine, overname_id, Kant.ONDERNEMER, NU + timedelta(seconds=1))
    assert ondernemer(engine, NU + timedelta(seconds=1)), "not throttled by the signal before the message"


def test_after_handing_back_nobody_types(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    assert ondernemer(engine, NU)
    with transaction(engine) as session:
        beeindig_overname(session=session, rasa=rasa, overname=session.get(Overname, overname_id),
                          reden="teruggegeven", door="console:mehmet-yilmaz", nu=NU + timedelta(seconds=1))
    assert not zichtbaar(engine, overname_id, Kant.ONDERNEMER, NU + timedelta(seconds=2))
    assert not ondernemer(engine, NU + timedelta(seconds=5))
    assert not mw(engine, overname_id, "mehmet-yilmaz", NU + timedelta(seconds=5))


def test_the_channel_learns_which_of_its_conversations_have_a_typing_medewerker(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)

    def typend(nu):
        with transaction(engine) as session:
            return typende_medewerkers(session=session, kanaal="webchat", gesprekken=[GESPREK, "sessie-2"], nu=nu)

    assert typend(NU) == {}
    assert ondernemer(engine, NU)
    assert typend(NU) == {}, "the entrepreneur's own typing is not the medewerker's"
    assert mw(engine, overname_id, "mehmet-yilmaz", NU)
    assert typend(NU + timedelta(seconds=1)) == {GESPREK: "Mehmet"}, "the first name only"
    assert typend(NU + ZICHTBAAR) == {}
    with transaction(engine) as session:
        assert typende_medewerkers(session=session, kanaal="telegram", gesprekken=[GESPREK], nu=NU) == {}
