"""Helpers for the console tests: a database with articles and the tests' staff directory, cases, accounts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.accounts.service import maak_account, maak_token
from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import transaction
from bot.medewerkers.models import Medewerker
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import AuditRegel
from tests import factories as maak
from tests.fakes.rasa_api import NepRasa  # noqa: F401  (the one fake of Rasa's API; the console tests import it here)

AMS = ZoneInfo("Europe/Amsterdam")
MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)
WACHTWOORD = "een-lang-geheim-wachtwoord"


def vul_database(engine, artikelen, tmp_path: Path) -> None:
    """The articles and every medewerker of tests/data/medewerkers.yml (the tests log in as people of
    several teams: Mehmet Yılmaz, Sanne de Vries, Lotte Bakker, Joost van Dijk ...)."""
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        maak.testdirectory(session)


def nieuwe_zaak(engine, *, onderwerp: str = "terrasvergunning", gesprek_id: str = "g1", kanaal: str = "rest",
                wat: str = "een terras", moment: datetime = MAANDAG, urgent: bool = False) -> dict:
    """A case made the way the assistant makes one; returns the custom.overdracht payload."""
    gegevens = Vraaggegevens(onderwerp=onderwerp, wat=wat, waarom="meer klanten", hoe="in maart",
                             bedrijfsnaam="Café De Hoek", kvk_nummer="12345678", contactnaam="Ans Bos",
                             telefoon="+31612345678", email=None, urgent=urgent)
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=gegevens, kanaal=kanaal, gesprek_id=gesprek_id, moment=moment)


def medewerker(session, sleutel: str) -> Medewerker:
    return session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel)).scalar_one()


def account_met_token(engine, *, gebruikersnaam: str, rol: str, sleutel: str | None) -> str:
    """Make an account (for medewerker ``sleutel``) and return an API token for it, made at MAANDAG (the
    tests' clock): it works until 90 days later."""
    with transaction(engine) as session:
        account = maak_account(
            session=session, gebruikersnaam=gebruikersnaam, wachtwoord=WACHTWOORD, rol=rol,
            medewerker=medewerker(session, sleutel) if sleutel else None, nu=datetime.now(AMS),
        )
        return maak_token(session=session, account=account, naam="test", nu=MAANDAG)


class Klok:
    """A clock the test moves by hand."""

    def __init__(self, nu: datetime) -> None:
        self.nu = nu

    def __call__(self) -> datetime:
        return self.nu


def csrf_uit(html: str) -> str:
    import re

    gevonden = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert gevonden, "no csrf_token field in the page"
    return gevonden.group(1)


def log_in(client, gebruikersnaam: str, wachtwoord: str = WACHTWOORD, volgende: str = "/"):
    """Log in through the login form; returns the response of the POST (not followed)."""
    formulier = client.get("/login")
    return client.post("/login", data={"gebruikersnaam": gebruikersnaam, "wachtwoord": wachtwoord,
                                       "csrf_token": csrf_uit(formulier.text), "volgende": volgende},
                       follow_redirects=False)


def maak_accounts(engine, accounts: dict[str, tuple[str, str | None]]) -> None:
    """{gebruikersnaam: (rol, medewerker sleutel or None)} with the test password."""
    with transaction(engine) as session:
        for naam, (rol, sleutel) in accounts.items():
            maak_account(session=session, gebruikersnaam=naam, wachtwoord=WACHTWOORD, rol=rol,
                         medewerker=medewerker(session, sleutel) if sleutel else None, nu=datetime.now(AMS))


def audit(engine, wat: str) -> list[AuditRegel]:
    """The history rows ``wat`` of every case."""
    with transaction(engine) as session:
        return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat)).scalars())


def berichten(engine) -> list[UitgaandBericht]:
    """Every outbox message, oldest first."""
    with transaction(engine) as session:
        return list(session.execute(select(UitgaandBericht).order_by(UitgaandBericht.id)).scalars())
