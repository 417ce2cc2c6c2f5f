"""The figures page in real headless Chromium on a laptop (1366×768) and a tablet (768×1024): every chart
label whole, nothing wider than the screen, text drawn at (nearly) full size, and no serious axe finding.

The console runs on its own small databases (no assistant needed): articles with a long title, a
month of conversations on four channels written by Rasa's own SQLTrackerStore.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import Page, expect
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.console.app import maak_app
from bot.kennisbank.models import KennisbankArtikel
from bot.kern.db import make_engine, transaction
from tests.browser.serveer import console_in_draad
from tests.unit.console.hulp import WACHTWOORD, NepRasa, maak_accounts, vul_database

pytestmark = [pytest.mark.browser, pytest.mark.alleen_sqlite]  # the SQL itself: tests/unit/console/test_cijfers.py

LANG = "Bedrijfspand bouwen of verbouwen: omgevingsvergunning, melding en wat u verder moet regelen"
ONDERWERPEN = {"terrasvergunning": 9, "winkeltijden": 5}  # and one more, the first other article
KANALEN = ["rest", "webchat", "telegram", "whatsapp"]


def gesprekken(nu: datetime, onderwerpen: dict[str, int]) -> dict[str, list]:
    """Conversations on the last 30 days, on four channels, answered with three articles."""
    uit: dict[str, list] = {}
    nummer = 0
    for artikel, keer in onderwerpen.items():
        for _i in range(keer):
            moment = nu - timedelta(days=(nummer * 3) % 29, hours=1)
            kanaal = KANALEN[nummer % len(KANALEN)]
            uit[f"g{nummer}"] = [
                UserUttered("mag dat?", {"name": "ask_question", "confidence": 0.9}, timestamp=moment.timestamp(),
                            input_channel=kanaal),
                BotUttered("antwoord", {"custom": {"kennisbank": {"id": artikel, "titel": artikel, "url": "https://x"}}},
                           timestamp=moment.timestamp() + 1),
            ]
            nummer += 1
    return uit


@pytest.fixture
def console(engine, artikelen, tmp_path, tracker_store) -> Iterator[tuple[str, list[str]]]:
    """The console's address, and the titles the bar chart must show, most asked first."""
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz")})
    derde = next(a.id for a in artikelen if a.id not in ONDERWERPEN)
    onderwerpen = {**ONDERWERPEN, derde: 2}
    with transaction(engine) as session:
        session.get(KennisbankArtikel, "terrasvergunning").titel = LANG
        titels = [session.get(KennisbankArtikel, artikel).titel for artikel in onderwerpen]
    nu = datetime.now(timezone.utc)

    def schrijf() -> None:  # in its own thread: Playwright's sync API keeps an event loop in this one
        for sender, events in gesprekken(nu, onderwerpen).items():
            asyncio.run(tracker_store.save(DialogueStateTracker.from_events(sender, events)))

    schrijver = threading.Thread(target=schrijf)
    schrijver.start()
    schrijver.join()
    tracker = make_engine(tracker_store.ingang_url)
    app = maak_app(engine, rasa=NepRasa(), secure=False, tracker_engine=tracker)
    with console_in_draad(app) as url:
        yield url, titels
    tracker.dispose()


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Gebruikersnaam").fill("mehmet-yilmaz")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Inbox", level=1)).to_be_visible()


# Every text of every chart: where it is drawn, and the chart it belongs to.
TEKSTEN = """() => [...document.querySelectorAll('figure.grafiek svg')].flatMap(svg => {
  const vak = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {tekst: t.textContent, links: r.left, rechts: r.right, svgLinks: vak.left, svgRechts: vak.right,
            schaal: vak.width / svg.viewBox.baseVal.width};
  });
})"""
LABELS = """() => [...document.querySelectorAll('svg text.staaf-label')].map(
  t => [...t.querySelectorAll('tspan')].map(s => s.textContent).join(' '))"""


@pytest.mark.parametrize("breedte, hoogte", [(768, 1024), (1366, 768)])
def test_every_chart_label_is_whole_and_inside_the_screen(browser, console, axe_script, breedte, hoogte):
    context = browser.new_context(locale="nl-NL", viewport={"width": breedte, "height": hoogte})
    page = context.new_page()
    url, titels = console
    log_in(page, url)
    page.get_by_role("link", name="Cijfers").click()
    expect(page.get_by_role("heading", name="Onderwerpen die het meest gevraagd zijn")).to_be_visible()

    # the bar labels are the articles' full titles, most asked first, over as many lines as needed
    assert page.evaluate(LABELS) == titels and titels[0] == LANG
    assert "…" not in page.locator("main").inner_text()
    # the legend names the channels, not their keys
    legenda = page.locator("svg text.legenda").all_text_contents()
    assert {"Website-chat", "Telegram", "WhatsApp", "Koppeling met een ander systeem"} <= set(legenda)

    teksten = page.evaluate(TEKSTEN)
    assert len(teksten) > 30
    for t in teksten:  # inside its chart (an SVG clips what falls outside) and inside the screen
        assert t["svgLinks"] - 1 <= t["links"] and t["rechts"] <= t["svgRechts"] + 1, t
        assert t["links"] >= 0 and t["rechts"] <= breedte, t
        assert t["schaal"] >= 0.95, t  # drawn at full size: 13-14 px text stays 13-14 px
    assert page.evaluate("() => document.documentElement.scrollWidth") <= breedte

    # axes with several round ticks, not just 0 and the maximum
    y_as = page.locator("figure.grafiek svg.lijnen").first.locator("text.as-label").all_text_contents()
    assert len(y_as) >= 5

    # axe, with the page's CSP still on (the script is evaluated, not injected as a tag)
    page.evaluate(axe_script.read_text(encoding="utf-8"))
    resultaat = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    ernstig = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
               for v in resultaat["violations"] if v["impact"] in ("serious", "critical")]
    assert ernstig == []
    context.close()
