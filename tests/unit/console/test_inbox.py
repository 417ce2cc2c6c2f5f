"""The inbox: company, promised action and deadline chips, counts per tab, the default tab with work in it,
no "Alle zaken" that repeats "Mijn team", and /api/inbox that the page polls (shape and access)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from starlette.testclient import TestClient

from bot.beloften.service import open_belofte
from bot.console.app import maak_app
from bot.console.inbox import chip
from bot.kern.db import transaction
from bot.overname.service import vraag_live_chat
from bot.zaken.models import Belofte, BelofteStatus
from bot.zaken.service import zaak_op_nummer
from tests.unit.console.hulp import AMS, MAANDAG, Klok, NepRasa, account_met_token, nieuwe_zaak, vul_database

ROLLEN = {
    "mehmet": ("medewerker", "mehmet-yilmaz"),  # handles the case (team horeca-evenementen)
    "lotte": ("medewerker", "lotte-bakker"),  # same team, not the handler
    "sanne": ("teamleider", "sanne-de-vries"),  # leads horeca-evenementen
    "joost": ("medewerker", "joost-van-dijk"),  # another team
    "beheer": ("beheerder", None),
}


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG + timedelta(hours=1))


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    return engine


@pytest.fixture
def nummer(gevuld) -> str:
    return nieuwe_zaak(gevuld)["zaak"]


@pytest.fixture
def kop(gevuld) -> dict[str, dict[str, str]]:
    """An Authorization header per user (pages accept the token as the API does)."""
    return {naam: {"Authorization": "Bearer " + account_met_token(gevuld, gebruikersnaam=naam, rol=rol, sleutel=s)}
            for naam, (rol, s) in ROLLEN.items()}


@pytest.fixture
def client(gevuld, klok):
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        yield client


def deadline_van(engine, nummer: str) -> tuple[str, datetime]:
    with transaction(engine) as session:
        belofte = open_belofte(zaak_op_nummer(session=session, nummer=nummer))
        return belofte.actie, belofte.deadline


def tab_links(html: str) -> dict[str, str]:
    """{tab: its link text} of the inbox's tabs, whitespace folded."""
    return {t: " ".join(re.sub(r"<[^>]+>", "", tekst).split())
            for t, tekst in re.findall(r'<a href="/\?tab=(\w+)"[^>]*>(.*?)</a>', html, re.S)
            if "data-telling" in tekst}


# --- chips ---------------------------------------------------------------------------------------


def _belofte(deadline: datetime, status: str = BelofteStatus.OPEN) -> Belofte:
    return Belofte(deadline=deadline, status=status)


@pytest.mark.parametrize(("deadline", "verwacht"), [
    (datetime(2026, 11, 23, 23, 45, tzinfo=AMS), "vandaag"),
    (datetime(2026, 11, 24, 0, 30, tzinfo=AMS), "morgen"),  # still Monday in UTC: the Amsterdam calendar counts
    (datetime(2026, 11, 24, 23, 59, tzinfo=AMS), "morgen"),
    (datetime(2026, 11, 25, 9, 0, tzinfo=AMS), None),
    (datetime(2026, 11, 23, 22, 0, tzinfo=AMS), "te_laat"),
])
def test_the_chip_follows_the_amsterdam_calendar(deadline, verwacht):
    nu = datetime(2026, 11, 23, 23, 0, tzinfo=AMS)
    assert chip(_belofte(deadline), nu) == verwacht


def test_a_promise_marked_te_laat_or_none_at_all():
    nu = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)
    assert chip(_belofte(nu + timedelta(days=3), BelofteStatus.TE_LAAT), nu) == "te_laat"
    assert chip(None, nu) is None


# --- the page ------------------------------------------------------------------------------------


def test_a_row_shows_company_action_deadline_and_its_chip(client, gevuld, nummer, kop, klok):
    actie, deadline = deadline_van(gevuld, nummer)
    klok.nu = deadline - timedelta(minutes=30)  # the deadline is today
    pagina = client.get("/", headers=kop["mehmet"]).text
    rij = re.search(rf'<tr data-zaak="{nummer}".*?</tr>', pagina, re.S).group(0)
    assert "Café De Hoek" in rij and "Vandaag</strong>" in rij
    assert {"terugbellen": "Bellen", "mailen": "Mailen"}.get(actie, "") in rij
    klok.nu = deadline - timedelta(days=1)
    assert "Morgen</strong>" in client.get("/", headers=kop["mehmet"]).text
    klok.nu = deadline + timedelta(minutes=1)
    pagina = client.get("/", headers=kop["mehmet"]).text
    assert "Te laat</strong>" in pagina and 'class="te-laat"' in pagina


def test_every_tab_shows_its_count(client, gevuld, nummer, kop):
    nieuwe_zaak(gevuld, gesprek_id="g2", wat="een tweede terras", moment=MAANDAG + timedelta(minutes=5))
    links = tab_links(client.get("/", headers=kop["sanne"]).text)
    assert links["team"] == "Mijn team (2)"
    assert re.fullmatch(r"Mijn zaken \(\d\)", links["mijn"])


def test_the_default_tab_is_the_first_with_work_and_an_empty_own_tab_points_to_the_team(client, nummer, kop):
    mehmet = client.get("/", headers=kop["mehmet"]).text
    assert 'href="/?tab=mijn" aria-current="page"' in mehmet and 'id="team-hint"' not in mehmet

    lotte = client.get("/", headers=kop["lotte"]).text  # nothing of her own; her team has a case
    assert 'href="/?tab=team" aria-current="page"' in lotte and nummer in lotte
    assert "Hieronder staan de open zaken van uw team" in lotte
    eigen = client.get("/?tab=mijn", headers=kop["lotte"]).text
    assert 'href="/?tab=mijn" aria-current="page"' in eigen and f'<tr data-zaak="{nummer}"' not in eigen
    assert f'data-bekende-zaken="{nummer}"' in eigen, "known for the new-case alerts of every tab"
    hint = re.search(r'<p class="let-op-tekst" id="team-hint">(.*?)</p>', eigen, re.S).group(1)
    assert "Uw team heeft er" in hint and "1" in hint and 'href="/?tab=team"' in hint

    joost = client.get("/", headers=kop["joost"]).text  # nothing anywhere: his own tab, no hint
    assert 'href="/?tab=mijn" aria-current="page"' in joost and 'id="team-hint"' not in joost
    assert "Er zijn geen open zaken in deze lijst." in joost


def test_only_a_beheerder_gets_alle_zaken(client, nummer, kop):
    for naam in ("mehmet", "lotte", "sanne"):
        pagina = client.get("/?tab=alle", headers=kop[naam]).text
        assert set(tab_links(pagina)) == {"mijn", "team"}, naam
        assert 'href="/?tab=alle"' not in pagina and "Alle zaken" not in pagina, naam
    beheer = client.get("/", headers=kop["beheer"]).text
    assert tab_links(beheer) == {"alle": "Alle zaken (1)"} and nummer in beheer


def test_the_inbox_loads_its_script_and_no_inline_one(client, nummer, kop):
    pagina = client.get("/", headers=kop["mehmet"]).text
    assert '<script src="/static/inbox.js" defer></script>' in pagina
    assert len(re.findall(r"<script", pagina)) == 1 and " onclick=" not in pagina
    assert 'data-bron="/api/inbox?tab=mijn"' in pagina and 'id="meldingen-aanzetten"' in pagina
    assert client.get("/static/inbox.js").status_code == 200


# --- /api/inbox ----------------------------------------------------------------------------------


def test_the_inbox_json_has_counts_rows_and_waiting_chats(client, gevuld, nummer, kop, klok):
    with transaction(gevuld) as session:
        vraag_live_chat(session=session, zaak=zaak_op_nummer(session=session, nummer=nummer), nu=klok.nu)
    klok.nu += timedelta(minutes=4)
    gegevens = client.get("/api/inbox", headers=kop["mehmet"]).json()
    assert gegevens["tab"] == "mijn" and gegevens["tabs"] == ["mijn", "team"]
    assert gegevens["tellingen"] == {"mijn": 1, "team": 1} and gegevens["team_hint"] is False
    [rij] = gegevens["zaken"]
    assert set(rij) == {"nummer", "url", "urgent", "wat", "bedrijf", "medewerker", "status", "actie", "deadline",
                        "chip"}
    assert rij["nummer"] == nummer and rij["bedrijf"] == "Café De Hoek" and rij["url"] == f"/zaken/{nummer}"
    [chat] = gegevens["live_chats"]
    assert chat["zaak"] == nummer and chat["wacht_sinds"] == "10.00" and chat["wacht_minuten"] == 4
    assert client.get("/api/inbox?tab=team", headers=kop["mehmet"]).json()["tab"] == "team"


def test_the_inbox_json_shows_only_what_the_user_may_see(client, gevuld, nummer, kop, klok):
    with transaction(gevuld) as session:
        vraag_live_chat(session=session, zaak=zaak_op_nummer(session=session, nummer=nummer), nu=klok.nu)
    joost = client.get("/api/inbox?tab=alle", headers=kop["joost"]).json()  # another team; no "alle" for him
    assert joost["tab"] == "mijn" and joost["tellingen"] == {"mijn": 0, "team": 0}
    assert joost["zaken"] == [] and joost["live_chats"] == []
    lotte = client.get("/api/inbox", headers=kop["lotte"]).json()
    assert lotte["tab"] == "team" and lotte["team_hint"] is True and [z["nummer"] for z in lotte["zaken"]] == [nummer]
    assert client.get("/api/inbox", headers=kop["beheer"]).json()["tellingen"] == {"alle": 1}


def test_the_inbox_json_needs_a_login(client, nummer):
    antwoord = client.get("/api/inbox")
    assert antwoord.status_code == 401 and "fout" in antwoord.json()
    assert client.get("/api/inbox", headers={"Authorization": "Bearer nep"}).status_code == 401
