"""The JSON staff API and the pages: roles, reading cases and promises, changing them, escaping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.kern.db import transaction
from bot.zaken.service import zaak_op_nummer
from tests.unit.console.hulp import (
    MAANDAG,
    Klok,
    NepRasa,
    account_met_token,
    audit,
    berichten,
    csrf_uit,
    log_in,
    maak_accounts,
    nieuwe_zaak,
    vul_database,
)

ROLLEN = {
    "mehmet": ("medewerker", "mehmet-yilmaz"),  # handles the case (team horeca-evenementen)
    "lotte": ("medewerker", "lotte-bakker"),  # same team, not the handler
    "sanne": ("teamleider", "sanne-de-vries"),  # leads horeca-evenementen
    "pieter": ("teamleider", "pieter-jansen"),  # leads another team (vestiging-bouwen)
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
    payload = nieuwe_zaak(gevuld)
    assert payload["medewerker"]["naam"] == "Mehmet Yılmaz"
    return payload["zaak"]


@pytest.fixture
def tokens(gevuld) -> dict[str, dict[str, str]]:
    """An Authorization header per user."""
    return {
        naam: {"Authorization": "Bearer " + account_met_token(gevuld, gebruikersnaam=naam, rol=rol, sleutel=sleutel)}
        for naam, (rol, sleutel) in ROLLEN.items()
    }


@pytest.fixture
def rasa() -> NepRasa:
    return NepRasa()


@pytest.fixture
def client(gevuld, klok, rasa):
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=rasa)) as client:
        yield client


def belofte_id(client, nummer, kop) -> int:
    return client.get(f"/api/zaken/{nummer}", headers=kop).json()["beloften"][0]["id"]


# --- reading -------------------------------------------------------------------------------------------


def test_a_colleague_who_does_not_handle_the_case_reads_it_without_phone_or_e_mail(client, nummer, tokens, rasa):
    """Data minimisation (issue 15): contact details only for who handles the case."""
    rasa.standaard = [{"event": "user", "text": "bel me op 06-12345678, kvk 12345678", "timestamp": 1.0}]
    assert client.get(f"/api/zaken/{nummer}", headers=tokens["lotte"]).json()["contact"] == {
        "naam": "Ans Bos", "telefoon": None, "email": None, "afgeschermd": True}
    for wie in ("sanne", "beheer"):
        assert client.get(f"/api/zaken/{nummer}", headers=tokens[wie]).json()["contact"]["telefoon"] == "+31612345678"
    gesprek = client.get(f"/zaken/{nummer}/gesprek.json", headers=tokens["lotte"]).json()
    assert [r["tekst"] for r in gesprek["regels"]] == ["bel me op ***, kvk ***"]
    pagina = client.get(f"/zaken/{nummer}", headers=tokens["lotte"]).text
    assert "+31612345678" not in pagina and "06-12345678" not in pagina and "ziet alleen wie deze zaak behandelt" in pagina
    assert "+31612345678" in client.get(f"/zaken/{nummer}", headers=tokens["mehmet"]).text


def test_a_case_in_full_with_question_company_contact_promise_and_audit(client, nummer, tokens):
    zaak = client.get(f"/api/zaken/{nummer}", headers=tokens["mehmet"]).json()
    assert (zaak["nummer"], zaak["wat"], zaak["waarom"], zaak["hoe"]) == (nummer, "een terras", "meer klanten", "in maart")
    assert zaak["bedrijf"] == {"naam": "Café De Hoek", "kvk_nummer": "12345678"}
    assert zaak["contact"] == {"naam": "Ans Bos", "telefoon": "+31612345678", "email": None, "afgeschermd": False}
    [belofte] = zaak["beloften"]
    assert belofte["status"] == "open" and belofte["te_laat"] is False and belofte["zin"].startswith("Mehmet")
    assert belofte["deadline"].endswith("+01:00")
    assert [r["wat"] for r in zaak["audit"]][:2] == ["zaak_aangemaakt", "belofte_gedaan"]


def test_the_case_list_per_tab_follows_the_roles(client, nummer, tokens):
    def nummers(wie: str, van: str) -> list[str]:
        antwoord = client.get(f"/api/zaken?van={van}", headers=tokens[wie])
        assert antwoord.status_code == 200
        return [z["nummer"] for z in antwoord.json()["zaken"]]

    assert nummers("mehmet", "mij") == [nummer]
    assert nummers("lotte", "mij") == [] and nummers("lotte", "team") == [nummer]
    assert nummers("sanne", "team") == [nummer]
    assert nummers("pieter", "team") == [] and nummers("pieter", "alle") == []
    assert nummers("joost", "alle") == []
    assert nummers("beheer", "alle") == [nummer] and nummers("beheer", "mij") == []
    antwoord = client.get("/api/zaken?van=iedereen&status=weg", headers=tokens["beheer"])
    assert antwoord.status_code == 400 and set(antwoord.json()["velden"]) == {"van"}
    antwoord = client.get("/api/zaken?status=weg", headers=tokens["beheer"])
    assert antwoord.status_code == 400 and set(antwoord.json()["velden"]) == {"status"}


def test_the_cases_are_sorted_by_deadline(client, gevuld, tokens):
    later = nieuwe_zaak(gevuld, gesprek_id="g-later", moment=MAANDAG + timedelta(hours=2))["zaak"]
    eerder = nieuwe_zaak(gevuld, gesprek_id="g-eerder", moment=MAANDAG)["zaak"]
    zaken = client.get("/api/zaken?van=alle", headers=tokens["beheer"]).json()["zaken"]
    assert [z["nummer"] for z in zaken] == [eerder, later]


def test_urgent_cases_and_their_promises_come_first(client, gevuld, tokens):
    eerder = nieuwe_zaak(gevuld, gesprek_id="g-eerder", moment=MAANDAG)["zaak"]
    spoed = nieuwe_zaak(gevuld, gesprek_id="g-spoed", moment=MAANDAG + timedelta(days=1), urgent=True)["zaak"]
    zaken = client.get("/api/zaken?van=alle", headers=tokens["beheer"]).json()["zaken"]
    assert [(z["nummer"], z["urgent"]) for z in zaken] == [(spoed, True), (eerder, False)]
    beloften = client.get("/api/beloften?status=open", headers=tokens["beheer"]).json()["beloften"]
    assert [b["zaak"] for b in beloften] == [spoed, eerder]


def test_overdue_promises_are_flagged(client, nummer, tokens, klok):
    assert client.get("/api/beloften?status=open", headers=tokens["mehmet"]).json()["beloften"][0]["te_laat"] is False
    klok.nu = MAANDAG + timedelta(days=3)
    [belofte] = client.get("/api/beloften?status=open", headers=tokens["mehmet"]).json()["beloften"]
    assert belofte["te_laat"] is True and belofte["zaak"] == nummer
    assert client.get("/api/beloften", headers=tokens["joost"]).json()["beloften"] == []


def test_another_teams_case_is_not_found(client, nummer, tokens):
    antwoord = client.get(f"/api/zaken/{nummer}", headers=tokens["joost"])
    assert antwoord.status_code == 404 and nummer in antwoord.json()["fout"]
    assert client.get("/api/zaken/ON-2026-99999", headers=tokens["beheer"]).status_code == 404


# --- changing ------------------------------------------------------------------------------------------


def test_nagekomen_writes_audit_with_who_did_it(client, gevuld, nummer, tokens):
    bid = belofte_id(client, nummer, tokens["mehmet"])
    antwoord = client.post(f"/api/beloften/{bid}/nagekomen", json={"notitie": "Gebeld"}, headers=tokens["mehmet"])
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "nagekomen"
    [regel] = audit(gevuld, "belofte_nagekomen")
    assert regel.wie == "console:mehmet" and regel.details["notitie"] == "Gebeld"
    again = client.post(f"/api/beloften/{bid}/nagekomen", json={}, headers=tokens["mehmet"])
    assert again.status_code == 400 and "niet meer open" in again.json()["fout"]


def test_verzetten_writes_audit_and_an_outbox_message(client, gevuld, nummer, tokens):
    bid = belofte_id(client, nummer, tokens["mehmet"])
    antwoord = client.post(f"/api/beloften/{bid}/verzetten", headers=tokens["mehmet"],
                           json={"deadline": "2026-11-26T14:00+01:00", "reden": "Nog informatie nodig van collega"})
    assert antwoord.status_code == 200
    assert antwoord.json()["deadline"] == "2026-11-26T14:00+01:00" and "26 november" in antwoord.json()["zin"]
    [regel] = audit(gevuld, "belofte_verzet")
    assert regel.wie == "console:mehmet" and regel.details["reden"] == "Nog informatie nodig van collega"
    [bericht] = berichten(gevuld)
    assert bericht.soort == "verzet" and bericht.ontvanger == "g1" and "26 november" in bericht.tekst
    assert bericht.custom["overdracht"]["uiterlijk"] == "2026-11-26T14:00+01:00"


@pytest.mark.parametrize("gegevens, velden", [
    ({"deadline": "2026-11-26T14:00+01:00"}, {"reden"}),
    ({"deadline": "2026-11-26T14:00", "reden": "x"}, {"deadline"}),  # no offset
    ({"deadline": "morgen", "reden": "x"}, {"deadline"}),
    ({"deadline": "2026-11-20T14:00+01:00", "reden": "x"}, {"deadline"}),  # in the past
    ({}, {"deadline", "reden"}),
])
def test_verzetten_with_wrong_input_names_the_fields(client, gevuld, nummer, tokens, gegevens, velden):
    bid = belofte_id(client, nummer, tokens["mehmet"])
    antwoord = client.post(f"/api/beloften/{bid}/verzetten", json=gegevens, headers=tokens["mehmet"])
    assert antwoord.status_code == 400 and set(antwoord.json()["velden"]) == velden
    assert berichten(gevuld) == [] and audit(gevuld, "belofte_verzet") == []


def test_invalid_json_is_a_clear_400(client, nummer, tokens):
    bid = belofte_id(client, nummer, tokens["mehmet"])
    antwoord = client.post(f"/api/beloften/{bid}/nagekomen", content=b"{niet json",
                           headers={**tokens["mehmet"], "Content-Type": "application/json"})
    assert antwoord.status_code == 400 and "JSON" in antwoord.json()["fout"]


def test_the_team_lead_assigns_to_a_colleague_with_audit_and_an_outbox_message(client, gevuld, nummer, tokens):
    antwoord = client.post(f"/api/zaken/{nummer}/toewijzen", json={"medewerker": "lotte-bakker"},
                           headers=tokens["sanne"])
    assert antwoord.status_code == 200
    zaak = antwoord.json()
    assert zaak["medewerker"]["sleutel"] == "lotte-bakker" and zaak["beloften"][0]["medewerker"]["sleutel"] == "lotte-bakker"
    [regel] = audit(gevuld, "zaak_toegewezen")
    assert regel.wie == "console:sanne" and regel.details == {"van": "mehmet-yilmaz", "naar": "lotte-bakker"}
    [bericht] = berichten(gevuld)
    assert bericht.soort == "overgedragen" and "Lotte" in bericht.tekst
    # Lotte now handles it; Mehmet (a medewerker) no longer may change it
    assert client.post(f"/api/zaken/{nummer}/sluiten", json={}, headers=tokens["mehmet"]).status_code == 403
    assert client.post(f"/api/zaken/{nummer}/sluiten", json={}, headers=tokens["lotte"]).status_code == 200


def test_assigning_to_an_unknown_colleague_names_the_field(client, nummer, tokens):
    antwoord = client.post(f"/api/zaken/{nummer}/toewijzen", json={"medewerker": "niemand"}, headers=tokens["mehmet"])
    assert antwoord.status_code == 400 and "medewerker" in antwoord.json()["velden"]


@pytest.mark.parametrize("wie, status", [("lotte", 403), ("joost", 404), ("pieter", 404)])
def test_others_cannot_act_on_the_case(client, gevuld, nummer, tokens, wie, status):
    """Same team but not the handler: 403; another team (also its lead): 404, the case is not theirs to see."""
    kop = tokens[wie]
    bid = belofte_id(client, nummer, tokens["mehmet"])
    pogingen = [
        client.post(f"/api/beloften/{bid}/nagekomen", json={}, headers=kop),
        client.post(f"/api/beloften/{bid}/verzetten", json={"deadline": "2026-11-26T14:00+01:00", "reden": "x"},
                    headers=kop),
        client.post(f"/api/zaken/{nummer}/toewijzen", json={"medewerker": "lotte-bakker"}, headers=kop),
        client.post(f"/api/zaken/{nummer}/sluiten", json={}, headers=kop),
    ]
    assert [p.status_code for p in pogingen] == [status] * 4
    assert all(p.json()["fout"] for p in pogingen)
    assert berichten(gevuld) == []
    with transaction(gevuld) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        assert (zaak.status, zaak.medewerker.sleutel, zaak.beloften[0].status) == ("toegewezen", "mehmet-yilmaz", "open")


def test_sluiten_closes_the_case(client, nummer, tokens):
    antwoord = client.post(f"/api/zaken/{nummer}/sluiten", json={"notitie": "Klaar"}, headers=tokens["beheer"])
    assert antwoord.status_code == 200
    assert antwoord.json()["status"] == "afgerond" and antwoord.json()["beloften"][0]["status"] == "geannuleerd"
    assert client.get("/api/zaken?van=alle", headers=tokens["beheer"]).json()["zaken"] == []
    assert len(client.get("/api/zaken?van=alle&status=afgerond", headers=tokens["beheer"]).json()["zaken"]) == 1


# --- accounts --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("wie", ["mehmet", "sanne"])
def test_only_a_beheerder_manages_accounts(client, tokens, wie):
    assert client.get("/api/accounts", headers=tokens[wie]).status_code == 403
    nieuw = {"gebruikersnaam": "nieuw", "wachtwoord": "een-lang-geheim-wachtwoord", "rol": "beheerder"}
    antwoord = client.post("/api/accounts", json=nieuw, headers=tokens[wie])
    assert antwoord.status_code == 403 and "beheerder" in antwoord.json()["fout"]
    assert client.post("/api/accounts/beheer/uitzetten", headers=tokens[wie]).status_code == 403
    assert client.get("/api/accounts", headers=tokens["beheer"]).status_code == 200  # beheer is still active


def test_a_beheerder_makes_an_account_that_can_log_in(client, tokens):
    antwoord = client.post("/api/accounts", headers=tokens["beheer"], json={
        "gebruikersnaam": "femke", "wachtwoord": "nog-een-lang-wachtwoord", "rol": "medewerker",
        "medewerker": "femke-willems"})
    assert antwoord.status_code == 200 and antwoord.json()["medewerker"] == "femke-willems"
    fout = client.post("/api/accounts", headers=tokens["beheer"], json={"rol": "koning"})
    assert fout.status_code == 400 and set(fout.json()["velden"]) == {"gebruikersnaam", "wachtwoord", "rol"}
    assert log_in(client, "femke", "nog-een-lang-wachtwoord").status_code == 303


# --- pages -------------------------------------------------------------------------------------------------


@pytest.fixture
def pagina_client(client, gevuld):
    maak_accounts(gevuld, {"mehmet": ROLLEN["mehmet"]})
    assert log_in(client, "mehmet").status_code == 303
    return client


def test_the_inbox_lists_own_cases_and_marks_overdue_promises(pagina_client, nummer, klok):
    inbox = pagina_client.get("/")
    assert inbox.status_code == 200 and nummer in inbox.text and "Te laat" not in inbox.text
    klok.nu = MAANDAG + timedelta(days=3)
    assert log_in(pagina_client, "mehmet").status_code == 303  # the idle session has expired meanwhile
    inbox = pagina_client.get("/?tab=mijn")
    assert "Te laat" in inbox.text and 'class="te-laat"' in inbox.text


def test_the_inbox_shows_an_urgent_case_first_and_marked(pagina_client, gevuld, nummer):
    spoed = nieuwe_zaak(gevuld, gesprek_id="g-spoed", moment=MAANDAG + timedelta(days=1), urgent=True)["zaak"]
    inbox = pagina_client.get("/?tab=team").text  # the router may give the second case to a colleague
    assert inbox.index(f'<tr data-zaak="{spoed}"') < inbox.index(f'<tr data-zaak="{nummer}"')
    assert 'class=" spoed"' in inbox and "Spoed</strong>" in inbox
    assert "Pak deze zaak eerst op" in pagina_client.get(f"/zaken/{spoed}").text
    assert "Pak deze zaak eerst op" not in pagina_client.get(f"/zaken/{nummer}").text


def test_html_in_a_case_is_escaped_on_the_pages(pagina_client, gevuld):
    aanval = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    nummer = nieuwe_zaak(gevuld, wat=aanval)["zaak"]
    for pad in ("/", f"/zaken/{nummer}"):
        html = pagina_client.get(pad).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_the_case_page_shows_the_question_company_contact_promise_and_history(pagina_client, nummer):
    html = pagina_client.get(f"/zaken/{nummer}").text
    for tekst in ("een terras", "meer klanten", "in maart", "Café De Hoek", "12345678", "Ans Bos", "+31612345678",
                  "Mehmet Yılmaz", "Zaak aangemaakt", "Belofte gedaan", 'name="csrf_token"', "<label for=\"reden\""):
        assert tekst in html, tekst
    # logout, nagekomen, verzetten, toewijzen; the chat panel's overnemen, bericht, teruggeven (the last two hidden
    # until the conversation is taken over: the panel switches without a reload)
    assert html.count('name="csrf_token"') == 7
    assert f'action="/zaken/{nummer}/afronden"' in html  # closing first asks for confirmation (a GET, no token)


def test_the_verzet_form_moves_the_promise_and_shows_it_in_the_history(pagina_client, gevuld, nummer):
    pagina = pagina_client.get(f"/zaken/{nummer}").text
    bid = belofte_id(pagina_client, nummer, {"X-CSRF-Token": csrf_uit(pagina)})
    antwoord = pagina_client.post(f"/zaken/{nummer}/beloften/{bid}/verzetten", follow_redirects=False, data={
        "csrf_token": csrf_uit(pagina), "datum": "2026-11-26", "tijd": "14:00", "reden": "Ziek"})
    assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/zaken/{nummer}?gedaan=verzet"
    html = pagina_client.get(antwoord.headers["location"]).text
    assert "De belofte is verzet" in html and "Belofte verzet" in html and "26 november" in html
    assert berichten(gevuld)[0].custom["overdracht"]["uiterlijk"] == "2026-11-26T14:00+01:00"


def test_a_form_with_a_missing_reason_shows_the_error_on_the_page(pagina_client, gevuld, nummer):
    pagina = pagina_client.get(f"/zaken/{nummer}").text
    bid = belofte_id(pagina_client, nummer, {})
    antwoord = pagina_client.post(f"/zaken/{nummer}/beloften/{bid}/verzetten", data={
        "csrf_token": csrf_uit(pagina), "datum": "2026-11-26", "tijd": "14:00", "reden": " "})
    assert antwoord.status_code == 400 and "Geef een reden op." in antwoord.text
    assert berichten(gevuld) == []


def test_the_nagekomen_and_toewijzen_forms(pagina_client, gevuld, nummer):
    csrf = csrf_uit(pagina_client.get(f"/zaken/{nummer}").text)
    bid = belofte_id(pagina_client, nummer, {})
    antwoord = pagina_client.post(f"/zaken/{nummer}/beloften/{bid}/nagekomen", data={"csrf_token": csrf,
                                  "notitie": "Gebeld"}, follow_redirects=False)
    assert antwoord.status_code == 303 and audit(gevuld, "belofte_nagekomen")[0].wie == "console:mehmet"
    antwoord = pagina_client.post(f"/zaken/{nummer}/toewijzen", data={"csrf_token": csrf, "medewerker": "lotte-bakker",
                                  "bevestig_beschikbaarheid": "ja"},
                                  follow_redirects=False)
    assert antwoord.status_code == 303 and audit(gevuld, "zaak_toegewezen")[0].details["naar"] == "lotte-bakker"
    # Mehmet sees the case (same team) but may no longer change it: no forms, and a POST is refused
    html = pagina_client.get(f"/zaken/{nummer}").text
    assert "Zaak afronden" not in html
    assert pagina_client.post(f"/zaken/{nummer}/sluiten", data={"csrf_token": csrf}).status_code == 403
    assert pagina_client.post(f"/zaken/{nummer}/sluiten", data={"csrf_token": csrf, "bevestigd": "ja"}).status_code == 403
    assert pagina_client.get(f"/zaken/{nummer}/afronden").status_code == 403


def test_a_promise_of_another_case_in_the_url_is_not_found(pagina_client, gevuld, nummer):
    ander = nieuwe_zaak(gevuld, gesprek_id="g2")["zaak"]
    csrf = csrf_uit(pagina_client.get(f"/zaken/{nummer}").text)
    bid = belofte_id(pagina_client, ander, {})
    antwoord = pagina_client.post(f"/zaken/{nummer}/beloften/{bid}/nagekomen", data={"csrf_token": csrf})
    assert antwoord.status_code == 404


# --- transcript and live takeover ---------------------------------------------------------------------------


def test_the_transcript_is_shown_escaped(pagina_client, nummer, rasa):
    rasa.standaard = [
        {"event": "user", "text": "<script>alert('x')</script> mag ik een terras?", "timestamp": 1795420800.0},
        {"event": "bot", "text": "Ja, <b>dat</b> mag.", "timestamp": 1795420801.0},
        {"event": "slot", "name": "overgenomen_door", "value": "Mehmet Yılmaz", "timestamp": 1795420802.0},
        {"event": "bot", "text": "Goedemiddag!", "timestamp": 1795420803.0,
         "metadata": {"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}}},
        {"event": "action", "name": "action_listen"},
    ]
    html = pagina_client.get(f"/zaken/{nummer}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; mag ik een terras?" in html and "<script>alert" not in html
    assert "Ja, &lt;b&gt;dat&lt;/b&gt; mag." in html
    assert "Gesprek overgenomen door Mehmet Yılmaz" in html and "Goedemiddag!" in html


def test_the_case_page_works_when_rasa_is_unreachable(pagina_client, nummer, rasa):
    rasa.bereikbaar = False
    antwoord = pagina_client.get(f"/zaken/{nummer}")
    assert antwoord.status_code == 200 and "niet bereikbaar" in antwoord.text and "Café De Hoek" in antwoord.text


def test_take_over_talk_and_hand_back(pagina_client, gevuld, nummer, rasa):
    csrf = csrf_uit(pagina_client.get(f"/zaken/{nummer}").text)
    antwoord = pagina_client.post(f"/zaken/{nummer}/overnemen", data={"csrf_token": csrf}, follow_redirects=False)
    assert antwoord.status_code == 303 and rasa.slots == [("g1", "Mehmet Yılmaz")]
    html = pagina_client.get(antwoord.headers["location"]).text
    assert "Dit gesprek is overgenomen door" in html and "Uw bericht aan de ondernemer" in html

    antwoord = pagina_client.post(f"/zaken/{nummer}/bericht", data={"csrf_token": csrf, "tekst": "Ik bel u zo."},
                                  follow_redirects=False)
    assert antwoord.status_code == 303
    bericht = [b for b in berichten(gevuld) if b.soort == "medewerker"][0]
    assert (bericht.kanaal, bericht.ontvanger, bericht.tekst) == ("rest", "g1", "Ik bel u zo.")
    assert bericht.custom == {"medewerker": {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"}}
    assert ("g1", "Ik bel u zo.", bericht.custom) in rasa.berichten
    leeg = pagina_client.post(f"/zaken/{nummer}/bericht", data={"csrf_token": csrf, "tekst": "  "})
    assert leeg.status_code == 400 and "Typ eerst een bericht." in leeg.text

    antwoord = pagina_client.post(f"/zaken/{nummer}/teruggeven", data={"csrf_token": csrf}, follow_redirects=False)
    assert antwoord.status_code == 303 and rasa.slots[-1] == ("g1", None)
    assert "Gesprek overnemen" in pagina_client.get(f"/zaken/{nummer}").text
    assert audit(gevuld, "overname_teruggegeven")[0].wie == "console:mehmet"


def test_a_takeover_that_rasa_refuses_leaves_nothing_behind(pagina_client, gevuld, nummer, rasa):
    csrf = csrf_uit(pagina_client.get(f"/zaken/{nummer}").text)
    rasa.bereikbaar = False
    antwoord = pagina_client.post(f"/zaken/{nummer}/overnemen", data={"csrf_token": csrf})
    assert antwoord.status_code == 400 and "niet bereikbaar" in antwoord.text
    assert berichten(gevuld) == [] and audit(gevuld, "gesprek_overgenomen") == []


def test_a_colleague_who_may_not_change_the_case_cannot_take_it_over(client, gevuld, nummer, rasa):
    maak_accounts(gevuld, {"lotte": ROLLEN["lotte"]})
    log_in(client, "lotte")
    html = client.get(f"/zaken/{nummer}").text
    assert "Gesprek overnemen" not in html
    antwoord = client.post(f"/zaken/{nummer}/overnemen", data={"csrf_token": csrf_uit(html)})
    assert antwoord.status_code == 403 and rasa.slots == []
