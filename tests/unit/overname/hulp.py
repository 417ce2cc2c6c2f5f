"""What the takeover tests look at: the outbox, the rows, and whether the slot and the rows agree."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from bot.kern.db import transaction
from bot.medewerkers.models import Medewerker
from bot.overname.models import Overname
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import AuditRegel
from tests.fakes.rasa_api import NepRasa

NU = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Tuesday morning
GESPREK = "sessie-1"


def medewerker(session, sleutel: str) -> Medewerker:
    return session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel)).scalar_one()


def berichten(session) -> list[UitgaandBericht]:
    return list(session.execute(select(UitgaandBericht).order_by(UitgaandBericht.id)).scalars())


def audit(engine, wat: str) -> list[AuditRegel]:
    with transaction(engine) as session:
        return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat)).scalars())


def overnames(engine) -> list[Overname]:
    with transaction(engine) as session:
        return list(session.execute(select(Overname).order_by(Overname.id)).scalars())


def eens(engine, rasa: NepRasa) -> str | None:
    """Assert that the slot and the rows agree: the slot holds a name exactly while an ``actief``
    row of that medewerker holds the conversation, and no row is left between two states.
    Returns who has the conversation (None: the bot)."""
    rijen = overnames(engine)
    houders = [rij for rij in rijen if rij.actief_gesprek is not None]
    assert all(rij.status == "actief" for rij in houders), [(rij.id, rij.status) for rij in rijen]
    assert all(rij.status == "voorbij" and rij.einde_reden for rij in rijen if rij.actief_gesprek is None)
    with transaction(engine) as session:
        naam = session.get(Overname, houders[0].id).medewerker.naam if houders else None
    assert rasa.slot(GESPREK) == naam
    return naam


class Crash(BaseException):
    """The process dies here: nothing after it runs, and no ``except Exception`` sees it."""


class KapotteDatabase:
    """Makes commits on ``engine`` fail (OperationalError): the commit of the transaction in which
    a function runs (``faal_na``), every commit from then on (``weg``), or the next (``faal_volgende``)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.weg = False
        self._te_falen = 0
        event.listen(engine, "commit", self._bij_commit)

    def sluit(self) -> None:
        event.remove(self.engine, "commit", self._bij_commit)

    def faal_volgende(self) -> None:
        self._te_falen += 1

    def faal_na(self, monkeypatch, module, naam: str, *, en_blijft_weg: bool = False) -> None:
        """The transaction that calls ``module.naam`` does not commit (the first time it is called);
        ``en_blijft_weg``: nor does any later one, until ``weg`` is set back to False."""
        echt = getattr(module, naam)
        gedaan = []

        def en_dan_kapot(*args, **kwargs):
            resultaat = echt(*args, **kwargs)
            if not gedaan:
                gedaan.append(True)
                self._te_falen += 1
                self.weg = self.weg or en_blijft_weg
            return resultaat

        monkeypatch.setattr(module, naam, en_dan_kapot)

    def _bij_commit(self, _verbinding) -> None:
        if self.weg or self._te_falen:
            self._te_falen = max(self._te_falen - 1, 0)
            raise OperationalError("COMMIT", {}, Exception("de database is weg (test)"))
