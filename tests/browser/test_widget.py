"""The chat widget on the demo municipality page, in a real browser against the real assistant."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bot.integraties.rasa_api import RasaApi
from bot.kanalen.webchat.sessie import Sessiesleutel
from bot.kern.db import make_engine, transaction
from bot.kern.identiteit import gesprek_id
from bot.uitgaand.service import plaats_bericht
from tests.assistent import ANTWOORDEN, Assistent

pytestmark = pytest.mark.browser

QUESTION = "wanneer zijn de koopzondagen?"
HANDOFF = "ik wil iemand spreken over een verbouwing"
SITUATION = "hoi ik wil een cafeetje beginnen in de binnenstad wat heb ik allemaal nodig"
PHONE = {"width": 390, "height": 844}


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Chat met ons").click()
    expect(page.get_by_role("dialog", name="Ondernemersloket Voorbeeldstad")).to_be_visible()


def ask(page: Page, text: str) -> None:
    page.get_by_label("Uw bericht").fill(text)
    page.get_by_label("Uw bericht").press("Enter")


def session_id(page: Page) -> str:
    """The session id inside the token the widget keeps (bot/kanalen/webchat/sessie.py)."""
    page.wait_for_function("() => window.localStorage.getItem('ingang:sessie')")
    return Sessiesleutel.uit_omgeving().lees(page.evaluate("() => window.localStorage.getItem('ingang:sessie')"))


def wait_until_quiet(page: Page, seconds: float = 2.0) -> None:
    """Wait until no message has been added for ``seconds`` (the assistant has finished answering)."""
    count, stable_since = -1, time.monotonic()
    while time.monotonic() - stable_since < seconds:
        now = page.locator(".ingang-msg").count()
        if now != count:
            count, stable_since = now, time.monotonic()
        page.wait_for_timeout(200)


def place_outbox_message(assistent: Assistent, ontvanger: str, tekst: str, medewerker: dict) -> None:
    engine = make_engine(assistent.database_url)
    try:
        with transaction(engine) as session:
            plaats_bericht(session=session, sleutel=f"test-{uuid.uuid4().hex}", kanaal="webchat",
                           ontvanger=gesprek_id("webchat", ontvanger),
                           tekst=tekst, soort="medewerker", custom={"medewerker": medewerker})
    finally:
        engine.dispose()


def test_question_card_quick_reply_and_reload(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    expect(page.locator("#ingang-input")).to_be_focused()
    privacy = page.get_by_role("link", name=re.compile("^Hoe wij met uw gegevens omgaan"))
    expect(privacy).to_have_attribute("href", "https://www.voorbeeldstad.nl/privacy")  # the page's configuration
    expect(privacy).to_have_attribute("rel", "noopener noreferrer")
    ask(page, QUESTION)

    card = page.locator(".ingang-card")
    expect(card).to_be_visible()
    expect(card.locator(".ingang-card__title")).to_have_text(re.compile(r"\S"))
    more = card.get_by_role("link", name=re.compile("^Lees meer"))
    expect(more).to_have_attribute("target", "_blank")
    expect(more).to_have_attribute("rel", "noopener noreferrer")
    expect(more).to_have_attribute("href", re.compile(r"^https?://"))

    bot_lines = page.locator(".ingang-msg--bot")
    before = bot_lines.count()
    choice = page.locator(".ingang-choice").first
    choice_text = choice.inner_text()
    choice.click()
    expect(page.locator(".ingang-msg--user").last).to_have_text(re.compile(re.escape(choice_text)))
    expect(bot_lines).not_to_have_count(before)
    page.wait_for_function(f"() => document.querySelectorAll('.ingang-msg--bot').length > {before}")
    expect(page.locator(".ingang-typing")).to_be_hidden()

    wait_until_quiet(page)
    lines_before_reload = page.locator(".ingang-msg").all_inner_texts()
    cards = page.locator(".ingang-card").count()
    page.reload()
    expect(page.get_by_role("dialog", name="Ondernemersloket Voorbeeldstad")).to_be_visible()  # stays open
    expect(page.locator(".ingang-msg--user").first).to_contain_text(QUESTION)
    expect(page.locator(".ingang-card")).to_have_count(cards)
    assert page.locator(".ingang-msg").all_inner_texts() == lines_before_reload


def test_conversation_continues_on_another_page(page: Page, demo_url: str, web_server: str, assistent: Assistent) -> None:
    open_widget(page, demo_url)
    ask(page, QUESTION)
    expect(page.locator(".ingang-card")).to_be_visible()
    sessie = session_id(page)
    page.goto(f"{web_server}/terrasvergunning.html?server={assistent.url}")
    expect(page.locator(".ingang-card")).to_have_count(1)
    page.wait_for_function("() => document.querySelector('.ingang-status').textContent === ''")
    assert session_id(page) == sessie


def test_staff_message_from_the_outbox_is_shown_as_text(page: Page, demo_url: str, assistent: Assistent) -> None:
    open_widget(page, demo_url)
    ask(page, "hallo")
    expect(page.locator(".ingang-msg--bot")).not_to_have_count(1)  # welcome plus the answer
    tekst = 'Goedemiddag, ik kijk mee. <img src=x onerror="window.geraakt=1"><b>vet</b>'
    place_outbox_message(assistent, session_id(page), tekst, {"naam": "Mehmet Yılmaz", "functie": "accountmanager horeca"})

    staff = page.locator(".ingang-msg--staff")
    expect(staff).to_be_visible()
    expect(staff.locator(".ingang-sender")).to_have_text("Mehmet Yılmaz, accountmanager horeca")
    expect(staff.locator(".ingang-text")).to_have_text(tekst)
    assert staff.locator("img, b").count() == 0
    assert page.evaluate("() => window.geraakt") is None


def test_keyboard_only(page: Page, demo_url: str) -> None:
    page.goto(demo_url)
    page.locator("body").press("Shift+Tab")  # from the top of the page backwards: the widget's button is last
    launcher = page.locator(".ingang-launcher")
    expect(launcher).to_be_focused()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("#ingang-input")).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "true")

    page.keyboard.type("<script>alert(1)</script> " + QUESTION)
    page.keyboard.press("Enter")
    expect(page.locator(".ingang-msg--user").first).to_have_text("U: <script>alert(1)</script> " + QUESTION)
    expect(page.locator(".ingang-choice").first).to_be_visible()
    wait_until_quiet(page)

    page.keyboard.press("Shift+Tab")  # from the input back to the last quick reply
    expect(page.locator(".ingang-choice").last).to_be_focused()
    chosen = page.locator(".ingang-choice").last.inner_text()
    page.keyboard.press("Enter")
    expect(page.locator(".ingang-msg--user").last).to_have_text("U: " + chosen)

    page.locator("#ingang-input").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#ingang-panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_new_messages_are_announced(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    live = page.locator(".ingang [aria-live=polite]")
    ask(page, QUESTION)
    expect(page.locator(".ingang-card")).to_be_visible()
    expect(live).to_contain_text("Artikel:")


def test_full_screen_on_a_narrow_screen_and_at_200_percent_zoom(page: Page, demo_url: str) -> None:
    for width, height in [(375, 667), (640, 400)]:  # a phone; 1280 x 800 at 200% zoom
        page.set_viewport_size({"width": width, "height": height})
        open_widget(page, demo_url)
        box = page.locator("#ingang-panel").bounding_box()
        assert box == {"x": 0, "y": 0, "width": width, "height": height}
        expect(page.locator("#ingang-input")).to_be_in_viewport()
        expect(page.get_by_role("button", name="Chat sluiten")).to_be_in_viewport()
        page.get_by_role("button", name="Verstuur").focus()
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name=re.compile("^Hoe wij met uw gegevens omgaan"))).to_be_focused()
        page.keyboard.press("Tab")  # the page behind is covered: from the last element Tab stays in the panel
        expect(page.get_by_role("button", name="Nieuw gesprek")).to_be_focused()
        page.keyboard.press("Escape")


def test_no_serious_accessibility_violations(page: Page, demo_url: str, axe_script: Path) -> None:
    open_widget(page, demo_url)
    ask(page, QUESTION)
    expect(page.locator(".ingang-card")).to_be_visible()
    expect(page.locator(".ingang-choice").first).to_be_visible()
    page.add_script_tag(path=str(axe_script))
    resultaat = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    ernstig = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in resultaat["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert ernstig == []


def test_new_conversation_forgets_the_old_one(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    ask(page, QUESTION)
    expect(page.locator(".ingang-card")).to_be_visible()
    session_id(page)
    oud = page.evaluate("() => window.localStorage.getItem('ingang:sessie')")  # the token the widget keeps
    wait_until_quiet(page)
    page.get_by_role("button", name="Nieuw gesprek").click()
    expect(page.locator(".ingang-msg--user")).to_have_count(0)
    page.wait_for_function("(oud) => { const s = localStorage.getItem('ingang:sessie'); return s && s !== oud; }", arg=oud)
    page.reload()
    expect(page.locator(".ingang-msg")).to_have_count(1)  # only the welcome
    expect(page.locator(".ingang-card")).to_have_count(0)


# --- the handoff card and the choices, on a phone ------------------------------------------------


def transcript(page: Page) -> list[dict]:
    """What the widget keeps of the conversation (localStorage), with each bot message's custom part."""
    return page.evaluate("() => (JSON.parse(localStorage.getItem('ingang:gesprek') || 'null') || {items: []}).items")


def bot_customs_after(page: Page, count: int, *keys: str) -> list[dict]:
    """Wait until a bot message after the first ``count`` items carries one of ``keys`` in custom; their custom parts."""
    page.wait_for_function(
        """([count, keys]) => {
             const saved = JSON.parse(localStorage.getItem('ingang:gesprek') || 'null');
             return !!saved && saved.items.slice(count).some((item) =>
               item.from === 'bot' && item.message && item.message.custom && keys.some((k) => k in item.message.custom));
           }""",
        arg=[count, list(keys)],
    )
    return [item["message"]["custom"] for item in transcript(page)[count:]
            if item["from"] == "bot" and (item["message"] or {}).get("custom")]


def hand_off_in_the_widget(page: Page) -> dict:
    """Type a real probing conversation into the widget, answering each question it asks, until
    the handoff; the ``custom.overdracht`` the widget received."""
    count = len(transcript(page))
    ask(page, HANDOFF)
    for _ in range(14):
        customs = bot_customs_after(page, count, "vraag", "overdracht")
        overdracht = [c["overdracht"] for c in customs if "overdracht" in c]
        if overdracht:
            return overdracht[0]
        stap = [c["vraag"]["stap"] for c in customs if "vraag" in c][-1]
        count = len(transcript(page))
        ask(page, ANTWOORDEN.get(stap, "weet ik nog niet"))
    raise AssertionError("no handoff in the widget after 14 answers")


def serious_violations(page: Page, axe_script: Path) -> list[str]:
    page.add_script_tag(path=str(axe_script))
    resultaat = page.evaluate("() => axe.run('#ingang-widget', {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
            for v in resultaat["violations"] if v["impact"] in ("serious", "critical")]


def test_handoff_card_on_a_phone(page: Page, demo_url: str, axe_script: Path) -> None:
    page.set_viewport_size(PHONE)
    open_widget(page, demo_url)
    overdracht = hand_off_in_the_widget(page)
    medewerker = overdracht["medewerker"]

    card = page.locator(".ingang-handoff")
    expect(card).to_have_count(1)
    expect(card).to_be_visible()
    for deel in (medewerker["naam"], medewerker["functie"], overdracht["belofte"]):
        expect(card).to_contain_text(deel)

    tel = card.locator("a[href^='tel:']")
    expect(tel).to_have_count(1)
    expect(tel).to_contain_text(medewerker["telefoon"])
    href = tel.get_attribute("href")
    assert re.fullmatch(r"tel:\+?\d+", href), href
    assert re.sub(r"\D", "", href) == re.sub(r"\D", "", medewerker["telefoon"])
    mail = card.locator("a[href^='mailto:']")
    expect(mail).to_have_attribute("href", f"mailto:{medewerker['email']}")
    expect(mail).to_contain_text(medewerker["email"])

    # The case number never breaks over two lines and stays inside the card on a phone.
    nummers = card.locator(".ingang-zaak")
    assert nummers.count() >= 1
    kaart = card.bounding_box()
    assert kaart["x"] >= 0 and kaart["x"] + kaart["width"] <= PHONE["width"]
    for nummer in nummers.all():
        expect(nummer).to_have_text(overdracht["zaak"])
        maat = nummer.evaluate("""(el) => ({rects: el.getClientRects().length, height: el.getBoundingClientRect().height,
                                            line: parseFloat(getComputedStyle(el).lineHeight)})""")
        assert maat["rects"] == 1 and maat["height"] < 1.5 * maat["line"], maat
        box = nummer.bounding_box()
        assert kaart["x"] <= box["x"] and box["x"] + box["width"] <= kaart["x"] + kaart["width"]

    # The card replaces the text it repeats: the promise and the contact details are shown once.
    gesprek = page.locator(".ingang-messages").text_content()
    assert gesprek.count(overdracht["belofte"]) == 1
    assert gesprek.count(medewerker["telefoon"]) == 1 and gesprek.count(medewerker["email"]) == 1

    # With the card and choices on screen: no serious accessibility problems.
    ask(page, SITUATION)
    expect(page.locator(".ingang-choice").first).to_be_visible()
    wait_until_quiet(page)
    expect(card).to_be_attached()
    assert serious_violations(page, axe_script) == []

    page.reload()
    expect(page.locator(".ingang-handoff")).to_have_count(1)
    expect(page.locator(".ingang-handoff a[href^='tel:']")).to_have_attribute("href", href)


def test_choices_are_shown_once(page: Page, demo_url: str) -> None:
    page.set_viewport_size(PHONE)
    open_widget(page, demo_url)
    ask(page, SITUATION)
    [keuzes] = [c["keuzes"] for c in bot_customs_after(page, 0, "keuzes") if "keuzes" in c]
    expect(page.locator(".ingang-choice").first).to_be_visible()
    wait_until_quiet(page)

    expect(page.locator(".ingang-choices")).to_have_count(1)
    titels = page.locator(".ingang-choice__title").all_inner_texts()
    assert len(titels) == len(set(titels)) and {k["titel"] for k in keuzes} <= set(titels)
    tekst = "\n".join(page.locator(".ingang-msg").all_inner_texts())
    assert [t for t in titels if t in tekst] == []
    for keuze in keuzes:  # what each choice is for is on its button, no longer in a list in the text
        knop = page.locator(".ingang-choice").filter(has_text=keuze["titel"])
        expect(knop).to_have_count(1)
        if keuze.get("wanneer"):
            expect(knop.locator(".ingang-choice__hint")).to_have_text(keuze["wanneer"])
            assert keuze["wanneer"] not in tekst

    gekozen = keuzes[0]["titel"]
    page.locator(".ingang-choice").filter(has_text=gekozen).click()
    expect(page.locator(".ingang-msg--user").last).to_have_text("U: " + gekozen)


def test_messages_while_waiting_for_a_live_chat_go_to_the_medewerker(page: Page, demo_url: str,
                                                                     assistent: Assistent) -> None:
    """action_nu_chatten sets the wait (unit-tested); here the widget: "hallo sanne" gets no greeting,
    one note that Sanne reads it, and nothing after that while the entrepreneur waits."""
    page.set_viewport_size(PHONE)
    open_widget(page, demo_url)
    ask(page, QUESTION)
    wait_until_quiet(page)
    RasaApi(url=assistent.url, token=assistent.token)._voeg_toe(
        gesprek_id("webchat", session_id(page)),
        [{"event": "slot", "name": "wacht_op_medewerker", "value": "Sanne", "timestamp": time.time()}])
    bot = page.locator(".ingang-msg--bot")
    voor = bot.count()

    ask(page, "hallo sanne, ben je er?")
    wait_until_quiet(page)
    expect(bot).to_have_count(voor + 1)
    expect(bot.last).to_contain_text("Sanne")
    expect(bot.last.locator("button")).to_have_count(0)  # no greeting with its choices

    ask(page, "hallo?? is er iemand")
    wait_until_quiet(page)
    expect(bot).to_have_count(voor + 1)
