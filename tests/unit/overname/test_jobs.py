"""The worker's takeover job (bot/overname/jobs.py): idle takeovers are released with a note."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.kern.db import transaction
from bot.overname.jobs import ruim_overnames_op
from bot.overname.models import Overname
from bot.overname.service import start_overname, stuur_medewerkerbericht
from bot.zaken.models import Zaak
from tests.unit.overname.hulp import NU, audit, berichten, eens, medewerker

MAX_INACTIEF = timedelta(minutes=15)


def neem_over(engine, rasa, zaak_id: int) -> int:
    with transaction(engine) as session:
        return start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                              medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU).id


def ruim_op(engine, rasa, nu, werker: str = "werker-1") -> int:
    return ruim_overnames_op(engine=engine, rasa=rasa, nu=nu, werker=werker, max_inactief=MAX_INACTIEF)


def test_an_idle_takeover_is_released_with_a_note(engine, zaak_id, rasa):
    neem_over(engine, rasa, zaak_id)
    assert ruim_op(engine, rasa, NU + timedelta(minutes=10)) == 0
    assert ruim_op(engine, rasa, NU + timedelta(minutes=16)) == 1
    with transaction(engine) as session:
        [overname] = session.execute(select(Overname)).scalars().all()
        assert overname.einde_reden == "verlopen" and overname.actief_gesprek is None
        assert "niet meer in dit gesprek" in berichten(session)[-1].tekst
        assert berichten(session)[-1].tekst == (
            "Mehmet Yılmaz is niet meer in dit gesprek. U praat weer met de digitale assistent. "
            "Wilt u toch een medewerker spreken? Typ dan 'medewerker'.")
    assert rasa.slots[-1] == ("sessie-1", None)
    assert rasa.berichten[-1][1] == berichten_tekst(engine), "the note is in the transcript too"
    assert [r.wie for r in audit(engine, "overname_verlopen")] == ["systeem"]
    assert ruim_op(engine, rasa, NU + timedelta(minutes=40)) == 0, "released once"
    assert eens(engine, rasa) is None


def test_a_message_keeps_the_takeover(engine, zaak_id, rasa):
    overname_id = neem_over(engine, rasa, zaak_id)
    with transaction(engine) as session:
        stuur_medewerkerbericht(session=session, rasa=rasa, overname=session.get(Overname, overname_id),
                                tekst="Ik kijk het even na.", nu=NU + timedelta(minutes=10))
    assert ruim_op(engine, rasa, NU + timedelta(minutes=16)) == 0
    assert ruim_op(engine, rasa, NU + timedelta(minutes=26)) == 1
    assert eens(engine, rasa) is None


def test_without_the_rasa_api_nothing_is_released(engine, zaak_id, rasa):
    neem_over(engine, rasa, zaak_id)
    assert ruim_op(engine, None, NU + timedelta(hours=1)) == 0
    assert eens(engine, rasa) == "Mehmet Yılmaz"


def test_of_two_workers_one_releases_it(engine, zaak_id, rasa):
    from bot.overname.models import OvernameStatus
    from bot.overname.overgangen import neem

    overname_id = neem_over(engine, rasa, zaak_id)
    nu = NU + timedelta(minutes=16)
    with transaction(engine) as session:  # werker-1 has claimed it (and is busy with it)
        assert neem(session=session, overname_id=overname_id, houder="werker-1", nu=nu, status=OvernameStatus.ACTIEF)
    assert ruim_op(engine, rasa, nu, "werker-2") == 0
    assert eens(engine, rasa) == "Mehmet Yılmaz"


def berichten_tekst(engine) -> str:
    with transaction(engine) as session:
        return berichten(session)[-1].tekst
