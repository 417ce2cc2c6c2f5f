"""The staff console in real headless Chromium, against the running assistant over REST:
log in, see the case, take over, reply, the bot silent meanwhile, hand back, mark kept."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.accounts.models import Account
from bot.accounts.service import maak_account
from bot.cijfers.vragen_zonder_antwoord import werk_bij
from bot.console.app import maak_app
from bot.integraties.rasa_api import RasaApi
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import make_engine, transaction
from bot.kern.tijd import utcnow
from bot.medewerkers.models import Medewerker
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.overname.service import vraag_live_chat
from bot.privacy.anoniem import anonimiseer_alle
from bot.zaken.service import zaak_op_nummer
from tests.assistent import Assistent, draag_over_via_rest
from tests.browser.serveer import console_in_draad

pytestmark = pytest.mark.browser

WACHTWOORD = "browser-test-wachtwoord-lang"


@dataclass(frozen=True)
class Console:
    url: str
    engine: object


@pytest.fixture(scope="module")
def console(assistent: Assistent) -> Iterator[Console]:
    """The console app served by uvicorn in a thread, on the assistant's databases and Rasa API."""
    engine = make_engine(assistent.database_url)
    tracker = make_engine(assistent.tracker_url)
    app = maak_app(engine, rasa=RasaApi(url=assistent.url, token=assistent.token), secure=False,
                   tracker_engine=tracker)
    with console_in_draad(app) as url:
        yield Console(url=url, engine=engine)
    engine.dispose()
    tracker.dispose()


def account_voor(console: Console, naam: str, rol: str = "medewerker") -> str:
    """An account for the medewerker called ``naam`` (or a beheerder without one); the user name. A
    medewerker has one account: an earlier test's is used again (the tests share the console's database)."""
    gebruikersnaam = f"{rol}-{uuid.uuid4().hex[:8]}"
    with transaction(console.engine) as session:
        medewerker = session.execute(select(Medewerker).where(Medewerker.naam == naam)).scalar_one_or_none()
        if medewerker is not None and (bestaand := session.execute(
                select(Account).where(Account.medewerker_id == medewerker.id)).scalar_one_or_none()):
            return bestaand.gebruikersnaam
        maak_account(session=session, gebruikersnaam=gebruikersnaam, wachtwoord=WACHTWOORD, rol=rol,
                     medewerker=medewerker, nu=datetime.now(timezone.utc))
    return gebruikersnaam


def log_in(page: Page, console: Console, gebruikersnaam: str) -> None:
    page.goto(f"{console.url}/login")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()


def custom(berichten: list[dict], sleutel: str) -> list:
    return [b["custom"][sleutel] for b in berichten if sleutel in (b.get("custom") or {})]


def test_login_take_over_reply_hand_back_and_keep_the_promise(page: Page, console: Console, assistent: Assistent):
    gesprek = uuid.uuid4().hex
    overdracht = draag_over_via_rest(assistent, gesprek)
    naam = overdracht["medewerker"]["naam"]
    log_in(page, console, account_voor(console, naam))

    # inbox -> case page, with the conversation so far
    page.get_by_role("link", name=overdracht["zaak"]).click()
    expect(page.get_by_role("heading", name=f"Zaak {overdracht['zaak']}")).to_be_visible()
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text("Kerkstraat verbouwen tot lunchroom")

    # take over: the entrepreneur is told who joined; the bot stays silent
    page.get_by_role("button", name="Gesprek overnemen").click()
    expect(page.get_by_text("Dit gesprek is overgenomen door")).to_be_visible()
    page.get_by_label("Uw bericht aan de ondernemer").fill("Goedemiddag, u chat nu met mij. Waar gaat het om?")
    page.get_by_role("button", name="Verstuur").click()
    # sent without a reload (static/live.js): the field empties when the console has taken the message
    expect(page.get_by_label("Uw bericht aan de ondernemer")).to_have_value("")

    antwoord = assistent.praat("Hallo, fijn! Het gaat om de keuken.", gesprek)
    van_medewerker = custom(antwoord, "medewerker")
    assert van_medewerker and all(m["naam"] == naam for m in van_medewerker)
    teksten = [b.get("text") or "" for b in antwoord]
    assert any(t.startswith(f"U chat nu met {naam}") for t in teksten)
    assert "Goedemiddag, u chat nu met mij. Waar gaat het om?" in teksten
    assert len(antwoord) == len(van_medewerker), "nothing from the bot while the medewerker has the chat"
    # ... and what the entrepreneur typed appears in the console without a reload
    expect(transcript).to_contain_text("Het gaat om de keuken.")

    # hand back: the bot answers new questions again, not the old one
    page.get_by_role("button", name="Gesprek teruggeven").click()
    expect(page.get_by_role("button", name="Gesprek overnemen")).to_be_visible()
    terug = assistent.praat("wanneer zijn de koopzondagen?", gesprek)
    assert any("teruggegeven aan de digitale assistent" in (b.get("text") or "") for b in terug)
    assert [k["id"] for k in custom(terug, "kennisbank")] == ["winkeltijden"]

    # the promise is kept
    page.get_by_label("Notitie (wat is er gebeurd?)").fill("Gebeld en de plannen besproken.")
    page.get_by_role("button", name="Markeer als nagekomen").click()
    expect(page.locator(".belofte").first).to_contain_text("nagekomen")


def test_every_page_needs_a_login(page: Page, console: Console):
    for pad in ("/", "/zaken/ON-2026-00001", "/kennisbank", "/cijfers"):
        page.goto(f"{console.url}{pad}")
        expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_an_edited_article_is_what_the_bot_answers(page: Page, console: Console, assistent: Assistent):
    log_in(page, console, account_voor(console, "Sanne de Vries", rol="teamleider"))
    nieuw = "Een terras vraagt u in Voorbeeldstad aan via het terrasloket in Mijn Voorbeeldstad. Dat kost € 175."
    page.goto(f"{console.url}/kennisbank/artikelen/terrasvergunning/bewerken")
    page.locator("#veld-kort_antwoord").fill(nieuw)
    page.locator("#veld-toelichting").fill("Nieuw terrasloket")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Nieuw terrasloket").first).to_be_visible()

    antwoord = assistent.praat("mag ik een terras voor mijn café?", uuid.uuid4().hex)
    assert [k["id"] for k in custom(antwoord, "kennisbank")][:1] == ["terrasvergunning"]
    assert any("terrasloket in Mijn Voorbeeldstad" in (b.get("text") or "") for b in antwoord), \
        "the bot answers with the published text, without retraining"


def test_the_word_counter_counts_the_short_answer_while_typing(page: Page, console: Console):
    log_in(page, console, account_voor(console, "Sanne de Vries", rol="teamleider"))
    page.goto(f"{console.url}/kennisbank/artikelen/terrasvergunning/bewerken")
    teller = page.locator("#teller-kort_antwoord")
    expect(teller).to_have_attribute("aria-live", "polite")
    page.locator("#veld-kort_antwoord").fill("Een terras vraagt u aan bij de gemeente.")
    expect(teller).to_have_text("8 van de hoogstens 80 woorden")
    page.locator("#veld-kort_antwoord").fill(" ".join(["woord"] * 83))
    expect(teller).to_have_text("83 woorden: 3 te veel. Gebruik hoogstens 80 woorden.")
    expect(teller).to_have_class("teller te-veel")


def test_the_dashboard_shows_the_figures(page: Page, console: Console, assistent: Assistent):
    draag_over_via_rest(assistent, uuid.uuid4().hex)
    assistent.praat("wanneer zijn de koopzondagen?", uuid.uuid4().hex)
    log_in(page, console, account_voor(console, "Thomas Kok", rol="teamleider"))
    page.get_by_role("link", name="Cijfers").click()
    expect(page.get_by_role("heading", name="Beloften op tijd nagekomen")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.get_by_role("heading", name="Onderwerpen die het meest gevraagd zijn")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Geen gegevens in deze periode")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download alle tabellen").click()
    assert download.value.suggested_filename.endswith(".zip")


def test_an_unanswered_question_asked_in_two_conversations_is_one_group_of_two(page: Page, console: Console,
                                                                              assistent: Assistent):
    vraag = "hoe laat begint de voetbalwedstrijd vanavond"
    for _ in range(2):
        antwoord = assistent.praat(vraag, uuid.uuid4().hex)
        assert "antwoord" in " ".join(b.get("text") or "" for b in antwoord), antwoord  # "geen (goed) antwoord"
    tracker = make_engine(assistent.tracker_url)
    try:  # the worker's step that stores them (bot/cijfers/vragen_zonder_antwoord.py), as its next round would
        werk_bij(engine=console.engine, tracker=tracker, zoeker=KennisbankZoeker(console.engine),
                 maskeer_alle=anonimiseer_alle, nu=utcnow(), werker="test")
    finally:
        tracker.dispose()
    log_in(page, console, account_voor(console, "Thomas Kok", rol="teamleider"))
    page.get_by_role("link", name="Kennisbank").click()
    page.get_by_role("link", name="Vragen zonder antwoord").click()
    groep = page.locator("section.gat").filter(has=page.get_by_role("heading", name=vraag, exact=True))
    expect(groep).to_have_count(1)
    expect(groep).to_contain_text("2 keer gevraagd")
    groep.get_by_role("link", name="Nieuw artikel").click()
    expect(page.get_by_role("heading", name="Nieuw artikel", level=1)).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value(vraag)


def test_search_by_kvk_and_by_company_close_and_reopen(page: Page, console: Console, assistent: Assistent):
    kvk = str(10**7 + uuid.uuid4().int % (9 * 10**7))  # eight digits, not starting with 0 (a phone number)
    overdracht = draag_over_via_rest(assistent, uuid.uuid4().hex,
                                     antwoorden={"bedrijf": f"Bakkerij Korenbloem, KvK {kvk}"})
    nummer = overdracht["zaak"]
    log_in(page, console, account_voor(console, overdracht["medewerker"]["naam"]))

    # the search field in the header, by KvK number
    page.get_by_role("searchbox", name="Zoek een zaak").fill(kvk)
    page.get_by_role("button", name="Zoek", exact=True).click()
    expect(page.get_by_role("heading", name="1 zaak gevonden")).to_be_visible()
    expect(page.get_by_role("link", name=nummer)).to_be_visible()
    # the search page, by part of the company name
    page.get_by_label("Zoek op").fill("korenbloem")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.get_by_role("link", name=nummer).click()
    expect(page.get_by_role("heading", name=f"Zaak {nummer}")).to_be_visible()

    # close it; it is found among the closed cases
    page.get_by_role("button", name="Zaak afronden …").click()
    page.get_by_role("button", name="Ja, rond de zaak af").click()
    page.goto(f"{console.url}/")
    page.get_by_role("link", name="Afgeronde zaken").click()
    page.get_by_role("link", name=nummer).click()

    # reopen: a reason is required; the case is back in behandeling, the history says why
    page.get_by_label("Reden (alleen voor collega's, niet voor de ondernemer)").fill("De ondernemer belde terug.")
    page.get_by_role("button", name="Zaak heropenen").click()
    expect(page.locator(".gelukt")).to_contain_text("De zaak is heropend")
    expect(page.locator(".geschiedenis")).to_contain_text("Zaak heropend")
    expect(page.locator(".geschiedenis")).to_contain_text("De ondernemer belde terug.")
    expect(page.get_by_role("button", name="Zaak afronden …")).to_be_visible()


def test_the_main_pages_have_no_serious_accessibility_violations(browser, console: Console, assistent: Assistent,
                                                                  axe_script):
    nummer = draag_over_via_rest(assistent, uuid.uuid4().hex)
    context = browser.new_context(locale="nl-NL", bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    collega = account_voor(console, "", rol="privacy")  # an account page with every form on it
    log_in(page, console, account_voor(console, "", rol="beheerder"))
    ernstig: dict[str, list[str]] = {}
    for pad in ("/", f"/zaken/{nummer['zaak']}", f"/zaken/{nummer['zaak']}/afronden", "/kennisbank",
                "/kennisbank/artikelen/terrasvergunning", "/kennisbank/gaten", "/cijfers", "/zaken?q=hoekje", "/zaken?status=afgerond",
                "/accounts", f"/accounts/{collega}", f"/accounts/{collega}/uitzetten", "/wachtwoord"):
        page.goto(f"{console.url}{pad}")
        page.add_script_tag(path=str(axe_script))
        resultaat = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        ernstig[pad] = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                        for v in resultaat["violations"] if v["impact"] in ("serious", "critical")]
    page.goto(f"{console.url}/logout")
    context.close()
    assert {pad: f for pad, f in ernstig.items() if f} == {}


def nieuwe_zaak_voor(console: Console, zelfde_als: str) -> str:
    """A new case (as a handoff makes one) for the medewerker of case ``zelfde_als``; its number."""
    gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="een terras aan het plein", waarom="meer klanten",
                             hoe="in maart", bedrijfsnaam="Café Het Plein", kvk_nummer=None, contactnaam="Ans Bos",
                             telefoon="+31612345678", email=None)
    with transaction(console.engine) as session:
        nummer = draag_over(session=session, gegevens=gegevens, kanaal="rest", gesprek_id=uuid.uuid4().hex,
                            moment=datetime.now(timezone.utc))["zaak"]
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        zaak.medewerker_id = zaak_op_nummer(session=session, nummer=zelfde_als).medewerker_id  # the router may differ
    return nummer


# A stand-in for the browser's Notification: it records what would be shown; permission is asked for once.
NOTIFICATION_STUB = """
window.__meldingen = [];
window.Notification = function (titel, opties) { window.__meldingen.push({titel: titel, tekst: (opties || {}).body}); };
window.Notification.permission = "default";
window.Notification.requestPermission = function () {
  window.Notification.permission = "granted";
  return Promise.resolve("granted");
};
"""


def test_a_new_waiting_chat_appears_in_the_open_inbox_with_an_alert(page: Page, console: Console,
                                                                    assistent: Assistent, axe_script):
    overdracht = draag_over_via_rest(assistent, uuid.uuid4().hex)
    page.add_init_script(NOTIFICATION_STUB)
    log_in(page, console, account_voor(console, overdracht["medewerker"]["naam"]))
    expect(page.get_by_role("link", name=re.compile(r"^Mijn zaken \(\d+\)$"))).to_be_visible()
    expect(page.locator(f'tr[data-zaak="{overdracht["zaak"]}"]')).to_be_visible()
    page.get_by_role("button", name="Meldingen aanzetten").click()
    expect(page.get_by_role("status")).to_have_text("Meldingen staan aan.")
    wachtend = page.locator("#live-chats")
    expect(wachtend).to_be_hidden()

    with transaction(console.engine) as session:  # the entrepreneur asks to chat now (as the assistant records it)
        zaak = zaak_op_nummer(session=session, nummer=overdracht["zaak"])
        vraag_live_chat(session=session, zaak=zaak, nu=datetime.now(timezone.utc))

    expect(wachtend).to_be_visible()  # without a reload
    expect(wachtend).to_contain_text(f"Zaak {overdracht['zaak']}")
    expect(wachtend).to_contain_text(re.compile(r"wacht sinds \d\d\.\d\d \(\d+ min\)"))
    expect(page).to_have_title(re.compile(r"^\(1\) Inbox – "))
    meldingen = page.evaluate("() => window.__meldingen")
    assert [m["titel"] for m in meldingen] == ["Een ondernemer wacht op een chat"]
    assert overdracht["zaak"] in meldingen[0]["tekst"]

    # a new case for the same medewerker: listed as new, the title counts two, a second notification
    nieuw = nieuwe_zaak_voor(console, overdracht["zaak"])
    expect(page.locator("#nieuwe-zaken")).to_contain_text(f"Nieuwe zaak {nieuw}")
    expect(page).to_have_title(re.compile(r"^\(2\) Inbox – "))
    assert [m["titel"] for m in page.evaluate("() => window.__meldingen")][1:] == ["Nieuwe zaak"]

    # the inbox as a medewerker sees it, with a waiting chat, passes axe too (evaluated: the page's CSP stays on)
    page.evaluate(axe_script.read_text(encoding="utf-8"))
    resultaat = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [f"{v['id']} ({v['impact']})" for v in resultaat["violations"] if v["impact"] in ("serious", "critical")] == []
