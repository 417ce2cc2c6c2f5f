"""Helpers for the tests of the promise job and the worker round: a case with a promise, the rows
it leaves, a push deliverer that counts, two workers at once. Mehmet Yılmaz works on Mondays,
08:30-17:00; the terugbellen norm is 8 working hours with a reminder 2 hours before."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.beloften.jobs import verwerk_beloften
from bot.integraties.email import EmailBezorger, Mailer
from bot.kern.db import make_engine, transaction
from bot.medewerkers.models import Medewerker
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.uitgaand.jobs import bezorg_wachtende
from bot.uitgaand.models import EMAIL, UitgaandBericht
from bot.uitgaand.service import Bericht, BezorgFout
from bot.zaken.models import AuditRegel, Belofte

AMS = ZoneInfo("Europe/Amsterdam")
MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)
HERINNERING = datetime(2026, 11, 23, 15, 0, tzinfo=AMS)
DEADLINE = datetime(2026, 11, 23, 17, 0, tzinfo=AMS)
NIETS = {"herinneringen": 0, "escalaties": 0, "afgeleverd": 0, "mislukt": 0}


def nieuwe_zaak(engine, gesprek_id: str = "g1", kanaal: str = "rest") -> dict:
    gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="een terras", waarom="meer klanten", hoe="in maart",
                             bedrijfsnaam="Café De Hoek", kvk_nummer="12345678", contactnaam="Ans Bos",
                             telefoon="+31612345678", email=None)
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=gegevens, kanaal=kanaal, gesprek_id=gesprek_id, moment=MAANDAG)


def medewerker(session, sleutel: str) -> Medewerker:
    return session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel)).scalar_one()


def beloften(engine) -> list[Belofte]:
    with transaction(engine) as session:
        rijen = list(session.execute(select(Belofte).order_by(Belofte.id)).scalars())
        for rij in rijen:
            _ = rij.zaak.nummer, rij.medewerker.email
        return rijen


def audit(engine, wat: str) -> list[AuditRegel]:
    with transaction(engine) as session:
        return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat).order_by(AuditRegel.id)).scalars())


def berichten(engine) -> list[UitgaandBericht]:
    """The outbox messages to entrepreneurs (not the e-mails to staff)."""
    with transaction(engine) as session:
        return list(session.execute(
            select(UitgaandBericht).where(UitgaandBericht.kanaal != EMAIL).order_by(UitgaandBericht.id)).scalars())


def emails(engine) -> list[UitgaandBericht]:
    """The e-mails to staff in the outbox."""
    with transaction(engine) as session:
        return list(session.execute(
            select(UitgaandBericht).where(UitgaandBericht.kanaal == EMAIL).order_by(UitgaandBericht.id)).scalars())


def run(engine, mailer: Mailer, nu: datetime, werker: str = "werker-1", **extra) -> dict[str, int]:
    """The promise job at ``nu``, then the delivery of its e-mails (as in one worker round)."""
    telling = verwerk_beloften(engine=engine, nu=nu, werker=werker, **extra)
    return telling | bezorg_wachtende(engine=engine, bezorgers={EMAIL: EmailBezorger(mailer)}, nu=nu, werker=werker)


class TelBezorger:
    """A push deliverer that records what it was given; fails while ``fouten`` has items."""

    def __init__(self, kanaal: str = "telegram", fouten: list[BezorgFout] | None = None) -> None:
        self.kanaal = kanaal
        self.fouten = list(fouten or [])
        self.pogingen: list[Bericht] = []
        self.bezorgd: list[Bericht] = []
        self._slot = threading.Lock()

    def bezorg(self, bericht: Bericht) -> None:
        with self._slot:
            self.pogingen.append(bericht)
            if self.fouten:
                raise self.fouten.pop(0)
            self.bezorgd.append(bericht)


def twee_werkers_tegelijk(database_url: str, taak, timeout: float = 60) -> list[dict[str, int]]:
    """Run ``taak(engine, werker)`` in two threads released at the same instant, each with its own
    engine (as two worker processes would have); their counts. Errors in a thread fail the test."""
    engines = [make_engine(database_url), make_engine(database_url)]
    start = threading.Barrier(2)
    tellingen: list[dict[str, int]] = []
    fouten: list[BaseException] = []

    def werk(nummer: int) -> None:
        try:
            start.wait()
            tellingen.append(taak(engines[nummer], f"werker-{nummer}"))
        except BaseException as fout:  # reported below
            fouten.append(fout)

    draden = [threading.Thread(target=werk, args=(i,)) for i in range(2)]
    try:
        for draad in draden:
            draad.start()
        for draad in draden:
            draad.join(timeout=timeout)
    finally:
        for engine in engines:
            engine.dispose()
    assert not any(draad.is_alive() for draad in draden), f"a worker did not finish within {timeout} s"
    assert fouten == []
    return tellingen
