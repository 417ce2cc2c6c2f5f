"""Typing markers of a live chat in real headless Chromium: the entrepreneur types in the widget and the
medewerker's chat panel shows "<bedrijf> typt…"; the medewerker types in the panel and the widget shows
"<voornaam> typt…". The widget and the console run against the same running assistant and database."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.assistent import Assistent
from tests.browser import test_console as basis
from tests.browser.test_console import Console, account_voor, log_in
from tests.browser.test_widget import hand_off_in_the_widget, open_widget

console = basis.console  # the console server fixture of test_console.py, one per module

pytestmark = pytest.mark.browser

LANG = 15_000  # ms: the panel polls every 3 s, the web chat's push loop runs every few seconds


def test_each_side_sees_the_other_typing(page: Page, browser: Browser, demo_url: str, console: Console,
                                         assistent: Assistent):
    open_widget(page, demo_url)
    overdracht = hand_off_in_the_widget(page)
    naam = overdracht["medewerker"]["naam"]

    paneel_context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        paneel = paneel_context.new_page()
        log_in(paneel, console, account_voor(console, naam))
        paneel.goto(f"{console.url}/zaken/{overdracht['zaak']}")
        marker = paneel.locator("#ondernemer-typt")
        expect(marker).to_have_attribute("aria-live", "polite")
        expect(marker).to_have_text("")
        paneel.get_by_role("button", name="Gesprek overnemen").click()
        # the takeover notice, not the promise before it (which names the medewerker too): the widget
        # signals typing only once it knows a person is on the other side
        expect(page.locator(".ingang-msg--staff").last).to_contain_text(naam.split()[0], timeout=LANG)

        # the entrepreneur types (without sending): the panel says so, and stops saying it afterwards
        page.get_by_label("Uw bericht").press_sequentially("Ik heb nog een vraag over", delay=40)
        bedrijf = paneel.locator("dt:text-is('Bedrijf') + dd").inner_text()
        assert bedrijf.startswith("Lunchroom Het Hoekje")
        expect(marker).to_have_text(f"{bedrijf} typt…", timeout=LANG)
        expect(marker).to_have_text("", timeout=LANG)

        # the medewerker types: the widget shows the first name, not the assistant
        veld = paneel.get_by_label("Uw bericht aan de ondernemer")
        veld.press_sequentially("Ik kijk het even na", delay=40)
        typt = page.locator(".ingang-typing")
        expect(typt).to_have_text(f"{naam.split()[0]} typt…", timeout=LANG)
        expect(typt).to_be_visible()
        veld.press("Enter")
        expect(page.locator(".ingang-msg--bot").last).to_contain_text("Ik kijk het even na", timeout=LANG)
        expect(typt).to_be_hidden()
    finally:
        paneel_context.close()
