"""The figures: conversations from a real Rasa SQL tracker store, promises from the app database."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.beloften.service import markeer_nagekomen
from bot.cijfers.archief import GesprekArchief
from bot.cijfers.contact import contacttijd, werkuren_tussen
from bot.cijfers.dagen import dag_grenzen
from bot.cijfers.export import Tabel, als_csv, veilig
from bot.cijfers.gesprekken import gesprek_cijfers
from bot.cijfers.overzicht import bereken_overzicht
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import make_engine, transaction
from bot.kern.tracker import EVENTS
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.privacy.bewaren import verwijder_gesprekken_zonder_zaak
from bot.zaken.models import Belofte
from bot.zaken.service import schrijf_audit
from tests import factories as maak

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAANDAG = datetime(2026, 11, 23, 10, 0, tzinfo=AMSTERDAM)


def gebruiker(tekst: str, intent: str, moment: datetime, kanaal: str = "rest") -> UserUttered:
    return UserUttered(tekst, {"name": intent, "confidence": 0.9}, timestamp=moment.timestamp(), input_channel=kanaal)


def kennisbank(artikel: str, moment: datetime) -> BotUttered:
    return BotUttered("antwoord", {"custom": {"kennisbank": {"id": artikel, "titel": artikel, "url": "https://x"}}},
                      timestamp=moment.timestamp())


def actie(naam: str, moment: datetime) -> ActionExecuted:
    return ActionExecuted(naam, timestamp=moment.timestamp())


@pytest.fixture
def tracker_engine(tracker_store):
    """A tracker store written by Rasa's own SQLTrackerStore, with four conversations."""
    store = tracker_store
    t = MAANDAG
    gesprekken = {
        # answered by the bot alone
        "a": [gebruiker("mag ik een terras?", "ask_question", t), kennisbank("terrasvergunning", t + timedelta(seconds=1))],
        # the answer did not help, then handed off
        "b": [gebruiker("wanneer koopzondag", "ask_question", t, "webchat"),
              kennisbank("winkeltijden", t + timedelta(seconds=1)),
              gebruiker("nee", "deny", t + timedelta(seconds=5), "webchat"),
              actie("utter_niet_geholpen", t + timedelta(seconds=6)),
              BotUttered("Zaak", {"custom": {"overdracht": {"zaak": "ON-2026-00001"}}},
                         timestamp=(t + timedelta(seconds=9)).timestamp())],
        # a greeting only: a conversation without a question
        "c": [gebruiker("hallo", "greet", t + timedelta(days=1), "telegram")],
        # taken over by a medewerker
        "d": [gebruiker("mag ik een terras?", "ask_question", t + timedelta(days=1)),
              kennisbank("terrasvergunning", t + timedelta(days=1, seconds=1)),
              SlotSet("overgenomen_door", "Sanne", timestamp=(t + timedelta(days=1, seconds=3)).timestamp())],
        # outside the range
        "e": [gebruiker("mag ik een terras?", "ask_question", t + timedelta(days=30))],
    }
    for sender, events in gesprekken.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    engine = make_engine(store.ingang_url)
    yield engine
    engine.dispose()


def test_conversation_figures_follow_the_definitions(tracker_engine):
    cijfers = gesprek_cijfers(engine=tracker_engine, van=date(2026, 11, 23), tot_en_met=date(2026, 11, 24))
    assert cijfers.gesprekken_per_dag_kanaal == {
        (date(2026, 11, 23), "rest"): 1, (date(2026, 11, 23), "webchat"): 1,
        (date(2026, 11, 24), "telegram"): 1, (date(2026, 11, 24), "rest"): 1,
    }
    assert cijfers.gesprekken == 4 and cijfers.vragen == 3
    assert cijfers.onderwerpen == [("terrasvergunning", 2), ("winkeltijden", 1)]
    assert cijfers.gesprekken_met_vraag == 3
    assert cijfers.door_bot_beantwoord == 1  # 'a' only: 'b' did not help and went to a person, 'd' taken over
    assert cijfers.overgedragen == 1
    assert cijfers.niet_geholpen == [("winkeltijden", 1)]


def test_an_empty_range_has_no_figures(tracker_engine):
    cijfers = gesprek_cijfers(engine=tracker_engine, van=date(2025, 1, 1), tot_en_met=date(2025, 1, 31))
    assert cijfers.gesprekken == 0 and cijfers.onderwerpen == [] and cijfers.gesprekken_met_vraag == 0


@pytest.fixture
def app_engine(engine, artikelen, tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        maak.horecateam(session)  # terrace questions go to Mehmet Yılmaz, team horeca-evenementen
    return engine


def maak_zaak(engine, gesprek: str) -> Belofte:
    gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="terras", waarom="klanten", hoe="maart",
                             bedrijfsnaam="Café", kvk_nummer="12345678", contactnaam="Ans",
                             telefoon="+31612345678", email=None)
    with transaction(engine) as session:
        draag_over(session=session, gegevens=gegevens, kanaal="rest", gesprek_id=gesprek, moment=MAANDAG)
    with transaction(engine) as session:
        from bot.zaken.models import Zaak
        return session.execute(select(Belofte).join(Zaak).where(Zaak.gesprek_id == gesprek)).scalar_one()


def test_promises_kept_on_time_median_contact_and_overdue_per_team(app_engine, tracker_engine):
    op_tijd, te_laat, nog_open = (maak_zaak(app_engine, g) for g in ("p1", "p2", "p3"))
    with transaction(app_engine) as session:  # recorded the way a medewerker does, with a row in the history
        markeer_nagekomen(session=session, belofte=session.get(Belofte, op_tijd.id), notitie=None, door="console:m",
                          nu=MAANDAG + timedelta(hours=2))
        twee = session.get(Belofte, te_laat.id)
        markeer_nagekomen(session=session, belofte=twee, notitie=None, door="console:m",
                          nu=twee.deadline + timedelta(hours=1))
        # moving the article to another team later moves none of its cases (issue 13, attack 7)
        maak.verhuis_artikel(session, "terrasvergunning", naar_team="vergunningen")
    nu = nog_open.deadline + timedelta(hours=1)
    overzicht = bereken_overzicht(app_engine=app_engine, tracker_engine=tracker_engine, van=date(2026, 11, 1),
                                  tot_en_met=date(2026, 11, 30), nu=nu)
    assert overzicht.beloften.afgelopen == 3
    assert overzicht.beloften.op_tijd == 1
    assert overzicht.beloften.aandeel_op_tijd == pytest.approx(1 / 3)
    # first contact after 2 working hours and after (deadline + 1 h), in working time; the median of those
    # two, of the two cases with a recorded contact out of three
    verwacht = (2 + werkuren_tussen(MAANDAG, te_laat.deadline + timedelta(hours=1))) / 2
    contact = overzicht.beloften.contact
    assert contact.mediaan_werkuren == pytest.approx(verwacht, abs=0.01)
    assert (contact.zaken_met_contact, contact.zaken, contact.zonder_contact) == (2, 3, 1)
    [stand] = overzicht.beloften.per_team
    assert (stand.team, stand.open, stand.te_laat) == ("horeca-evenementen", 1, 1)
    assert overzicht.aandeel_door_bot == pytest.approx(1 / 3)


def test_csv_is_excel_friendly_and_formula_safe():
    tekst = als_csv(Tabel(bestand="onderwerpen", kolommen=["Onderwerp", "Keer beantwoord"],
                          rijen=[['=HYPERLINK("http://kwaad")', 2], ["Terras", 0.5]])).decode("utf-8")
    assert tekst.startswith("\ufeff") and "\r\n" in tekst
    rijen = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    assert rijen == [["Onderwerp", "Keer beantwoord"], ["'=HYPERLINK(\"http://kwaad\")", "2"], ["Terras", "0,5"]]
    assert veilig(0.5) == "0,5" and veilig(3.0) == "3" and veilig(2.25) == "2,25" and veilig("-1") == "'-1"
    assert veilig(None) == ""


def test_the_figures_stay_the_same_after_retention_deleted_the_conversations(app_engine, tracker_engine):
    """Retention archives what the figures count (bot/cijfers/archief.py) before it deletes."""
    van, tot = date(2026, 11, 1), date(2026, 12, 31)
    voor = bereken_overzicht(app_engine=app_engine, tracker_engine=tracker_engine, van=van, tot_en_met=tot,
                             nu=MAANDAG).gesprekken
    later = MAANDAG + timedelta(days=120)
    assert verwijder_gesprekken_zonder_zaak(engine=app_engine, tracker=tracker_engine, nu=later,
                                            termijn=timedelta(days=30)) == 5
    with tracker_engine.connect() as verbinding:
        assert verbinding.execute(select(EVENTS)).first() is None
    na = bereken_overzicht(app_engine=app_engine, tracker_engine=tracker_engine, van=van, tot_en_met=tot,
                           nu=later).gesprekken
    assert na == voor
    with transaction(app_engine) as session:
        teksten = [t for rij in session.execute(select(GesprekArchief)).scalars() for t in rij.vraagteksten]
    assert sorted(teksten) == sorted(["mag ik een terras?", "wanneer koopzondag", "mag ik een terras?",
                                      "mag ik een terras?"])


def test_the_median_counts_the_first_recorded_contact_per_case_and_leaves_out_cases_without_one(app_engine):
    """Only the history's 'belofte_nagekomen' row counts as contact: a case without one is left out (not 0),
    a case contacted twice counts its first contact once."""
    eerste, tweede, zonder = (maak_zaak(app_engine, g) for g in ("m1", "m2", "m3"))
    with transaction(app_engine) as session:
        markeer_nagekomen(session=session, belofte=session.get(Belofte, eerste.id), notitie=None, door="console:m",
                          nu=MAANDAG + timedelta(hours=1))
        belofte = session.get(Belofte, tweede.id)
        markeer_nagekomen(session=session, belofte=belofte, notitie=None, door="console:m",
                          nu=MAANDAG + timedelta(hours=4))
        schrijf_audit(session=session, wie="console:m", wat="belofte_nagekomen", zaak=belofte.zaak, belofte=belofte,
                      details={}, moment=MAANDAG + timedelta(days=3))  # a later contact does not change the first
        # a status without a recorded contact (set outside the console) is no contact
        zonder_rij = session.get(Belofte, zonder.id)
        zonder_rij.status, zonder_rij.nagekomen_op = "nagekomen", MAANDAG
        begin, einde = dag_grenzen(date(2026, 11, 1), date(2026, 11, 30))
        contact = contacttijd(session=session, begin=begin, einde=einde)
    assert (contact.zaken, contact.zaken_met_contact, contact.zonder_contact) == (3, 2, 1)
    assert contact.mediaan_werkuren == pytest.approx(2.5)  # the median of 1 and 4 working hours
    with transaction(app_engine) as session:
        leeg = contacttijd(session=session, begin=begin - timedelta(days=60), einde=begin - timedelta(days=30))
    assert (leeg.mediaan_werkuren, leeg.zaken_met_contact, leeg.zaken) == (None, 0, 0)
