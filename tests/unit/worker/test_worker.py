"""The follow-up worker (bot/worker.py): one round strings the jobs together; the command line.

Each round runs the promise job, then delivers the outbox (push channels and e-mail, to a real
local SMTP server) under a controlled clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot import worker
from bot.cijfers.vragen_zonder_antwoord import VraagZonderAntwoord
from bot.integraties.email import EmailBezorger
from bot.kern.db import engine_for, make_engine, transaction
from bot.uitgaand.models import EMAIL
from bot.uitgaand.service import BezorgFout
from bot.worker import bezorgers_uit_omgeving, verwerk_ronde
from tests.unit.beloften.hulp import (
    DEADLINE,
    TelBezorger,
    berichten,
    emails,
    nieuwe_zaak,
    twee_werkers_tegelijk,
)

LEEG = {"herinneringen": 0, "escalaties": 0, "afgeleverd": 0, "mislukt": 0, "geexporteerd": 0,
        "overnames_vrijgegeven": 0, "chatverzoeken_niet_beantwoord": 0, "whatsapp_hersteld": 0, "whatsapp_statussen": 0, "gesprekken_verwijderd": 0,
        "zaakgesprekken_verwijderd": 0, "berichten_verwijderd": 0, "vensters_verwijderd": 0, "mails_verwijderd": 0,
        "controles_verwijderd": 0, "zaken_verwijderd": 0, "vragen_zonder_antwoord": 0}


def ronde(engine, mailer, nu, bezorger: TelBezorger, werker: str = "werker-1") -> dict[str, int]:
    bezorgers = {bezorger.kanaal: bezorger, EMAIL: EmailBezorger(mailer)}
    return verwerk_ronde(engine=engine, bezorgers=bezorgers, nu=nu, werker=werker)


def test_a_push_message_is_delivered_in_the_same_run_and_never_again(gevuld, database_url, mailer, smtp):
    nieuwe_zaak(gevuld, "chat-42", kanaal="telegram")
    bezorger = TelBezorger("telegram")
    assert ronde(gevuld, mailer, DEADLINE, bezorger) == LEEG | {"escalaties": 1, "afgeleverd": 2}  # message, e-mail
    assert ronde(gevuld, mailer, DEADLINE + timedelta(minutes=1), bezorger)["afgeleverd"] == 0
    herstart = make_engine(database_url)
    try:
        assert ronde(herstart, mailer, DEADLINE + timedelta(hours=2), bezorger, werker="werker-2")["afgeleverd"] == 0
    finally:
        herstart.dispose()

    [bezorgd] = bezorger.bezorgd
    [rij] = berichten(gevuld)
    assert (bezorgd.id, bezorgd.kanaal, bezorgd.ontvanger) == (rij.id, "telegram", "chat-42")
    assert bezorgd.tekst == rij.tekst and bezorgd.custom == rij.custom and "overdracht" in bezorgd.custom
    assert rij.status == "afgeleverd" and rij.afgeleverd_op == DEADLINE and rij.pogingen == 1
    assert rij.claimed_by is None and rij.claimed_until is None
    assert len(smtp.berichten) == 1 and [m.status for m in emails(gevuld)] == ["afgeleverd"]


def test_messages_of_a_channel_without_deliverer_keep_waiting(zaak, engine, mailer, smtp):
    bezorger = TelBezorger("telegram")
    assert ronde(engine, mailer, DEADLINE, bezorger)["afgeleverd"] == 1  # the e-mail only
    assert bezorger.pogingen == []
    assert [(b.kanaal, b.status) for b in berichten(engine)] == [("rest", "wachtend")]


def test_a_failed_delivery_is_retried_after_a_pause_and_then_delivered_once(gevuld, mailer, smtp):
    nieuwe_zaak(gevuld, "chat-7", kanaal="telegram")
    bezorger = TelBezorger("telegram", fouten=[BezorgFout("Telegram antwoordt niet")])
    assert ronde(gevuld, mailer, DEADLINE, bezorger)["mislukt"] == 1
    [rij] = berichten(gevuld)
    assert rij.status == "wachtend" and rij.pogingen == 1 and rij.laatste_fout == "Telegram antwoordt niet"
    assert rij.volgende_poging_op == DEADLINE + timedelta(seconds=30) and rij.claimed_by is None

    assert ronde(gevuld, mailer, DEADLINE + timedelta(seconds=29), bezorger) == LEEG
    assert len(bezorger.pogingen) == 1
    assert ronde(gevuld, mailer, DEADLINE + timedelta(seconds=30), bezorger)["afgeleverd"] == 1
    assert ronde(gevuld, mailer, DEADLINE + timedelta(hours=1), bezorger)["afgeleverd"] == 0
    assert len(bezorger.pogingen) == 2 and len(bezorger.bezorgd) == 1
    [rij] = berichten(gevuld)
    assert rij.status == "afgeleverd" and rij.pogingen == 2


def test_a_final_delivery_failure_is_not_retried(gevuld, mailer, smtp):
    nieuwe_zaak(gevuld, "chat-8", kanaal="telegram")
    bezorger = TelBezorger("telegram", fouten=[BezorgFout("chat bestaat niet meer", definitief=True)])
    assert ronde(gevuld, mailer, DEADLINE, bezorger)["mislukt"] == 1
    assert ronde(gevuld, mailer, DEADLINE + timedelta(hours=2), bezorger)["mislukt"] == 0
    assert len(bezorger.pogingen) == 1 and [b.status for b in berichten(gevuld)] == ["mislukt"]


def test_two_workers_deliver_each_outbox_message_once(gevuld, database_url, mailer, smtp):
    for nummer in range(6):
        nieuwe_zaak(gevuld, f"chat-{nummer}", kanaal="telegram")
    bezorger = TelBezorger("telegram")
    tellingen = twee_werkers_tegelijk(
        database_url, lambda engine, werker: ronde(engine, mailer, DEADLINE, bezorger, werker=werker))
    rijen = berichten(gevuld)
    assert len(rijen) == 6 and all(r.status == "afgeleverd" and r.pogingen == 1 for r in rijen)
    assert sorted(b.id for b in bezorger.bezorgd) == [r.id for r in rijen]  # each exactly once
    assert len(smtp.berichten) == 6 and all(m.status == "afgeleverd" and m.pogingen == 1 for m in emails(gevuld))
    assert sum(t["afgeleverd"] for t in tellingen) == 12 and sum(t["escalaties"] for t in tellingen) == 6


def test_the_command_runs_one_round_with_the_configured_servers(zaak, database_url, smtp, monkeypatch, tracker_store):
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    monkeypatch.setenv("INGANG_TRACKER_URL", tracker_store.ingang_url)  # never the project's own
    store = tracker_store
    oud = UserUttered("hallo", timestamp=(DEADLINE - timedelta(days=60)).timestamp())
    asyncio.run(store.save(DialogueStateTracker.from_events("oud-gesprek", [oud])))
    gisteren = (DEADLINE - timedelta(days=1)).timestamp()
    asyncio.run(store.save(DialogueStateTracker.from_events("vraag-zonder-antwoord", [
        UserUttered("mag mijn foodtruck op het strand staan", timestamp=gisteren),
        ActionExecuted("utter_geen_antwoord", timestamp=gisteren + 1)])))
    monkeypatch.setenv("INGANG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("INGANG_SMTP_PORT", str(smtp.poort))
    bezorger = TelBezorger("rest")  # stands in for a push channel registered by the lead
    echte_bezorgers = worker.bezorgers_uit_omgeving
    monkeypatch.setattr(worker, "bezorgers_uit_omgeving", lambda: echte_bezorgers() | {bezorger.kanaal: bezorger})
    try:
        worker.main(["--eenmalig"], klok=lambda: DEADLINE)
    finally:
        engine_for(database_url).dispose()
    assert [b["To"] for _, b in smtp.berichten] == ["s.devries@voorbeeldstad.nl"]
    assert [b.ontvanger for b in bezorger.bezorgd] == ["g1"]
    assert asyncio.run(store.retrieve("oud-gesprek")) is None  # retention: idle 60 days, no case
    with transaction(engine_for(database_url)) as session:  # the kennisbank's gaps, for the console's page
        assert session.execute(select(VraagZonderAntwoord.tekst)).scalars().all() == [
            "mag mijn foodtruck op het strand staan"]


def test_the_registry_maps_each_deliverer_to_its_channel_and_always_has_email():
    bezorgers = bezorgers_uit_omgeving()
    assert all(naam == bezorger.kanaal for naam, bezorger in bezorgers.items())
    assert isinstance(bezorgers[EMAIL], EmailBezorger)
