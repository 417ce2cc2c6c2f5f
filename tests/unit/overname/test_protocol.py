"""The slot in Rasa and the ``overname`` row agree whatever fails: each step of starting and of
handing back fails in turn (the database commit, the first and the second call to Rasa, a crash
in between), and afterwards, once the worker's job ran where needed, the two agree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from bot.integraties.rasa_api import RasaApiFout
from bot.kern.db import transaction
from bot.overname import protocol
from bot.overname.jobs import ruim_overnames_op
from bot.overname.models import Overname
from bot.overname.service import AlOvergenomen, beeindig_overname, start_overname
from bot.zaken.models import Zaak
from tests.unit.overname.hulp import GESPREK, NU, Crash, audit, berichten, eens, medewerker, overnames

MEHMET = "Mehmet Yılmaz"
TERUG = "Mehmet Yılmaz heeft het gesprek teruggegeven aan de digitale assistent. U kunt mij weer iets vragen."


def neem_over(engine, rasa, zaak_id: int, nu=NU, sleutel: str = "mehmet-yilmaz") -> int:
    with transaction(engine) as session:
        return start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                              medewerker=medewerker(session, sleutel), nu=nu).id


def geef_terug(engine, rasa, overname_id: int, nu=NU + timedelta(minutes=5)) -> None:
    with transaction(engine) as session:
        beeindig_overname(session=session, rasa=rasa, overname=session.get(Overname, overname_id),
                          reden="teruggegeven", door="mehmet-yilmaz", nu=nu)


def werker(engine, rasa, nu, naam: str = "werker-1") -> int:
    return ruim_overnames_op(engine=engine, rasa=rasa, nu=nu, werker=naam, max_inactief=timedelta(minutes=15))


def status(engine) -> list[tuple[str, str | None]]:
    return [(rij.status, rij.einde_reden) for rij in overnames(engine)]


def niets_gezegd(engine) -> None:
    """The entrepreneur was told nothing and the audit trail holds no takeover."""
    with transaction(engine) as session:
        assert berichten(session) == []
    assert audit(engine, "gesprek_overgenomen") == []


# --- starting --------------------------------------------------------------------------------------


def test_start_when_the_callers_commit_fails(engine, zaak_id, rasa, database):
    with pytest.raises(OperationalError), transaction(engine) as session:
        start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                       medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
        database.faal_volgende()
    assert rasa.slots == [] and overnames(engine) == []
    assert eens(engine, rasa) is None


@pytest.mark.parametrize("na_uitvoeren", [False, True], ids=["refused", "answer-lost"])
def test_start_when_setting_the_slot_fails(engine, zaak_id, rasa, na_uitvoeren):
    rasa.faal("zet_overname", na_uitvoeren=na_uitvoeren)
    with pytest.raises(RasaApiFout):
        neem_over(engine, rasa, zaak_id)
    assert rasa.slots[-1] == (GESPREK, None), "undone: the slot is cleared"
    assert status(engine) == [("voorbij", "mislukt")]
    niets_gezegd(engine)
    assert eens(engine, rasa) is None
    assert werker(engine, rasa, NU + timedelta(minutes=5)) == 0


def test_start_when_the_transcript_fails_the_takeover_stands(engine, zaak_id, rasa):
    rasa.faal("voeg_medewerkerbericht_toe")
    neem_over(engine, rasa, zaak_id)
    assert eens(engine, rasa) == MEHMET
    with transaction(engine) as session:
        assert [b.soort for b in berichten(session)] == ["overname_start"], "the entrepreneur is told all the same"
    assert rasa.berichten == [], "only the record in the transcript is missing"


def test_start_when_marking_it_active_does_not_commit(engine, zaak_id, rasa, database, monkeypatch):
    database.faal_na(monkeypatch, protocol, "markeer_actief")
    with pytest.raises(OperationalError):
        neem_over(engine, rasa, zaak_id)
    assert rasa.slots == [(GESPREK, MEHMET), (GESPREK, None)]
    assert status(engine) == [("voorbij", "mislukt")]
    niets_gezegd(engine)
    assert eens(engine, rasa) is None


def test_start_when_undoing_it_fails_too_the_worker_clears_the_slot(engine, zaak_id, rasa, database, monkeypatch):
    database.faal_na(monkeypatch, protocol, "markeer_actief")
    rasa.faal("zet_overname", overslaan=1)  # the slot is set; clearing it fails
    with pytest.raises(OperationalError):
        neem_over(engine, rasa, zaak_id)
    assert rasa.slot(GESPREK) == MEHMET
    [rij] = overnames(engine)
    assert (rij.status, rij.actief_gesprek, rij.claimed_by) == ("start", None, None), "given up, for the worker"

    assert werker(engine, rasa, NU) == 1
    assert status(engine) == [("voorbij", "mislukt")]
    assert [r.wie for r in audit(engine, "overname_mislukt")] == ["systeem"]
    assert eens(engine, rasa) is None


def test_a_given_up_start_never_clears_the_slot_of_a_newer_takeover(engine, zaak_id, rasa, database, monkeypatch):
    database.faal_na(monkeypatch, protocol, "markeer_actief")
    rasa.faal("zet_overname", overslaan=1)
    with pytest.raises(OperationalError):
        neem_over(engine, rasa, zaak_id)
    monkeypatch.undo()
    neem_over(engine, rasa, zaak_id, sleutel="sanne-de-vries", nu=NU + timedelta(minutes=1))
    assert werker(engine, rasa, NU + timedelta(minutes=2)) == 1
    assert status(engine) == [("voorbij", "mislukt"), ("actief", None)]
    assert eens(engine, rasa) == "Sanne de Vries"


def test_start_when_the_database_goes_away_after_the_slot(engine, zaak_id, rasa, database, monkeypatch):
    database.faal_na(monkeypatch, protocol, "markeer_actief", en_blijft_weg=True)
    with pytest.raises(OperationalError):
        neem_over(engine, rasa, zaak_id)
    database.weg = False  # back again
    assert rasa.slot(GESPREK) == MEHMET and status(engine) == [("start", None)]

    assert werker(engine, rasa, NU + timedelta(minutes=1)) == 0, "the request's claim still holds"
    assert werker(engine, rasa, NU + timedelta(minutes=3)) == 1
    assert eens(engine, rasa) is None


@pytest.mark.parametrize("na_uitvoeren", [False, True], ids=["before-the-slot", "after-the-slot"])
def test_a_crash_while_starting(engine, zaak_id, rasa, na_uitvoeren):
    rasa.faal("zet_overname", fout=Crash(), na_uitvoeren=na_uitvoeren)
    with pytest.raises(Crash):
        neem_over(engine, rasa, zaak_id)
    assert rasa.slot(GESPREK) == (MEHMET if na_uitvoeren else None)
    assert status(engine) == [("start", None)]
    with pytest.raises(AlOvergenomen):  # the claim of the dead request still holds
        neem_over(engine, rasa, zaak_id, sleutel="sanne-de-vries", nu=NU + timedelta(minutes=1))

    assert werker(engine, rasa, NU + timedelta(minutes=3)) == 1
    niets_gezegd(engine)
    assert eens(engine, rasa) is None


def test_after_a_crash_the_same_medewerker_can_start_again(engine, zaak_id, rasa):
    rasa.faal("zet_overname", fout=Crash(), na_uitvoeren=True)
    with pytest.raises(Crash):
        neem_over(engine, rasa, zaak_id)
    with pytest.raises(AlOvergenomen):
        neem_over(engine, rasa, zaak_id, nu=NU + timedelta(minutes=1))
    neem_over(engine, rasa, zaak_id, nu=NU + timedelta(minutes=3))
    assert status(engine) == [("actief", None)]
    assert eens(engine, rasa) == MEHMET


# --- handing back ----------------------------------------------------------------------------------


def test_hand_back_when_the_callers_commit_fails(engine, zaak_id, rasa, database):
    overname_id = neem_over(engine, rasa, zaak_id)
    with pytest.raises(OperationalError), transaction(engine) as session:
        beeindig_overname(session=session, rasa=rasa, overname=session.get(Overname, overname_id),
                          reden="teruggegeven", door="mehmet-yilmaz", nu=NU + timedelta(minutes=5))
        database.faal_volgende()
    assert eens(engine, rasa) == MEHMET, "nothing changed: the takeover stands"


def test_hand_back_when_clearing_the_slot_fails_the_worker_finishes_it(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    rasa.faal("zet_overname")
    geef_terug(engine, rasa, overname_id)  # not raised: handing back, once decided, completes
    assert rasa.slot(GESPREK) == MEHMET and status(engine) == [("einde", "teruggegeven")]

    assert werker(engine, rasa, NU + timedelta(minutes=6)) == 1
    assert eens(engine, rasa) is None
    with transaction(engine) as session:
        assert berichten(session)[-1].tekst == TERUG
    assert [r.wie for r in audit(engine, "overname_teruggegeven")] == ["mehmet-yilmaz"]


def test_hand_back_when_clearing_the_slot_fails_a_second_click_finishes_it(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    rasa.faal("zet_overname")
    geef_terug(engine, rasa, overname_id)
    geef_terug(engine, rasa, overname_id, nu=NU + timedelta(minutes=6))
    assert status(engine) == [("voorbij", "teruggegeven")]
    assert eens(engine, rasa) is None


def test_hand_back_when_the_transcript_fails(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    rasa.faal("voeg_medewerkerbericht_toe")
    geef_terug(engine, rasa, overname_id)
    assert eens(engine, rasa) is None
    with transaction(engine) as session:
        assert berichten(session)[-1].tekst == TERUG
    assert [tekst for _, tekst, _ in rasa.berichten] == ["U chat nu met Mehmet Yılmaz, accountmanager horeca bij de gemeente."]


def test_hand_back_when_closing_the_row_does_not_commit(engine, zaak_id, rasa, database, monkeypatch):
    overname_id = neem_over(engine, rasa, zaak_id)
    database.faal_na(monkeypatch, protocol, "sluit")
    geef_terug(engine, rasa, overname_id)
    assert rasa.slot(GESPREK) is None and status(engine) == [("einde", "teruggegeven")]
    assert werker(engine, rasa, NU + timedelta(minutes=6)) == 1
    assert eens(engine, rasa) is None
    assert len(audit(engine, "overname_teruggegeven")) == 1


def test_a_worker_that_dies_while_releasing_an_idle_takeover(engine, zaak_id, rasa):
    neem_over(engine, rasa, zaak_id)
    rasa.faal("zet_overname", fout=Crash())
    with pytest.raises(Crash):
        werker(engine, rasa, NU + timedelta(minutes=16))
    assert status(engine) == [("einde", "verlopen")]

    assert werker(engine, rasa, NU + timedelta(minutes=17), "werker-2") == 0, "the dead worker's claim holds"
    assert werker(engine, rasa, NU + timedelta(minutes=19), "werker-2") == 1
    assert eens(engine, rasa) is None
    with transaction(engine) as session:
        assert "niet meer in dit gesprek" in berichten(session)[-1].tekst
    assert [r.wie for r in audit(engine, "overname_verlopen")] == ["systeem"]
