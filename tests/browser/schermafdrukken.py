"""Makes the console screenshots of the README: ``python -m tests.browser.schermafdrukken``.

Starts the assistant and the console on a fresh database, has one entrepreneur hand off a
question over REST and a medewerker take over and reply, then photographs the main pages in
Chromium into docs/console-*.png.
"""

from __future__ import annotations

import tempfile
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from bot.accounts.service import maak_account
from bot.console.app import maak_app
from bot.integraties.rasa_api import RasaApi
from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kern.db import make_engine, transaction
from bot.kern.settings import PROJECT_ROOT, load_settings
from bot.medewerkers.models import Medewerker
from tests.assistent import draag_over_via_rest, start_assistent, vrije_poort
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

WACHTWOORD = "schermafdruk-wachtwoord"
DOCS = PROJECT_ROOT / "docs"


def main() -> None:
    with tempfile.TemporaryDirectory() as map_, start_assistent(Path(map_), lees_artikelen_uit_map(load_settings())) as assistent:
        engine = make_engine(assistent.database_url)
        tracker = make_engine(assistent.database_url.replace("ingang.db", "tracker.db"))
        gesprek = uuid.uuid4().hex
        overdracht = draag_over_via_rest(assistent, gesprek)
        for vraag in ("wanneer zijn de koopzondagen?", "mag ik een terras?", "wat kost een evenementenvergunning?"):
            assistent.praat(vraag, uuid.uuid4().hex)
        with transaction(engine) as session:
            medewerker = session.execute(
                select(Medewerker).where(Medewerker.naam == overdracht["medewerker"]["naam"])).scalar_one()
            maak_account(session=session, gebruikersnaam="demo", wachtwoord=WACHTWOORD, rol="teamleider",
                         medewerker=medewerker, nu=datetime.now(timezone.utc))
        app = maak_app(engine, rasa=RasaApi(url=assistent.url, token=assistent.token), secure=False,
                       tracker_engine=tracker)
        poort = vrije_poort()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=poort, log_level="warning", ws="none"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{poort}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
            page.goto(f"{url}/login")
            page.screenshot(path=str(DOCS / "console-login.png"))
            page.get_by_label("Gebruikersnaam").fill("demo")
            page.get_by_label("Wachtwoord").fill(WACHTWOORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_url(f"{url}/")
            page.screenshot(path=str(DOCS / "console-inbox.png"))
            page.goto(f"{url}/zaken/{overdracht['zaak']}")
            page.get_by_role("button", name="Gesprek overnemen").click()
            page.get_by_label("Uw bericht aan de ondernemer").fill(
                "Goedemiddag! Ik kijk mee met uw plan voor de lunchroom. Heeft u al een tekening?")
            page.get_by_role("button", name="Verstuur").click()
            page.wait_for_function("() => document.getElementById('tekst').value === ''")  # sent without a reload
            assistent.praat("Ja, die kan ik mailen.", gesprek)
            page.locator("#transcript").get_by_text("die kan ik mailen").wait_for()
            page.screenshot(path=str(DOCS / "console-zaak.png"), full_page=True)
            page.goto(f"{url}/kennisbank")
            page.screenshot(path=str(DOCS / "console-kennisbank.png"))
            page.goto(f"{url}/cijfers")
            page.screenshot(path=str(DOCS / "console-cijfers.png"), full_page=True)
            browser.close()
        server.should_exit = True
        engine.dispose()
        tracker.dispose()
    print("Schermafdrukken in docs/console-*.png")


if __name__ == "__main__":
    main()
