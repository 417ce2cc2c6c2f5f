"""The promise job (bot/beloften/jobs.py) with its e-mails delivered through the outbox to a real
local SMTP server, under a controlled clock."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot.beloften import jobs
from bot.beloften.berichten import belofte_zin
from bot.beloften.jobs import claim_belofte, herinneringsmoment, stap_voor, verwerk_beloften
from bot.beloften.service import verzet_belofte
from bot.kern.db import make_engine, transaction
from bot.kern.tijd import AMSTERDAM
from bot.uitgaand.models import EMAIL, UitgaandBericht
from bot.uitgaand.service import HERHALING
from bot.zaken.models import Belofte
from tests.unit.beloften.hulp import (
    AMS,
    DEADLINE,
    HERINNERING,
    NIETS,
    audit,
    beloften,
    berichten,
    emails,
    nieuwe_zaak,
    run,
    twee_werkers_tegelijk,
)

DERTIG_SECONDEN = timedelta(seconds=30)


def test_the_reminder_moment_follows_the_service_norm_in_working_hours(zaak, engine):
    [belofte] = beloften(engine)
    with transaction(engine) as session:
        belofte = session.get(Belofte, belofte.id)
        assert herinneringsmoment(belofte, belofte.medewerker) == HERINNERING
    assert belofte.deadline == DEADLINE


def test_an_urgent_case_is_reminded_before_its_shorter_deadline(zaak, engine):
    """The urgent norm (4 working hours from Monday 09:00) ends at 13:00: the reminder is 2 hours before."""
    [belofte] = beloften(engine)
    with transaction(engine) as session:
        belofte = session.get(Belofte, belofte.id)
        belofte.zaak.urgent = True
        assert herinneringsmoment(belofte, belofte.medewerker) == datetime(2026, 11, 23, 11, 0, tzinfo=AMS)


def test_no_mail_before_the_reminder_moment(zaak, engine, mailer, smtp):
    assert run(engine, mailer, HERINNERING - timedelta(minutes=1)) == NIETS
    assert smtp.berichten == [] and emails(engine) == []
    [belofte] = beloften(engine)
    assert belofte.herinneringen_verstuurd == 0 and belofte.laatste_herinnering_op is None
    assert belofte.claimed_by is None


def test_exactly_one_reminder_even_when_run_again_and_after_a_restart(zaak, engine, database_url, mailer, smtp):
    assert run(engine, mailer, HERINNERING) == NIETS | {"herinneringen": 1, "afgeleverd": 1}
    assert run(engine, mailer, HERINNERING + timedelta(minutes=30)) == NIETS
    herstart = make_engine(database_url)
    try:
        assert run(herstart, mailer, HERINNERING + timedelta(hours=1), werker="werker-2") == NIETS
    finally:
        herstart.dispose()

    [(ontvangers, bericht)] = smtp.berichten
    assert ontvangers == ["m.yilmaz@voorbeeldstad.nl"] and bericht["To"] == "m.yilmaz@voorbeeldstad.nl"
    tekst = bericht.get_content()
    assert zaak["zaak"] in bericht["Subject"] and zaak["zaak"] in tekst
    assert zaak["belofte"] in tekst
    assert "maandag 23 november vóór 17.00 uur" in tekst
    [belofte] = beloften(engine)
    assert belofte.herinneringen_verstuurd == 1 and belofte.laatste_herinnering_op == HERINNERING
    assert belofte.status == "open" and belofte.claimed_by is None and belofte.claimed_until is None
    [regel] = audit(engine, "herinnering_verstuurd")
    assert regel.belofte_id == belofte.id and regel.zaak_id == belofte.zaak_id and regel.wie == "werker-1"
    [mail] = emails(engine)
    assert (mail.ontvanger, mail.soort, mail.zaak_id) == ("m.yilmaz@voorbeeldstad.nl", "herinnering", None)
    assert mail.status == "afgeleverd" and mail.pogingen == 1 and mail.afgeleverd_op == HERINNERING
    assert mail.custom == {"onderwerp": bericht["Subject"].strip(), "cc": []} and mail.tekst == tekst.replace("\r\n", "\n")


def test_the_reminder_email_keeps_its_words(zaak, engine, mailer, smtp):
    run(engine, mailer, HERINNERING)
    [(_, bericht)] = smtp.berichten
    [belofte] = beloften(engine)
    assert emails(engine)[0].custom["onderwerp"] == (
        f"Herinnering: zaak {zaak['zaak']}, maandag 23 november vóór 17.00 uur")
    assert bericht["Subject"].strip() == emails(engine)[0].custom["onderwerp"]  # a long subject is folded
    assert bericht.get_content().replace("\r\n", "\n") == (  # SMTP sends CRLF
        "Beste Mehmet Yılmaz,\n\n"
        f"Dit is een herinnering voor zaak {zaak['zaak']}. Aan de ondernemer is beloofd:\n\n"
        f"    \"{belofte.zin}\"\n\n"
        f"De termijn loopt af: maandag 23 november vóór 17.00 uur ({jobs.norm_van(belofte).omschrijving}).\n"
        "Lukt dat niet, overleg dan met uw teamleider.\n\n"
        "Met vriendelijke groet,\nIngang, het digitale ondernemersloket van gemeente Voorbeeldstad\n"
    )


def test_escalation_at_the_deadline_marks_te_laat_makes_a_new_promise_and_mails_the_team_lead(
    zaak, engine, mailer, smtp
):
    run(engine, mailer, HERINNERING)
    assert run(engine, mailer, DEADLINE) == NIETS | {"escalaties": 1, "afgeleverd": 1}
    assert run(engine, mailer, DEADLINE + timedelta(minutes=10)) == NIETS

    oud, nieuw = beloften(engine)
    assert oud.status == "te_laat" and oud.escalaties_verstuurd == 1 and oud.laatste_escalatie_op == DEADLINE
    assert oud.claimed_by is None
    assert nieuw.status == "open" and nieuw.zaak_id == oud.zaak_id and nieuw.medewerker_id == oud.medewerker_id
    assert nieuw.actie == oud.actie and nieuw.aangemaakt_op == DEADLINE
    assert nieuw.deadline == datetime(2026, 11, 24, 16, 30, tzinfo=AMS) > oud.deadline  # 8 working hours on
    assert nieuw.zin == belofte_zin(medewerker=nieuw.medewerker, actie=nieuw.actie, deadline=nieuw.deadline,
                                    zaaknummer=zaak["zaak"])
    assert nieuw.herinneringen_verstuurd == 0 and nieuw.escalaties_verstuurd == 0

    herinnering, (ontvangers, escalatie) = smtp.berichten
    assert escalatie["To"] == "s.devries@voorbeeldstad.nl"  # lead of horeca-evenementen
    assert escalatie["Cc"] == "m.yilmaz@voorbeeldstad.nl"
    assert sorted(ontvangers) == ["m.yilmaz@voorbeeldstad.nl", "s.devries@voorbeeldstad.nl"]
    tekst = escalatie.get_content()
    assert zaak["zaak"] in escalatie["Subject"] and oud.zin in tekst and nieuw.zin in tekst
    assert escalatie["Subject"] == f"Termijn verstreken: zaak {zaak['zaak']}"
    assert tekst.replace("\r\n", "\n") == (  # SMTP sends CRLF
        "Beste Sanne de Vries,\n\n"
        f"De belofte aan de ondernemer in zaak {zaak['zaak']} is niet op tijd nagekomen. "
        f"Verantwoordelijk: Mehmet Yılmaz, {oud.medewerker.functie}. Beloofd was:\n\n"
        f"    \"{oud.zin}\"\n\n"
        "De termijn was maandag 23 november vóór 17.00 uur.\n"
        "Er is een nieuwe belofte vastgelegd:\n\n"
        f"    \"{nieuw.zin}\"\n\n"
        "De ondernemer hoort dat u als teamleider nu meekijkt.\n\n"
        "De ondernemer is hierover geïnformeerd in het eigen gesprek (kanaal 'rest'), "
        "met excuses en de nieuwe belofte.\n\n"
        "Met vriendelijke groet,\nIngang, het digitale ondernemersloket van gemeente Voorbeeldstad\n"
    )

    [te_laat] = audit(engine, "belofte_te_laat")
    [gemeld] = audit(engine, "escalatie_verstuurd")
    gedaan = audit(engine, "belofte_gedaan")
    assert te_laat.belofte_id == gemeld.belofte_id == oud.id and te_laat.zaak_id == oud.zaak_id
    assert gemeld.details["aan"] == "s.devries@voorbeeldstad.nl" and gemeld.details["nieuwe_belofte_id"] == nieuw.id
    assert [(r.belofte_id, r.wie) for r in gedaan] == [(oud.id, "assistent"), (nieuw.id, "werker-1")]


def test_escalation_without_an_earlier_reminder_sends_only_the_escalation(zaak, engine, mailer, smtp):
    assert run(engine, mailer, DEADLINE + timedelta(hours=1)) == NIETS | {"escalaties": 1, "afgeleverd": 1}
    assert len(smtp.berichten) == 1 and smtp.berichten[0][1]["To"] == "s.devries@voorbeeldstad.nl"
    assert beloften(engine)[0].herinneringen_verstuurd == 0


def test_a_rescheduled_promise_is_reminded_again(zaak, engine, mailer, smtp):
    """Moving the deadline starts the reminder counter again: a second reminder e-mail, its own outbox row."""
    assert run(engine, mailer, HERINNERING)["herinneringen"] == 1
    with transaction(engine) as session:
        verzet_belofte(session=session, belofte=session.get(Belofte, beloften(engine)[0].id),
                       nieuwe_deadline=DEADLINE + timedelta(days=1), reden="drukte", door="t", nu=HERINNERING)
    assert run(engine, mailer, DEADLINE + timedelta(days=1, hours=-1)) == NIETS | {"herinneringen": 1, "afgeleverd": 1}
    assert len(smtp.berichten) == 2 and len({m.sleutel for m in emails(engine)}) == 2
    assert "dinsdag 24 november vóór 17.00 uur" in smtp.berichten[1][1].get_content()


@pytest.mark.parametrize("nu", [HERINNERING, DEADLINE], ids=["herinnering", "escalatie"])
def test_two_workers_at_the_same_moment_send_each_mail_once(gevuld, database_url, mailer, smtp, nu):
    for gesprek in ("g1", "g2", "g3"):
        nieuwe_zaak(gevuld, gesprek)
    with transaction(gevuld) as session:
        verwacht = sum(stap_voor(b, nu) is not None for b in session.execute(select(Belofte)).scalars())
    assert verwacht >= 1

    tellingen = twee_werkers_tegelijk(database_url, lambda engine, werker: run(engine, mailer, nu, werker=werker))
    totaal = sum(t["herinneringen"] + t["escalaties"] for t in tellingen)
    assert totaal == verwacht == len(smtp.berichten) == sum(t["afgeleverd"] for t in tellingen)
    assert all(b.herinneringen_verstuurd <= 1 and b.escalaties_verstuurd <= 1 for b in beloften(gevuld))
    assert all(b.claimed_by is None for b in beloften(gevuld))
    assert all(m.status == "afgeleverd" and m.pogingen == 1 for m in emails(gevuld))
    if nu == DEADLINE:
        assert sum(b.status == "open" for b in beloften(gevuld)) == verwacht  # one new promise each


def test_a_valid_claim_of_another_worker_is_respected_until_it_expires(zaak, engine, mailer, smtp):
    [belofte] = beloften(engine)
    with transaction(engine) as session:  # werker-a claimed it and then stopped (crash)
        assert claim_belofte(session=session, belofte_id=belofte.id, werker="werker-a", nu=HERINNERING,
                             duur=timedelta(minutes=5))
    with transaction(engine) as session:
        assert not claim_belofte(session=session, belofte_id=belofte.id, werker="werker-b", nu=HERINNERING,
                                 duur=timedelta(minutes=5))

    assert run(engine, mailer, HERINNERING + timedelta(minutes=4), werker="werker-b")["herinneringen"] == 0
    assert smtp.berichten == []
    assert run(engine, mailer, HERINNERING + timedelta(minutes=6), werker="werker-b")["herinneringen"] == 1
    assert len(smtp.berichten) == 1
    [belofte] = beloften(engine)
    assert belofte.claimed_by is None and belofte.herinneringen_verstuurd == 1


def test_claim_refuses_a_promise_that_is_not_open(zaak, engine):
    [belofte] = beloften(engine)
    with transaction(engine) as session:
        session.get(Belofte, belofte.id).status = "nagekomen"
    with transaction(engine) as session:
        assert not claim_belofte(session=session, belofte_id=belofte.id, werker="w", nu=HERINNERING,
                                 duur=timedelta(minutes=5))


def test_the_lease_of_a_claim_runs_from_the_moment_of_claiming_not_from_the_start_of_the_round(
    zaak, engine, database_url, monkeypatch
):
    """A round that started at HERINNERING reaches this promise 10 minutes later (slow earlier work):
    another worker starting a minute after that must not be able to take it from under it."""
    [belofte] = beloften(engine)
    andere_werker: list[bool] = []
    echte_stap = jobs.voer_stap_uit

    def stap_terwijl_een_ander_het_probeert(**kwargs):
        ander = make_engine(database_url)
        try:
            with transaction(ander) as session:
                andere_werker.append(claim_belofte(session=session, belofte_id=belofte.id, werker="werker-2",
                                                   nu=HERINNERING + timedelta(minutes=11), duur=timedelta(minutes=5)))
        finally:
            ander.dispose()
        return echte_stap(**kwargs)

    monkeypatch.setattr(jobs, "voer_stap_uit", stap_terwijl_een_ander_het_probeert)
    telling = verwerk_beloften(engine=engine, nu=HERINNERING, werker="werker-1",
                               klok=lambda: HERINNERING + timedelta(minutes=10))
    assert andere_werker == [False] and telling == {"herinneringen": 1, "escalaties": 0}
    assert len(emails(engine)) == 1 and beloften(engine)[0].claimed_by is None


# --- failures: SMTP, the commit --------------------------------------------------------------


def test_an_smtp_failure_is_retried_and_nothing_is_marked_sent_that_was_not_sent(zaak, engine, mailer, smtp):
    smtp.stop()
    assert run(engine, mailer, HERINNERING) == NIETS | {"herinneringen": 1, "mislukt": 1}
    [belofte] = beloften(engine)
    assert belofte.herinneringen_verstuurd == 1 and belofte.claimed_by is None and belofte.claimed_until is None
    [mail] = emails(engine)
    assert mail.status == "wachtend" and mail.afgeleverd_op is None and mail.pogingen == 1 and mail.laatste_fout
    assert mail.volgende_poging_op == HERINNERING + DERTIG_SECONDEN and mail.claimed_by is None

    smtp.start()
    assert smtp.berichten == []
    assert run(engine, mailer, HERINNERING + DERTIG_SECONDEN - timedelta(seconds=1)) == NIETS  # not due yet
    assert run(engine, mailer, HERINNERING + DERTIG_SECONDEN) == NIETS | {"afgeleverd": 1}
    assert len(smtp.berichten) == 1
    assert [(m.status, m.pogingen) for m in emails(engine)] == [("afgeleverd", 2)]
    assert len(audit(engine, "herinnering_verstuurd")) == 1

    smtp.stop()
    assert run(engine, mailer, DEADLINE) == NIETS | {"escalaties": 1, "mislukt": 1}
    assert [b.status for b in beloften(engine)] == ["te_laat", "open"]
    assert len(berichten(engine)) == 1  # the entrepreneur's message exists exactly when the escalation does
    assert [m.status for m in emails(engine)] == ["afgeleverd", "wachtend"]

    smtp.start()
    assert run(engine, mailer, DEADLINE + DERTIG_SECONDEN) == NIETS | {"afgeleverd": 1}
    assert run(engine, mailer, DEADLINE + timedelta(hours=2)) == NIETS
    assert len(smtp.berichten) == 2
    assert [b.status for b in beloften(engine)] == ["te_laat", "open"]
    assert len(berichten(engine)) == 1 and len(audit(engine, "belofte_te_laat")) == 1


def test_an_email_that_keeps_failing_is_given_up_after_the_last_attempt_and_logged(zaak, engine, mailer, smtp,
                                                                                   caplog):
    smtp.stop()
    nu = HERINNERING
    with caplog.at_level(logging.ERROR, logger="bot.uitgaand.jobs"):
        for poging in range(1, HERHALING.max_pogingen + 1):
            assert run(engine, mailer, nu)["mislukt"] == 1
            nu += HERHALING.pauze_na(poging)
    [mail] = emails(engine)
    assert mail.status == "mislukt" and mail.pogingen == HERHALING.max_pogingen and mail.afgeleverd_op is None
    assert smtp.berichten == []
    [regel] = [r.getMessage() for r in caplog.records if r.name == "bot.uitgaand.jobs"]
    assert f"bericht {mail.id} " in regel and "opgegeven" in regel  # which message; the address itself is masked
    # in a running process (bot/kern/logboek.py)


@contextmanager
def commit_faalt_na_een_email():
    """The first commit of a transaction that placed an e-mail in the outbox fails (as a lost database would)."""
    gefaald: list[bool] = []

    def onthoud(session, _context) -> None:
        if any(isinstance(rij, UitgaandBericht) and rij.kanaal == EMAIL for rij in session.new):
            session.info["email_geplaatst"] = True

    def faal(session) -> None:
        if session.info.pop("email_geplaatst", False) and not gefaald:
            gefaald.append(True)
            raise OperationalError("COMMIT", {}, Exception("de database is weg"))

    event.listen(Session, "after_flush", onthoud)
    event.listen(Session, "before_commit", faal)
    try:
        yield gefaald
    finally:
        event.remove(Session, "after_flush", onthoud)
        event.remove(Session, "before_commit", faal)


def test_a_failed_commit_sends_no_email_and_the_next_round_sends_it_once(zaak, engine, mailer, smtp):
    with commit_faalt_na_een_email() as gefaald:
        assert run(engine, mailer, HERINNERING) == NIETS
    assert gefaald == [True]
    assert smtp.berichten == []
    [belofte] = beloften(engine)
    assert belofte.herinneringen_verstuurd == 0 and belofte.claimed_by is None and belofte.claimed_until is None
    assert emails(engine) == [] and audit(engine, "herinnering_verstuurd") == []

    assert run(engine, mailer, HERINNERING) == NIETS | {"herinneringen": 1, "afgeleverd": 1}
    assert len(smtp.berichten) == 1


def test_a_failed_commit_of_an_escalation_leaves_no_message_and_no_email(zaak, engine, mailer, smtp):
    with commit_faalt_na_een_email():
        assert run(engine, mailer, DEADLINE) == NIETS
    assert smtp.berichten == [] and berichten(engine) == [] and emails(engine) == []
    assert [b.status for b in beloften(engine)] == ["open"]
    assert run(engine, mailer, DEADLINE) == NIETS | {"escalaties": 1, "afgeleverd": 1}
    assert len(smtp.berichten) == 1 and len(berichten(engine)) == 1


# --- informing the entrepreneur (the outbox) ---------------------------------------------------


def test_escalation_tells_the_entrepreneur_on_their_channel_once(zaak, engine, database_url, mailer, smtp):
    assert run(engine, mailer, DEADLINE) == NIETS | {"escalaties": 1, "afgeleverd": 1}
    assert run(engine, mailer, DEADLINE + timedelta(minutes=10))["escalaties"] == 0
    herstart = make_engine(database_url)
    try:
        assert run(herstart, mailer, DEADLINE + timedelta(hours=1), werker="werker-2")["escalaties"] == 0
    finally:
        herstart.dispose()

    oud, nieuw = beloften(engine)
    [bericht] = berichten(engine)
    assert (bericht.kanaal, bericht.ontvanger, bericht.soort) == ("rest", "g1", "escalatie")
    assert bericht.sleutel == f"escalatie:belofte:{oud.id}" and bericht.zaak_id == oud.zaak_id
    assert bericht.status == "wachtend" and bericht.aangemaakt_op == DEADLINE
    assert bericht.tekst.startswith("Het spijt ons. Mehmet Yılmaz heeft niet op tijd contact met u opgenomen")
    assert "Sanne de Vries" in bericht.tekst and zaak["zaak"] in bericht.tekst
    assert bericht.tekst.endswith(f"Wat er nu gebeurt: {nieuw.zin}")
    assert bericht.tekst == (
        f"Het spijt ons. Mehmet Yılmaz heeft niet op tijd contact met u opgenomen over zaak {zaak['zaak']}. "
        "Dat hadden wij u wel beloofd. Sanne de Vries, teamleider horeca en evenementen, kijkt nu mee en let erop "
        "dat het nu wel gebeurt.\n\n"
        f"Wat er nu gebeurt: {nieuw.zin}"
    )
    assert bericht.custom == {"overdracht": {
        "zaak": zaak["zaak"],
        "onderwerp": zaak["onderwerp"],
        "medewerker": zaak["medewerker"],
        "actie": "terugbellen",
        "uiterlijk": nieuw.deadline.astimezone(AMSTERDAM).isoformat(timespec="minutes"),
        "belofte": nieuw.zin,
    }}
    assert bericht.custom["overdracht"]["uiterlijk"] == "2026-11-24T16:30+01:00"

    [(_, escalatie)] = smtp.berichten
    assert "geïnformeerd in het eigen gesprek (kanaal 'rest')" in escalatie.get_content()
    assert "nog niet" not in escalatie.get_content()
    [regel] = audit(engine, "ondernemer_geinformeerd")
    assert regel.belofte_id == oud.id and regel.details == {"kanaal": "rest", "bericht_id": bericht.id,
                                                             "nieuwe_belofte_id": nieuw.id}


def test_a_reminder_does_not_message_the_entrepreneur(zaak, engine, mailer, smtp):
    assert run(engine, mailer, HERINNERING)["herinneringen"] == 1
    assert berichten(engine) == []
    assert [m.kanaal for m in emails(engine)] == [EMAIL]


def test_the_escalation_goes_to_the_lead_of_the_team_the_case_got_not_of_its_article_now(
    zaak, engine, mailer, smtp
):
    """A teamleider who moves an article to their own team gets none of its existing cases' escalations
    (issue 13, attack 7: a case's team was read live from its article)."""
    from tests import factories as maak

    with transaction(engine) as session:
        maak.teamleider(session, team="vergunningen", naam="Vera Vos", email="v.vos@voorbeeldstad.nl")
        maak.verhuis_artikel(session, "terrasvergunning", naar_team="vergunningen")
    run(engine, mailer, DEADLINE)
    *_, (ontvangers, escalatie) = smtp.berichten
    assert escalatie["To"] == "s.devries@voorbeeldstad.nl"  # lead of horeca-evenementen, the case's team
    assert "v.vos@voorbeeldstad.nl" not in ontvangers
