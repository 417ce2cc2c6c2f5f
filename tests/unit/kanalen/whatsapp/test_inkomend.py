"""An inbound WhatsApp message from its record to its end (bot/kanalen/whatsapp/inkomend.py,
herstel.py, the webhook's recovery route): recorded before the 200, handled by the server or,
after the waiting time, by the worker through the route; failed attempts retried."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from bot.kanalen.boekhouding import markeer_verwerkt
from bot.kanalen.whatsapp import inkomend
from bot.kanalen.whatsapp.herstel import HerstelFout, herstel_achtergebleven
from bot.kanalen.whatsapp.invoer import NIET_TEKST_SJABLOON, WhatsAppInput
from bot.kanalen.whatsapp.levering import Inkomend
from bot.kern.db import Base, transaction
from bot.kern.identiteit import gesprek_id
from bot.kern.teksten import tekst as sjabloon_tekst
from bot.uitgaand.models import UitgaandBericht
from tests.unit.console.hulp import Klok
from tests.unit.kanalen.whatsapp.hulp import (
    NU,
    WA_ID,
    Webhook,
    afbeelding,
    inkomende,
    instellingen,
    levering,
    tekst,
)

MINUUT = timedelta(minutes=1)


def uitgaand(engine) -> list[UitgaandBericht]:
    with transaction(engine) as session:
        return list(session.execute(select(UitgaandBericht).order_by(UitgaandBericht.id)).scalars())


def stil(kanaal: WhatsAppInput) -> WhatsAppInput:
    """The server stops right after the 200: its background handling never runs."""
    kanaal._op_achtergrond = lambda werk: werk.close()
    return kanaal


class NepHerstel:
    """The recovery route as the job sees it: records the calls, raises the planned failures."""

    def __init__(self, *fouten: HerstelFout) -> None:
        self.fouten, self.aanroepen = list(fouten), []

    def verwerk(self, rij_id: int, werker: str) -> int:
        self.aanroepen.append((rij_id, werker))
        if self.fouten:
            raise self.fouten.pop(0)
        return 1


def ontvangen(engine, *ids: str) -> list[int]:
    return [inkomend.registreer(engine, Inkomend(i, WA_ID, "tekst", "hoi", NU), NU) for i in ids]


# --- the server ----------------------------------------------------------------------------------


async def test_the_server_handles_the_recorded_message_and_marks_it_handled(engine, fake):
    kanaal = WhatsAppInput(instellingen(fake), engine=engine, klok=Klok(NU))
    async with Webhook(kanaal, antwoord=lambda vraag: "Ja, dat kan.") as webhook:
        assert (await webhook.post(levering(tekst("Mag ik een terras?")))).status_code == 200
    [rij] = inkomende(engine)
    assert (rij.status, rij.tekst, rij.pogingen, rij.claimed_by, rij.volgende_poging_op) == ("verwerkt", None, 1, None, None)
    assert [b["text"]["body"] for b in fake.berichten] == ["Ja, dat kan."], "answered straight away"
    assert uitgaand(engine) == []


async def test_a_failure_while_handling_is_an_attempt_the_worker_repeats_later(engine, fake):
    klok = Klok(NU)
    kanaal = WhatsAppInput(instellingen(fake), engine=engine, klok=klok)

    def kapot(vraag: str) -> str:
        raise RuntimeError("tracker store weg")

    async with Webhook(kanaal, antwoord=kapot) as webhook:
        await webhook.post(levering(tekst("Mag ik een terras?")))
    [rij] = inkomende(engine)
    assert (rij.status, rij.pogingen, rij.claimed_by) == ("ontvangen", 1, None)
    assert rij.laatste_fout == "RuntimeError: tracker store weg" and rij.volgende_poging_op == NU + MINUUT
    rasa = NepHerstel()
    assert herstel_achtergebleven(engine=engine, rasa=rasa, nu=NU + MINUUT, werker="w1") == 1
    assert rasa.aanroepen == [(rij.id, "w1")]


async def test_several_messages_in_one_delivery_are_each_recorded_once(engine, fake):
    dubbel = tekst("twee", id_="wamid.twee")
    kanaal = stil(WhatsAppInput(instellingen(fake), engine=engine, klok=Klok(NU)))
    async with Webhook(kanaal) as webhook:
        assert (await webhook.post(levering(tekst("een"), dubbel, dubbel, afbeelding()))).status_code == 200
    assert [(r.soort, r.tekst, r.status) for r in inkomende(engine)] == [
        ("tekst", "een", "ontvangen"), ("tekst", "twee", "ontvangen"), ("niet_tekst", "", "ontvangen")]


# --- the recovery route ----------------------------------------------------------------------------


async def test_the_route_places_the_answers_in_the_outbox_with_the_message_marked_handled(engine, fake):
    klok = Klok(NU)
    kanaal = stil(WhatsAppInput(instellingen(fake), engine=engine, klok=klok))
    async with Webhook(kanaal, antwoord=lambda vraag: f"Over '{vraag}':") as webhook:
        await webhook.post(levering(tekst("terras", id_="wamid.t"), afbeelding()))
        herstel = webhook.herstel_api()
        klok.nu = NU + 3 * MINUUT
        assert await asyncio.to_thread(herstel_achtergebleven, engine=engine, rasa=herstel, nu=klok(),
                                       werker="w1", klok=klok) == 2
    assert [r.status for r in inkomende(engine)] == ["verwerkt", "verwerkt"]
    assert [(b.kanaal, b.ontvanger, b.tekst, b.soort, b.status) for b in uitgaand(engine)] == [
        ("whatsapp", gesprek_id("whatsapp", WA_ID), "Over 'terras':", "antwoord", "wachtend"),
        ("whatsapp", gesprek_id("whatsapp", WA_ID), sjabloon_tekst(NIET_TEKST_SJABLOON), "antwoord", "wachtend"),
    ]
    assert fake.berichten == [], "sent by the outbox round, not by the route"
    eerste = inkomende(engine)[0].id  # handled once: a late second handler places nothing
    assert inkomend.rond_af(engine, Inkomend("wamid.t", WA_ID, "tekst", "", NU), eerste, NU, [{"text": "nog eens"}]) is False
    assert len(uitgaand(engine)) == 2


async def test_the_route_is_off_without_the_rasa_token_and_refuses_a_malformed_request(engine):
    async with Webhook(WhatsAppInput(instellingen(rasa_token=""), engine=engine)) as uit:
        weg = await uit.client.post("/webhooks/whatsapp/herstel", json={"id": 1, "werker": "w1"},
                                    headers={"Authorization": "Bearer "})
    async with Webhook(WhatsAppInput(instellingen(), engine=engine)) as webhook:
        kop = {"Authorization": "Bearer rasa-token"}
        fout = [await webhook.client.post("/webhooks/whatsapp/herstel", content=body, headers=kop)
                for body in (b"geen json", b'{"id": "1", "werker": "w1"}', b'{"id": 1}', b"[1]")]
    assert weg.status_code == 404
    assert [a.status_code for a in fout] == [400, 400, 400, 400]


# --- the worker's job ------------------------------------------------------------------------------


def test_the_worker_waits_and_leaves_a_message_the_server_holds(engine):
    [a, b] = ontvangen(engine, "wamid.a", "wamid.b")
    assert inkomend.neem(engine, a, "rasa-1", NU + MINUUT)  # the server started late on a; b it never started
    rasa = NepHerstel()
    assert herstel_achtergebleven(engine=engine, rasa=rasa, nu=NU + MINUUT, werker="w1") == 0
    assert herstel_achtergebleven(engine=engine, rasa=rasa, nu=NU + 2 * MINUUT, werker="w1") == 1
    assert rasa.aanroepen == [(b, "w1")]
    assert herstel_achtergebleven(engine=engine, rasa=rasa, nu=NU + 3 * MINUUT + timedelta(seconds=1),
                                  werker="w1") == 1, "the server's hold on a ran out"
    assert [r for r, _ in rasa.aanroepen] == [b, a], "b is still w1's own"


def test_without_the_route_the_job_does_nothing(engine):
    ontvangen(engine, "wamid.a")
    assert herstel_achtergebleven(engine=engine, rasa=None, nu=NU + timedelta(hours=1), werker="w1") == 0
    assert inkomende(engine)[0].claimed_by is None


@pytest.mark.parametrize("definitief", [False, True])
def test_a_failed_attempt_is_retried_after_a_pause_or_given_up(engine, definitief, caplog):
    [rij_id] = ontvangen(engine, "wamid.a")
    rasa = NepHerstel(*[HerstelFout("Rasa antwoordde 503", definitief=definitief)] * 5)
    nu = NU + 2 * MINUUT
    for pauze in (1, 2, 4, 8):
        assert herstel_achtergebleven(engine=engine, rasa=rasa, nu=nu, werker="w1") == 0
        [rij] = inkomende(engine)
        if definitief:
            break
        assert (rij.status, rij.volgende_poging_op, rij.claimed_by) == ("ontvangen", nu + pauze * MINUUT, None)
        assert herstel_achtergebleven(engine=engine, rasa=rasa, nu=nu + pauze * MINUUT - timedelta(seconds=1),
                                      werker="w1") == 0, "not before its pause is over"
        nu += pauze * MINUUT
    if not definitief:
        herstel_achtergebleven(engine=engine, rasa=rasa, nu=nu, werker="w1")
    [rij] = inkomende(engine)
    assert rij.status == "mislukt" and rij.laatste_fout == "Rasa antwoordde 503"
    assert rij.pogingen == (1 if definitief else 5) and len(rasa.aanroepen) == rij.pogingen
    assert "wamid.a opgegeven" in caplog.text


def test_a_message_handled_meanwhile_is_not_counted_as_a_failure(engine):
    [rij_id] = ontvangen(engine, "wamid.a")
    rasa = NepHerstel(HerstelFout("al verwerkt", kwijt=True))
    assert herstel_achtergebleven(engine=engine, rasa=rasa, nu=NU + 2 * MINUUT, werker="w1") == 0
    [rij] = inkomende(engine)
    assert rij.pogingen == 0 and rij.laatste_fout is None


def test_telegram_ids_are_handled_records_the_worker_never_takes(engine):
    with transaction(engine) as session:
        markeer_verwerkt(session=session, kanaal="telegram", extern_id="bot:1", moment=NU)
    assert [r.status for r in inkomende(engine)] == ["verwerkt"]
    assert herstel_achtergebleven(engine=engine, rasa=NepHerstel(), nu=NU + timedelta(days=1), werker="w1") == 0


def test_the_migration_makes_the_table_the_model_describes(engine):
    with engine.connect() as verbinding:
        verschillen = compare_metadata(MigrationContext.configure(verbinding), Base.metadata)
    assert [v for v in verschillen if "kanaal_" in repr(v)] == []
