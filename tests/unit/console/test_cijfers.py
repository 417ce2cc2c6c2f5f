"""The figures page of the console: headline figure, charts, date range, CSV, 'geen gegevens'."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.beloften.service import markeer_nagekomen
from bot.console.app import maak_app
from bot.kennisbank.models import KennisbankArtikel
from bot.kern.db import make_engine, transaction
from bot.zaken.models import Belofte, Zaak
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, log_in, maak_accounts, nieuwe_zaak, vul_database

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOVEMBER = {"van": "2026-11-01", "tot": "2026-11-30"}


def gebruiker(tekst: str, intent: str, moment: datetime, kanaal: str = "rest") -> UserUttered:
    return UserUttered(tekst, {"name": intent, "confidence": 0.9}, timestamp=moment.timestamp(), input_channel=kanaal)


def kennisbank(artikel: str, moment: datetime) -> BotUttered:
    return BotUttered("antwoord", {"custom": {"kennisbank": {"id": artikel, "titel": artikel, "url": "https://x"}}},
                      timestamp=moment.timestamp())


def schrijf_tracker(store: SQLTrackerStore, gesprekken: dict[str, list]) -> None:
    for sender, events in gesprekken.items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


@pytest.fixture
def tracker_engine(tracker_store):
    """A tracker store written by Rasa's own SQLTrackerStore: one answered, one not helped and handed off."""
    t = MAANDAG + timedelta(hours=1)
    schrijf_tracker(tracker_store, {
        "a": [gebruiker("mag ik een terras?", "ask_question", t),
              kennisbank("terrasvergunning", t + timedelta(seconds=1))],
        "b": [gebruiker("wanneer koopzondag", "ask_question", t, "webchat"),
              kennisbank("winkeltijden", t + timedelta(seconds=1)),
              gebruiker("nee", "deny", t + timedelta(seconds=5), "webchat"),
              ActionExecuted("utter_niet_geholpen", timestamp=(t + timedelta(seconds=6)).timestamp()),
              BotUttered("Zaak", {"custom": {"overdracht": {"zaak": "ON-2026-00001"}}},
                         timestamp=(t + timedelta(seconds=9)).timestamp())],
    })
    engine = make_engine(tracker_store.ingang_url)
    yield engine
    engine.dispose()


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz")})
    return engine


@pytest.fixture
def beloften(gevuld):
    """Two cases: a promise kept on time (recorded 3 working hours after the handoff, as a medewerker does
    in the console) and one still open after its deadline. Returns the later deadline."""
    nieuwe_zaak(gevuld, gesprek_id="g1")
    nieuwe_zaak(gevuld, gesprek_id="g2")
    with transaction(gevuld) as session:
        [op_tijd, open_] = session.execute(select(Belofte).join(Zaak).order_by(Zaak.gesprek_id)).scalars().all()
        markeer_nagekomen(session=session, belofte=op_tijd, notitie="Gebeld", door="console:mehmet-yilmaz",
                          nu=MAANDAG + timedelta(hours=3))
        return max(op_tijd.deadline, open_.deadline)


@pytest.fixture
def klok(beloften) -> Klok:
    return Klok(beloften + timedelta(hours=1))  # both deadlines have passed


@pytest.fixture
def client(gevuld, klok, tracker_engine):
    app = maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa(), tracker_engine=tracker_engine)
    with TestClient(app) as client:
        log_in(client, "mehmet-yilmaz")  # every role may see the figures
        yield client


def test_the_page_shows_the_headline_figure_first_and_the_charts(client):
    pagina = client.get("/cijfers", params=NOVEMBER)
    assert pagina.status_code == 200
    tekst = pagina.text
    assert "Beloften op tijd nagekomen" in tekst and '<p class="groot">50%</p>' in tekst
    assert "1 van de 2 beloften" in tekst
    assert tekst.index("50%") < tekst.index("<svg")  # the headline comes before the charts
    assert tekst.count("<svg") == 3  # conversations, questions, subjects
    assert "Gesprekken per dag en kanaal" in tekst and "Website-chat" in tekst  # the channel by its name (templates/namen.html)
    assert "Koppeling met een ander systeem" in tekst and ">rest<" not in tekst and ">webchat<" not in tekst
    assert "Terras bij uw horecazaak" in tekst  # the bar chart uses article titles
    assert ">terrasvergunning<" not in tekst and ">winkeltijden<" not in tekst  # never the subject ids
    # median time to first contact: the recorded contact, in working time, and on how many cases it rests
    assert '<p class="tegel-getal">3 uur</p>' in tekst
    assert "mediaan van 1 van de 2 zaken" in tekst and "1 zaak heeft nog geen vastgelegd contact" in tekst
    assert "50%" in tekst.split("alleen door de digitale assistent")[0].rsplit("tegel-getal", 1)[1]
    # open and overdue promises per team, by the team's name
    assert "<td>Horeca en evenementen</td><td>1</td>" in tekst.replace("\n", "").replace("  ", "")
    # the article that did not help, with its title and a link to it
    assert 'href="/kennisbank/artikelen/winkeltijden"' in tekst
    assert 'href="/cijfers.zip?van=2026-11-01&amp;tot=2026-11-30"' in tekst
    assert 'href="/cijfers.csv?tabel=onderwerpen&amp;van=2026-11-01&amp;tot=2026-11-30"' in tekst
    assert "<th scope=\"row\">23 november 2026</th>" in tekst  # the table for screen readers


def test_titles_in_charts_and_tables_are_escaped(client, gevuld):
    with transaction(gevuld) as session:
        session.get(KennisbankArtikel, "terrasvergunning").titel = "<script>alert(1)</script>"
    tekst = client.get("/cijfers", params=NOVEMBER).text
    assert "<script>alert(1)</script>" not in tekst and "&lt;script&gt;" in tekst


def test_the_default_range_is_the_last_30_days(client, klok):
    pagina = client.get("/cijfers")
    vandaag = klok.nu.astimezone(AMSTERDAM).date()
    assert pagina.status_code == 200
    assert f'value="{(vandaag - timedelta(days=29)).isoformat()}"' in pagina.text
    assert f'value="{vandaag.isoformat()}"' in pagina.text


@pytest.mark.parametrize("params, melding", [
    ({"van": "2026-13-01", "tot": "2026-11-30"}, "De datum bij &#39;van&#39; klopt niet"),
    ({"van": "2026-11-01", "tot": "30-11-2026"}, "De datum bij &#39;tot en met&#39; klopt niet"),
    ({"van": "2026-11-30", "tot": "2026-11-01"}, "ligt vóór de datum bij &#39;van&#39;"),
    ({"van": "2020-01-01", "tot": "2026-11-30"}, "hoogstens 366 dagen"),
    ({"van": "<script>x</script>"}, "klopt niet"),
])
def test_bad_dates_give_a_friendly_dutch_error(client, params, melding):
    pagina = client.get("/cijfers", params=params)
    assert pagina.status_code == 400
    assert melding in pagina.text and 'role="alert"' in pagina.text
    assert "<svg" not in pagina.text and "<script>x" not in pagina.text
    assert client.get("/cijfers.csv", params={**params, "tabel": "onderwerpen"}).status_code == 400
    assert client.get("/cijfers.zip", params=params).status_code == 400


def lees_csv(inhoud: bytes) -> list[list[str]]:
    assert inhoud.startswith("\ufeff".encode("utf-8"))  # Excel in Dutch reads UTF-8 with a BOM
    return list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))


def test_the_zip_holds_one_dutch_csv_per_table_row_for_row_as_the_page(client):
    pagina = client.get("/cijfers", params=NOVEMBER).text
    antwoord = client.get("/cijfers.zip", params=NOVEMBER)
    assert antwoord.status_code == 200 and antwoord.headers["content-type"] == "application/zip"
    assert 'filename="ingang-cijfers-2026-11-01-tot-en-met-2026-11-30.zip"' in antwoord.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(antwoord.content)) as archief:
        tabellen = {naam: lees_csv(archief.read(naam)) for naam in archief.namelist()}
    assert {naam: rijen[0] for naam, rijen in tabellen.items()} == {
        "kerncijfers.csv": ["Kerncijfer", "Waarde"],
        "gesprekken-en-vragen-per-dag.csv": ["Dag", "Koppeling met een ander systeem: gesprekken",
                                             "Koppeling met een ander systeem: vragen", "Website-chat: gesprekken",
                                             "Website-chat: vragen"],
        "onderwerpen.csv": ["Onderwerp", "Keer beantwoord"],
        "artikelen-die-niet-hielpen.csv": ["Artikel", "Keer niet geholpen"],
        "open-beloften-per-team.csv": ["Team", "Open beloften", "Waarvan te laat"],
    }
    # as many rows as the page's tables (the sections of the page, each counted by its rows)
    def rijen_op_pagina(kop: str) -> int:
        sectie = pagina.split(f'id="{kop}"')[1].split("</section>")[0]
        return sectie.split("<tbody>")[1].split("</tbody>")[0].count("<tr")
    assert len(tabellen["gesprekken-en-vragen-per-dag.csv"]) - 1 == rijen_op_pagina("kop-per-dag") == 1
    assert len(tabellen["onderwerpen.csv"]) - 1 == rijen_op_pagina("kop-onderwerpen") == 2
    assert len(tabellen["artikelen-die-niet-hielpen.csv"]) - 1 == rijen_op_pagina("kop-niet-geholpen") == 1
    assert len(tabellen["open-beloften-per-team.csv"]) - 1 == rijen_op_pagina("kop-teams") == 1
    # names, never keys: titles, channels, teams; numbers the Dutch way
    assert ["Terras bij uw horecazaak", "1"] in tabellen["onderwerpen.csv"]
    assert ["2026-11-23", "1", "1", "1", "1"] in tabellen["gesprekken-en-vragen-per-dag.csv"]
    assert ["Horeca en evenementen", "1", "1"] in tabellen["open-beloften-per-team.csv"]
    kern = dict(tabellen["kerncijfers.csv"][1:])
    assert kern["Beloften op tijd nagekomen (procent)"] == "50"
    assert kern["Tijd tot eerste contact, mediaan (werkuren)"] == "3"
    assert kern["Zaken met vastgelegd eerste contact"] == "1" and kern["Zaken aangemaakt in de periode"] == "2"
    alles = " ".join(" ".join(" ".join(r) for r in rijen) for rijen in tabellen.values())
    for sleutel in ("terrasvergunning", "winkeltijden", "horeca-evenementen", "webchat", "beloften_op_tijd"):
        assert sleutel not in alles


def test_one_table_downloads_as_its_own_csv(client):
    antwoord = client.get("/cijfers.csv", params={**NOVEMBER, "tabel": "onderwerpen"})
    assert antwoord.status_code == 200
    assert antwoord.headers["content-type"] == "text/csv; charset=utf-8"
    assert antwoord.headers["content-disposition"].startswith("attachment;")
    assert "ingang-onderwerpen-2026-11-01-tot-en-met-2026-11-30.csv" in antwoord.headers["content-disposition"]
    assert lees_csv(antwoord.content)[0] == ["Onderwerp", "Keer beantwoord"]
    onbekend = client.get("/cijfers.csv", params={**NOVEMBER, "tabel": "bestaat-niet"})
    assert onbekend.status_code == 404 and "Deze tabel bestaat niet" in onbekend.text


def test_an_empty_range_says_geen_gegevens(client):
    pagina = client.get("/cijfers", params={"van": "2025-01-01", "tot": "2025-01-31"})
    assert pagina.status_code == 200
    assert "<svg" not in pagina.text
    assert "in deze periode is de deadline van nog geen enkele belofte voorbij" in pagina.text
    assert "er zijn in deze periode geen gesprekken" in pagina.text
    assert "nog geen vragen met een artikel beantwoord" in pagina.text
    assert "zei niemand dat een antwoord niet hielp" in pagina.text
    # no recorded contact: a dash and why, never "0 uur"
    assert "tot het eerste contact: nog geen gegevens" in pagina.text and not re.search(r"(?<![\d.,])0 uur", pagina.text)


def test_without_a_readable_tracker_store_the_promise_figures_still_show(gevuld, klok, tmp_path):
    leeg = make_engine(f"sqlite:///{tmp_path / 'geen-tracker.db'}")  # no events table
    app = maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa(), tracker_engine=leeg)
    with TestClient(app) as client:
        log_in(client, "mehmet-yilmaz")
        pagina = client.get("/cijfers", params=NOVEMBER)
        assert pagina.status_code == 200
        assert "De gesprekken konden niet worden gelezen" in pagina.text and "50%" in pagina.text
        assert client.get("/cijfers.zip", params=NOVEMBER).status_code == 503
    leeg.dispose()
