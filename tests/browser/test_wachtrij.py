"""The team's queue of waiting chats, refusing a promise outside working hours, and the accounts page, in
real headless Chromium against the running assistant (the console of tests/browser/test_console.py)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from bot.beloften.service import open_belofte
from bot.kern.db import transaction
from bot.kern.tijd import lokale_datum
from bot.overname.service import vraag_live_chat
from bot.overname.wachtrij import collega_s_van_team
from bot.zaken.models import AuditRegel
from bot.zaken.service import zaak_op_nummer
from tests.assistent import Assistent, draag_over_via_rest
from tests.browser import test_console as gedeeld
from tests.browser.test_console import NOTIFICATION_STUB, WACHTWOORD, Console, account_voor, log_in

pytestmark = pytest.mark.browser
console = gedeeld.console  # the console app of test_console.py, as a fixture of this module too


def zonder_ernstige_fouten(page: Page, axe_script) -> list[str]:
    """axe on the page as it is now, evaluated (the page's CSP stays on); the serious and critical violations."""
    page.evaluate(axe_script.read_text(encoding="utf-8"))
    resultaat = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in resultaat["violations"] if v["impact"] in ("serious", "critical")]


def test_a_waiting_chat_is_passed_to_a_colleague_who_claims_it_from_the_open_inbox(
        browser: Browser, console: Console, assistent: Assistent, axe_script):
    gesprek = uuid.uuid4().hex
    overdracht = draag_over_via_rest(assistent, gesprek)
    nummer, naam = overdracht["zaak"], overdracht["medewerker"]["naam"]
    with transaction(console.engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        collega = next(m.naam for m in collega_s_van_team(session=session, zaak=zaak) if m.id != zaak.medewerker_id)
        vraag_live_chat(session=session, zaak=zaak, nu=datetime.now(timezone.utc))
    eigen_context, collega_context = browser.new_context(locale="nl-NL"), browser.new_context(locale="nl-NL")
    try:
        # the colleague's inbox is open: the team's chat, asked of the case's medewerker, can be claimed
        andere = collega_context.new_page()
        andere.add_init_script(NOTIFICATION_STUB)
        log_in(andere, console, account_voor(console, collega))
        andere.get_by_role("button", name="Meldingen aanzetten").click()
        rij_collega = andere.locator(f'#live-chats li[data-zaak="{nummer}"]')
        expect(rij_collega).to_contain_text(f"gevraagd aan {naam}")
        expect(rij_collega.get_by_role("button", name="Oppakken")).to_be_visible()

        # the medewerker asked passes it on to that colleague
        eigen = eigen_context.new_page()
        log_in(eigen, console, account_voor(console, naam))
        rij = eigen.locator(f'#live-chats li[data-zaak="{nummer}"]')
        expect(rij).to_contain_text("gevraagd aan u")
        assert zonder_ernstige_fouten(eigen, axe_script) == []
        rij.get_by_label("Doorzetten naar collega").select_option(label=collega)
        rij.get_by_role("button", name="Doorzetten").click()
        expect(eigen.locator(".gelukt")).to_contain_text("Het chatverzoek staat nu klaar voor uw collega.")
        expect(eigen.locator(f'#live-chats li[data-zaak="{nummer}"]')).to_contain_text(f"gevraagd aan {collega}")

        # without a reload the colleague's row says it is theirs, with an alert, and they claim it
        expect(rij_collega).to_contain_text("gevraagd aan u")
        expect(rij_collega).to_have_class(re.compile(r"\bvoor-mij\b"))
        expect(andere).to_have_title(re.compile(r"^\(\d\) Inbox – "))
        assert "Een chat is aan u doorgezet" in [m["titel"] for m in andere.evaluate("() => window.__meldingen")]
        assert zonder_ernstige_fouten(andere, axe_script) == [], "the row the script built passes axe too"
        rij_collega.get_by_role("button", name="Oppakken").click()
        expect(andere.get_by_role("heading", name=f"Zaak {nummer}")).to_be_visible()
        expect(andere.locator(".gelukt")).to_contain_text("U heeft de chat opgepakt.")
        expect(andere.get_by_text("Dit gesprek is overgenomen door")).to_contain_text(collega)
        expect(andere.locator(".geschiedenis")).to_contain_text("Chatverzoek doorgezet naar een collega")
        expect(andere.locator(".geschiedenis")).to_contain_text("Chat opgepakt")
        andere.goto(f"{console.url}/")
        expect(andere.locator(f'#live-chats li[data-zaak="{nummer}"]')).to_have_count(0)
    finally:
        eigen_context.close()
        collega_context.close()

    # the entrepreneur hears who joined, by name
    teksten = [b.get("text") or "" for b in assistent.praat("Hallo, is er iemand?", gesprek)]
    assert any(t.startswith(f"U chat nu met {collega}") for t in teksten), teksten


def volgende_zondag() -> str:
    """A Sunday at least a week from today (Amsterdam), as the date field takes it."""
    dag = lokale_datum(datetime.now(timezone.utc)) + timedelta(days=7)
    return (dag + timedelta(days=(6 - dag.weekday()) % 7)).isoformat()


def test_verzetten_refuses_sunday_night_keeps_the_input_and_leaves_the_promise(page: Page, console: Console,
                                                                               assistent: Assistent, axe_script):
    overdracht = draag_over_via_rest(assistent, uuid.uuid4().hex)
    nummer = overdracht["zaak"]
    with transaction(console.engine) as session:
        deadline = open_belofte(zaak_op_nummer(session=session, nummer=nummer)).deadline
    log_in(page, console, account_voor(console, overdracht["medewerker"]["naam"]))
    page.goto(f"{console.url}/zaken/{nummer}")
    zondag = volgende_zondag()
    page.get_by_label("Nieuwe datum", exact=True).fill(zondag)
    page.get_by_label("Nieuwe tijd", exact=True).fill("03:00")
    page.locator("#reden").fill("Ziek tot het weekend.")
    page.get_by_role("button", name="Verzet de belofte").click()

    fout = page.get_by_role("alert")
    expect(fout).to_contain_text("Nieuwe datum en tijd:")  # the field's own name, not "deadline"
    expect(fout).to_contain_text("werkt dan niet")
    expect(fout).to_contain_text("Ook buiten de werktijden")
    expect(page.get_by_label("Nieuwe datum", exact=True)).to_have_value(zondag)
    expect(page.get_by_label("Nieuwe tijd", exact=True)).to_have_value("03:00")
    expect(page.locator("#reden")).to_have_value("Ziek tot het weekend.")
    expect(page.get_by_label("Ook buiten de werktijden")).not_to_be_checked()
    with transaction(console.engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        assert open_belofte(zaak).deadline == deadline, "the promise did not change"
        assert session.execute(select(func.count(AuditRegel.id)).where(
            AuditRegel.zaak_id == zaak.id, AuditRegel.wat == "belofte_verzet")).scalar_one() == 0
    assert zonder_ernstige_fouten(page, axe_script) == []


def log_in_met(page: Page, console: Console, gebruikersnaam: str, wachtwoord: str) -> None:
    page.goto(f"{console.url}/login")
    page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()


def test_a_beheerder_adds_disables_reactivates_an_account_and_gives_it_a_new_password(
        browser: Browser, page: Page, console: Console, axe_script):
    log_in(page, console, account_voor(console, "", rol="beheerder"))
    page.get_by_role("link", name="Accounts").click()
    expect(page.get_by_role("heading", name="Accounts", level=1)).to_be_visible()
    naam = f"privacy-{uuid.uuid4().hex[:6]}"
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Rol").select_option(label="Privacyfunctionaris")
    page.get_by_role("button", name="Account toevoegen").click()
    expect(page.get_by_role("heading", name=f"Account {naam}")).to_be_visible()
    expect(page.locator(".gelukt").first).to_contain_text("Het account is toegevoegd.")
    eerste = page.locator("code.geheim").inner_text().strip()
    assert len(eerste) >= 12
    assert zonder_ernstige_fouten(page, axe_script) == [], "with the password shown once"

    ander = browser.new_context(locale="nl-NL")
    try:
        collega = ander.new_page()
        log_in_met(collega, console, naam, eerste)  # a temporary password: first a password of one's own
        expect(collega).to_have_url(re.compile(r"/wachtwoord$"))

        page.get_by_role("link", name="Account uitzetten").click()
        page.get_by_role("button", name="Ja, zet het account uit").click()
        expect(page.locator(".gelukt")).to_contain_text("Het account staat uit.")
        collega.goto(f"{console.url}/wachtwoord")
        expect(collega).to_have_url(re.compile(r"/login"))  # logged out at once
        log_in_met(collega, console, naam, eerste)
        expect(collega.get_by_text("De gebruikersnaam of het wachtwoord klopt niet.")).to_be_visible()

        page.get_by_role("link", name="Account weer aanzetten").click()
        page.get_by_role("button", name="Ja, zet het account weer aan").click()
        expect(page.locator(".gelukt")).to_contain_text("Het account staat weer aan.")

        page.get_by_role("button", name="Nieuw wachtwoord geven").click()
        expect(page.locator(".gelukt").first).to_contain_text("Het wachtwoord is veranderd.")
        nieuw = page.locator("code.geheim").inner_text().strip()
        assert nieuw != eerste
        log_in_met(collega, console, naam, eerste)
        expect(collega.get_by_text("De gebruikersnaam of het wachtwoord klopt niet.")).to_be_visible()
        log_in_met(collega, console, naam, nieuw)
        expect(collega).to_have_url(re.compile(r"/wachtwoord$"))
    finally:
        ander.close()
    assert WACHTWOORD not in (eerste, nieuw)
