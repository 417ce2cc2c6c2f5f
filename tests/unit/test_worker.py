"""The follow-up worker (bot/worker.py) against a real local SMTP server and a controlled clock."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import threading
from datetime import datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from bot.integraties import mailsink
from bot import worker
from bot.beloften.berichten import belofte_zin
from bot.integraties.email import Mailer
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import engine_for, make_engine, transaction
from bot.kern.settings import PROJECT_ROOT
from bot.kern.tijd import AMSTERDAM
from bot.medewerkers.directory import laad_medewerkers
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import Bericht, BezorgFout
from bot.worker import claim, herinneringsmoment, stap_voor, verwerk_beloften, verwerk_ronde
from bot.zaken.models import AuditRegel, Belofte

AMS = ZoneInfo("Europe/Amsterdam")
MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)  # Mehmet Yılmaz works on Mondays, 08:30-17:00
HERINNERING = datetime(2026, 11, 23, 15, 0, tzinfo=AMS)  # 8 working hours, reminder 2 hours before
DEADLINE = datetime(2026, 11, 23, 17, 0, tzinfo=AMS)


# --- a real SMTP server ------------------------------------------------------------------------


class Verzamelaar:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.berichten: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd hook name
        bericht = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.berichten.append((list(envelope.rcpt_tos), bericht))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, poort: int) -> None:
        self.poort = poort
        self.verzamelaar = Verzamelaar()
        self.controller: Controller | None = None

    @property
    def berichten(self) -> list[tuple[list[str], EmailMessage]]:
        return self.verzamelaar.berichten

    def start(self) -> None:
        self.controller = Controller(self.verzamelaar, hostname="127.0.0.1", port=self.poort)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def vrije_poort() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(vrije_poort):
    server = SmtpServer(vrije_poort)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailer(smtp) -> Mailer:
    return Mailer("127.0.0.1", smtp.poort, "ingang@voorbeeldstad.nl")


# --- a case with a promise ---------------------------------------------------------------------


def nieuwe_zaak(engine, gesprek_id: str = "g1", kanaal: str = "rest") -> dict:
    gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="een terras", waarom="meer klanten", hoe="in maart",
                             bedrijfsnaam="Café De Hoek", kvk_nummer="12345678", contactnaam="Ans Bos",
                             telefoon="+31612345678", email=None)
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=gegevens, kanaal=kanaal, gesprek_id=gesprek_id, moment=MAANDAG)


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        laad_medewerkers(session=session, pad=PROJECT_ROOT / "config" / "medewerkers.yml")
    return engine


@pytest.fixture
def zaak(gevuld) -> dict:
    payload = nieuwe_zaak(gevuld)
    assert payload["medewerker"]["naam"] == "Mehmet Yılmaz" and payload["actie"] == "terugbellen"
    return payload


def beloften(engine) -> list[Belofte]:
    with transaction(engine) as session:
        rijen = list(session.execute(select(Belofte).order_by(Belofte.id)).scalars())
        for rij in rijen:
            _ = rij.zaak.nummer, rij.medewerker.email
        return rijen


def audit(engine, wat: str) -> list[AuditRegel]:
    with transaction(engine) as session:
        return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat).order_by(AuditRegel.id)).scalars())


def berichten(engine) -> list[UitgaandBericht]:
    with transaction(engine) as session:
        return list(session.execute(select(UitgaandBericht).order_by(UitgaandBericht.id)).scalars())


def run(engine, mailer, nu: datetime, werker: str = "werker-1") -> dict[str, int]:
    return verwerk_beloften(engine=engine, mailer=mailer, nu=nu, werker=werker)


class TelBezorger:
    """A push deliverer that records what it was given; fails while ``fouten`` has items."""

    def __init__(self, kanaal: str = "telegram", fouten: list[BezorgFout] | None = None) -> None:
        self.kanaal = kanaal
        self.fouten = list(fouten or [])
        self.pogingen: list[Bericht] = []
        self.bezorgd: list[Bericht] = []
        self._slot = threading.Lock()

    def bezorg(self, bericht: Bericht) -> None:
        with self._slot:
            self.pogingen.append(bericht)
            if self.fouten:
                raise self.fouten.pop(0)
            self.bezorgd.append(bericht)


def ronde(engine, mailer, nu: datetime, bezorger: TelBezorger, werker: str = "werker-1") -> dict[str, int]:
    return verwerk_ronde(engine=engine, mailer=mailer, bezorgers={bezorger.kanaal: bezorger}, nu=nu, werker=werker)


# --- tests -------------------------------------------------------------------------------------


def test_the_reminder_moment_follows_the_service_norm_in_working_hours(zaak, engine):
    [belofte] = beloften(engine)
    with transaction(engine) as session:
        belofte = session.get(Belofte, belofte.id)
        assert herinneringsmoment(belofte, belofte.medewerker) == HERINNERING
    assert belofte.deadline == DEADLINE


def test_no_mail_before_the_reminder_moment(zaak, engine, mailer, smtp):
    assert run(engine, mailer, HERINNERING - timedelta(minutes=1)) == {"herinneringen": 0, "escalaties": 0}
    assert smtp.berichten == []
    [belofte] = beloften(engine)
    assert belofte.herinneringen_verstuurd == 0 and belofte.laatste_herinnering_op is None
    assert belofte.claimed_by is None


def test_exactly_one_reminder_even_when_run_again_and_after_a_restart(zaak, engine, database_url, mailer, smtp):
    assert run(engine, mailer, HERINNERING) == {"herinneringen": 1, "escalaties": 0}
    assert run(engine, mailer, HERINNERING + timedelta(minutes=30)) == {"herinneringen": 0, "escalaties": 0}
    herstart = make_engine(database_url)
    try:
        assert run(herstart, mailer, HERINNERING + timedelta(hours=1), werker="werker-2")["herinneringen"] == 0
    finally:
        herstart.dispose()

    [(ontvangers, bericht)] = smtp.berichten
    assert ontvangers == ["m.yilmaz@voorbeeldstad.nl"] and bericht["To"] == "m.yilmaz@voorbeeldstad.nl"
    tekst = bericht.get_content()
    assert zaak["zaak"] in bericht["Subject"] and zaak["zaak"] in tekst
    assert zaak["belofte"] in tekst
    assert "uiterlijk maandag 23 november om 17.00 uur" in tekst
    [belofte] = beloften(engine)
    assert belofte.herinneringen_verstuurd == 1 and belofte.laatste_herinnering_op == HERINNERING
    assert belofte.status == "open" and belofte.claimed_by is None and belofte.claimed_until is None
    [regel] = audit(engine, "herinnering_verstuurd")
    assert regel.belofte_id == belofte.id and regel.zaak_id == belofte.zaak_id and regel.wie == "werker-1"


def test_escalation_at_the_deadline_marks_te_laat_makes_a_new_promise_and_mails_the_team_lead(
    zaak, engine, mailer, smtp
):
    run(engine, mailer, HERINNERING)
    assert run(engine, mailer, DEADLINE) == {"herinneringen": 0, "escalaties": 1}
    assert run(engine, mailer, DEADLINE + timedelta(minutes=10)) == {"herinneringen": 0, "escalaties": 0}

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

    [te_laat] = audit(engine, "belofte_te_laat")
    [gemeld] = audit(engine, "escalatie_verstuurd")
    gedaan = audit(engine, "belofte_gedaan")
    assert te_laat.belofte_id == gemeld.belofte_id == oud.id and te_laat.zaak_id == oud.zaak_id
    assert gemeld.details["aan"] == "s.devries@voorbeeldstad.nl" and gemeld.details["nieuwe_belofte_id"] == nieuw.id
    assert [(r.belofte_id, r.wie) for r in gedaan] == [(oud.id, "assistent"), (nieuw.id, "werker-1")]


def test_escalation_without_an_earlier_reminder_sends_only_the_escalation(zaak, engine, mailer, smtp):
    assert run(engine, mailer, DEADLINE + timedelta(hours=1)) == {"herinneringen": 0, "escalaties": 1}
    assert len(smtp.berichten) == 1 and smtp.berichten[0][1]["To"] == "s.devries@voorbeeldstad.nl"
    assert beloften(engine)[0].herinneringen_verstuurd == 0


def twee_werkers_tegelijk(database_url: str, taak) -> list[dict[str, int]]:
    """Run ``taak(engine, werker)`` in two threads released at the same instant, each with its own
    engine (as two worker processes would have); their counts. Errors in a thread fail the test."""
    engines = [make_engine(database_url), make_engine(database_url)]
    start = threading.Barrier(2)
    tellingen: list[dict[str, int]] = []
    fouten: list[BaseException] = []

    def werk(nummer: int) -> None:
        try:
            start.wait()
            tellingen.append(taak(engines[nummer], f"werker-{nummer}"))
        except BaseException as fout:  # reported below
            fouten.append(fout)

    draden = [threading.Thread(target=werk, args=(i,)) for i in range(2)]
    try:
        for draad in draden:
            draad.start()
        for draad in draden:
            draad.join(timeout=60)
    finally:
        for engine in engines:
            engine.dispose()
    assert fouten == []
    return tellingen


@pytest.mark.parametrize("nu", [HERINNERING, DEADLINE], ids=["herinnering", "escalatie"])
def test_two_workers_at_the_same_moment_send_each_mail_once(gevuld, database_url, mailer, smtp, nu):
    for gesprek in ("g1", "g2", "g3"):
        nieuwe_zaak(gevuld, gesprek)
    with transaction(gevuld) as session:
        verwacht = sum(stap_voor(b, nu) is not None for b in session.execute(select(Belofte)).scalars())
    assert verwacht >= 1

    tellingen = twee_werkers_tegelijk(database_url, lambda engine, werker: run(engine, mailer, nu, werker=werker))
    totaal = sum(t["herinneringen"] + t["escalaties"] for t in tellingen)
    assert totaal == verwacht == len(smtp.berichten)
    assert all(b.herinneringen_verstuurd <= 1 and b.escalaties_verstuurd <= 1 for b in beloften(gevuld))
    assert all(b.claimed_by is None for b in beloften(gevuld))
    if nu == DEADLINE:
        assert sum(b.status == "open" for b in beloften(gevuld)) == verwacht  # one new promise each


def test_a_valid_claim_of_another_worker_is_respected_until_it_expires(zaak, engine, mailer, smtp):
    [belofte] = beloften(engine)
    with transaction(engine) as session:  # werker-a claimed it and then stopped (crash)
        assert claim(session=session, belofte_id=belofte.id, werker="werker-a", nu=HERINNERING,
                     duur=timedelta(minutes=5))
    with transaction(engine) as session:
        assert not claim(session=session, belofte_id=belofte.id, werker="werker-b", nu=HERINNERING,
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
        assert not claim(session=session, belofte_id=belofte.id, werker="w", nu=HERINNERING, duur=timedelta(minutes=5))


def test_an_smtp_failure_sends_and_marks_nothing_and_the_next_run_sends_it(zaak, engine, mailer, smtp):
    smtp.stop()
    assert run(engine, mailer, HERINNERING) == {"herinneringen": 0, "escalaties": 0}
    [belofte] = beloften(engine)
    assert belofte.herinneringen_verstuurd == 0 and belofte.laatste_herinnering_op is None
    assert belofte.claimed_by is None and belofte.claimed_until is None
    assert audit(engine, "herinnering_verstuurd") == []

    smtp.start()
    assert smtp.berichten == []
    assert run(engine, mailer, HERINNERING) == {"herinneringen": 1, "escalaties": 0}
    assert len(smtp.berichten) == 1

    smtp.stop()
    assert run(engine, mailer, DEADLINE) == {"herinneringen": 0, "escalaties": 0}
    [belofte] = beloften(engine)
    assert belofte.status == "open" and belofte.escalaties_verstuurd == 0 and belofte.claimed_by is None
    assert audit(engine, "belofte_te_laat") == []

    assert berichten(engine) == []  # the entrepreneur's message went with the rolled-back escalation

    smtp.start()
    assert run(engine, mailer, DEADLINE) == {"herinneringen": 0, "escalaties": 1}
    assert len(smtp.berichten) == 2
    assert [b.status for b in beloften(engine)] == ["te_laat", "open"]
    assert len(berichten(engine)) == 1


def test_the_mailer_reads_its_server_from_the_environment(monkeypatch):
    for naam in ("INGANG_SMTP_HOST", "INGANG_SMTP_PORT", "INGANG_SMTP_AFZENDER"):
        monkeypatch.delenv(naam, raising=False)
    assert Mailer.uit_omgeving() == Mailer("localhost", 8025, "ingang@voorbeeldstad.nl")
    monkeypatch.setenv("INGANG_SMTP_HOST", "smtp.voorbeeldstad.nl")
    monkeypatch.setenv("INGANG_SMTP_PORT", "2525")
    monkeypatch.setenv("INGANG_SMTP_AFZENDER", "loket@voorbeeldstad.nl")
    assert Mailer.uit_omgeving() == Mailer("smtp.voorbeeldstad.nl", 2525, "loket@voorbeeldstad.nl")


def test_the_mailer_sends_plain_dutch_text(mailer, smtp):
    mailer.verstuur(aan="m.yilmaz@voorbeeldstad.nl", onderwerp="Zaak ON-2026-00001", tekst="Beste Mehmet Yılmaz, één vraag.")
    [(ontvangers, bericht)] = smtp.berichten
    assert ontvangers == ["m.yilmaz@voorbeeldstad.nl"] and bericht["From"] == "ingang@voorbeeldstad.nl"
    assert bericht.get_content_type() == "text/plain"
    assert bericht.get_content().strip() == "Beste Mehmet Yılmaz, één vraag."


# --- informing the entrepreneur (the outbox) ---------------------------------------------------


def test_escalation_tells_the_entrepreneur_on_their_channel_once(zaak, engine, database_url, mailer, smtp):
    assert run(engine, mailer, DEADLINE) == {"herinneringen": 0, "escalaties": 1}
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


def test_a_push_message_is_delivered_in_the_same_run_and_never_again(gevuld, database_url, mailer, smtp):
    nieuwe_zaak(gevuld, "chat-42", kanaal="telegram")
    bezorger = TelBezorger("telegram")
    assert ronde(gevuld, mailer, DEADLINE, bezorger) == {"herinneringen": 0, "escalaties": 1, "afgeleverd": 1,
                                                          "mislukt": 0, "geexporteerd": 0, "overnames_vrijgegeven": 0}
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


def test_messages_of_a_channel_without_deliverer_keep_waiting(zaak, engine, mailer, smtp):
    bezorger = TelBezorger("telegram")
    assert ronde(engine, mailer, DEADLINE, bezorger)["afgeleverd"] == 0
    assert bezorger.pogingen == []
    assert [(b.kanaal, b.status) for b in berichten(engine)] == [("rest", "wachtend")]


def test_a_failed_delivery_is_retried_after_a_pause_and_then_delivered_once(gevuld, mailer, smtp):
    nieuwe_zaak(gevuld, "chat-7", kanaal="telegram")
    bezorger = TelBezorger("telegram", fouten=[BezorgFout("Telegram antwoordt niet")])
    assert ronde(gevuld, mailer, DEADLINE, bezorger)["mislukt"] == 1
    [rij] = berichten(gevuld)
    assert rij.status == "wachtend" and rij.pogingen == 1 and rij.laatste_fout == "Telegram antwoordt niet"
    assert rij.volgende_poging_op == DEADLINE + timedelta(seconds=30) and rij.claimed_by is None

    assert ronde(gevuld, mailer, DEADLINE + timedelta(seconds=29), bezorger) == {
        "herinneringen": 0, "escalaties": 0, "afgeleverd": 0, "mislukt": 0, "geexporteerd": 0, "overnames_vrijgegeven": 0}
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
    assert sum(t["afgeleverd"] for t in tellingen) == 6 and sum(t["escalaties"] for t in tellingen) == 6


def test_the_command_runs_one_round_with_the_configured_servers(zaak, database_url, smtp, monkeypatch):
    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    monkeypatch.setenv("INGANG_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("INGANG_SMTP_PORT", str(smtp.poort))
    bezorger = TelBezorger("rest")  # stands in for a push channel registered by the lead
    monkeypatch.setattr(worker, "bezorgers_uit_omgeving", lambda: {bezorger.kanaal: bezorger})
    try:
        worker.main(["--eenmalig"], klok=lambda: DEADLINE)
    finally:
        engine_for(database_url).dispose()
    assert [b["To"] for _, b in smtp.berichten] == ["s.devries@voorbeeldstad.nl"]
    assert [b.ontvanger for b in bezorger.bezorgd] == ["g1"]


# --- the local mail sink -----------------------------------------------------------------------


def test_the_mail_sink_keeps_each_message_as_an_eml_file(tmp_path, vrije_poort, caplog):
    map_ = tmp_path / "mail"
    sink = mailsink.start(host="127.0.0.1", poort=vrije_poort, map_=map_)
    try:
        with caplog.at_level(logging.INFO, logger="bot.integraties.mailsink"):
            Mailer("127.0.0.1", vrije_poort, "ingang@voorbeeldstad.nl").verstuur(
                aan="m.yilmaz@voorbeeldstad.nl", onderwerp="Herinnering: zaak ON-2026-00001", tekst="Beste Mehmet,",
                cc=["s.devries@voorbeeldstad.nl"])
    finally:
        sink.stop()
    [bestand] = list(map_.iterdir())
    assert bestand.suffix == ".eml"
    bericht = email.message_from_bytes(bestand.read_bytes(), policy=email.policy.default)
    assert bericht["Subject"] == "Herinnering: zaak ON-2026-00001" and bericht.get_content().strip() == "Beste Mehmet,"
    assert bericht["X-Envelope-To"] == "m.yilmaz@voorbeeldstad.nl, s.devries@voorbeeldstad.nl"
    [regel] = [r.getMessage() for r in caplog.records if r.name == "bot.integraties.mailsink"]
    assert "m.yilmaz@voorbeeldstad.nl" in regel and "ON-2026-00001" in regel and bestand.name in regel


def test_the_mail_sink_listens_where_the_worker_sends(monkeypatch, tmp_path):
    monkeypatch.setenv("INGANG_DATA_DIR", str(tmp_path))
    assert mailsink.standaard_map() == tmp_path / "mail"
