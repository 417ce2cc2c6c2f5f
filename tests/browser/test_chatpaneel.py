"""The chat panel on the case page in real headless Chromium, against the running assistant over REST: a
takeover driven entirely from the panel without a page reload, the panel on a tablet and beside the case on
a laptop, and axe on the case page with the panel."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.assistent import Assistent, draag_over_via_rest
from tests.browser import test_console as basis
from tests.browser.test_console import Console, account_voor, custom, log_in

console = basis.console  # the console server fixture of test_console.py, one per module

pytestmark = pytest.mark.browser

GEEN_RELOAD = "() => window.__zelfdePagina === true"


def open_zaak(page: Page, console: Console, assistent: Assistent) -> tuple[dict, str]:
    """A new handoff over REST; its medewerker logged in on the case page. The overdracht and the conversation."""
    gesprek = uuid.uuid4().hex
    overdracht = draag_over_via_rest(assistent, gesprek)
    log_in(page, console, account_voor(console, overdracht["medewerker"]["naam"]))
    page.goto(f"{console.url}/zaken/{overdracht['zaak']}")
    expect(page.get_by_role("heading", name="Gesprek met de ondernemer")).to_be_visible()
    return overdracht, gesprek


def test_a_takeover_driven_entirely_from_the_panel_without_a_reload(page: Page, console: Console,
                                                                    assistent: Assistent):
    page.set_viewport_size({"width": 1280, "height": 640})
    overdracht, gesprek = open_zaak(page, console, assistent)
    naam = overdracht["medewerker"]["naam"]
    page.evaluate("() => { window.__zelfdePagina = true; }")  # gone if the page reloads or navigates
    transcript = page.locator("#transcript")
    laatste = page.locator("#transcript > li").last
    expect(laatste).to_contain_text(overdracht["zaak"])  # the newest message is at the bottom, in view
    expect(laatste).to_be_in_viewport()

    page.get_by_role("button", name="Gesprek overnemen").click()
    expect(page.locator("#overname-status")).to_contain_text(f"Dit gesprek is overgenomen door {naam}")
    veld = page.get_by_label("Uw bericht aan de ondernemer")
    expect(veld).to_be_focused()

    # Shift+Enter is a new line, Enter sends; the text field stays focused and empty; the message is at the bottom
    veld.type("Goedemiddag, u chat nu met mij.")
    veld.press("Shift+Enter")
    veld.type("Waar gaat het om?")
    expect(veld).to_have_value("Goedemiddag, u chat nu met mij.\nWaar gaat het om?")
    veld.press("Enter")
    expect(veld).to_have_value("")
    expect(veld).to_be_focused()
    expect(laatste).to_contain_text("Waar gaat het om?")
    expect(laatste).to_contain_text(naam)

    antwoord = assistent.praat("Hallo, fijn! Het gaat om de keuken.", gesprek)
    teksten = [b.get("text") or "" for b in antwoord]
    assert "Goedemiddag, u chat nu met mij.\nWaar gaat het om?" in teksten
    assert len(antwoord) == len(custom(antwoord, "medewerker")), "nothing from the bot while the medewerker has the chat"
    expect(laatste).to_contain_text("Het gaat om de keuken.")  # the entrepreneur's reply, polled, at the bottom
    expect(laatste).to_be_in_viewport()

    # scrolled up, a new message does not pull the list down: an unread marker does, when clicked
    assert page.evaluate("() => { const l = document.getElementById('transcript'); return l.scrollHeight > l.clientHeight; }")
    transcript.evaluate("l => { l.scrollTop = 0; }")
    assistent.praat("Mag de afzuiging door het dak?", gesprek)
    markering = page.get_by_role("button", name="1 nieuw bericht")
    expect(markering).to_be_visible()
    expect(laatste).not_to_be_in_viewport()
    markering.click()
    expect(markering).to_be_hidden()
    expect(laatste).to_contain_text("Mag de afzuiging door het dak?")
    expect(laatste).to_be_in_viewport()

    # a canned reply and a kennisbank answer go into the text field, not to the entrepreneur
    page.get_by_text("Snelle antwoorden en kennisbank").click()
    eerste = page.locator("button.snel").first
    snel = eerste.get_attribute("data-tekst")
    eerste.click()
    expect(veld).to_have_value(snel)
    page.get_by_label("Invoegen uit kennisbank: zoek een artikel").fill("terras")
    page.get_by_role("button", name="Zoek", exact=True).last.click()
    expect(page.locator("#kb-status")).to_contain_text("gevonden")
    page.locator("#kb-resultaten button").first.click()
    ingevoegd = veld.input_value()
    assert ingevoegd.startswith(f"{snel} ") and "\n\nMeer informatie: https://" in ingevoegd, ingevoegd
    expect(transcript).not_to_contain_text(snel)

    # an error shows in the panel, and the typed text stays
    token = page.locator("#chat-formulier input[name=csrf_token]")
    goed = token.input_value()
    veld.fill("x" * 10)
    token.evaluate("t => { t.value = 'verkeerd'; }")
    veld.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("beveiligingscode")
    expect(veld).to_have_value("x" * 10)
    expect(veld).to_be_focused()
    token.evaluate("(t, goed) => { t.value = goed; }", goed)
    veld.fill("")

    page.get_by_text("Notitie voor collega's").click()
    page.get_by_label("Notitie (alleen voor collega's").fill("Tekening volgt per mail.")
    page.get_by_role("button", name="Gesprek teruggeven").click()
    expect(page.get_by_role("button", name="Gesprek overnemen")).to_be_visible()
    expect(page.locator("#overname-status")).to_be_hidden()
    assert page.evaluate(GEEN_RELOAD), "the panel did it all without a reload"
    terug = assistent.praat("wanneer zijn de koopzondagen?", gesprek)
    notitie = [b for b in terug if "teruggegeven aan de digitale assistent" in (b.get("text") or "")]
    assert notitie and not (notitie[0].get("custom") or {}).get("medewerker"), \
        "the hand-back notice comes from the assistant, not signed by the medewerker"
    assert [k["id"] for k in custom(terug, "kennisbank")] == ["winkeltijden"]
    assert not any("Tekening volgt" in (b.get("text") or "") for b in terug), "the note is for colleagues only"
    page.reload()
    expect(page.locator(".geschiedenis")).to_contain_text("Tekening volgt per mail.")


def test_the_panel_is_on_top_on_a_tablet_and_beside_the_case_on_a_laptop(page: Page, console: Console,
                                                                         assistent: Assistent):
    page.set_viewport_size({"width": 768, "height": 1024})
    overdracht, _ = open_zaak(page, console, assistent)
    paneel, details = page.locator("#chatpaneel"), page.locator(".zaak-details")
    assert page.evaluate("() => window.scrollY") == 0
    expect(page.get_by_role("heading", name="Gesprek met de ondernemer")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Gesprek overnemen")).to_be_in_viewport()
    expect(page.locator("#transcript > li").last).to_be_in_viewport()
    assert paneel.bounding_box()["y"] + paneel.bounding_box()["height"] <= details.bounding_box()["y"] + 1
    assert paneel.bounding_box()["y"] + paneel.bounding_box()["height"] <= 1024, "the whole panel fits the screen"

    page.set_viewport_size({"width": 1366, "height": 768})
    assert paneel.bounding_box()["x"] > details.bounding_box()["x"] + details.bounding_box()["width"] - 1
    page.get_by_role("heading", name="Geschiedenis").scroll_into_view_if_needed()
    assert page.evaluate("() => window.scrollY") > 0
    expect(page.get_by_role("heading", name="Gesprek met de ondernemer")).to_be_in_viewport()  # sticky
    expect(page.get_by_role("button", name="Gesprek overnemen")).to_be_in_viewport()
    assert overdracht["zaak"]


def test_the_case_page_with_the_chat_panel_passes_axe(page: Page, console: Console, assistent: Assistent,
                                                      axe_script):
    open_zaak(page, console, assistent)
    page.get_by_role("button", name="Gesprek overnemen").click()
    page.get_by_text("Snelle antwoorden en kennisbank").click()
    expect(page.locator("#kb-zoek")).to_be_visible()
    page.get_by_label("Invoegen uit kennisbank: zoek een artikel").fill("terras")
    page.get_by_role("button", name="Zoek", exact=True).last.click()
    expect(page.locator("#kb-resultaten li").first).to_be_visible()
    page.evaluate(axe_script.read_text(encoding="utf-8"))  # evaluated: the page's CSP stays on
    resultaat = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    ernstig = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
               for v in resultaat["violations"] if v["impact"] in ("serious", "critical")]
    page.get_by_role("button", name="Gesprek teruggeven").click()
    expect(page.get_by_role("button", name="Gesprek overnemen")).to_be_visible()
    assert ernstig == []
