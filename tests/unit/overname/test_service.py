"""Taking over a conversation: one medewerker at a time, messages to the entrepreneur and the
transcript, and handing back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.integraties.rasa_api import RasaApiFout
from bot.kern.db import transaction
from bot.overname.models import Overname
from bot.overname.service import (
    AlOvergenomen,
    actieve_overname,
    beeindig_overname,
    start_overname,
    stuur_medewerkerbericht,
)
from bot.zaken.models import AuditRegel, Zaak
from tests.unit.overname.hulp import NU, berichten, eens, medewerker


def neem_over(engine, rasa, zaak_id: int, sleutel: str = "mehmet-yilmaz", nu=NU) -> Overname:
    with transaction(engine) as session:
        return start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                              medewerker=medewerker(session, sleutel), nu=nu)


def test_a_takeover_tells_the_entrepreneur_who_joined_and_silences_the_bot(engine, zaak_id, rasa):
    neem_over(engine, rasa, zaak_id)
    assert rasa.slots == [("sessie-1", "Mehmet Yılmaz")]
    with transaction(engine) as session:
        [welkom] = berichten(session)
        assert (welkom.kanaal, welkom.ontvanger) == ("webchat", "sessie-1")
        assert welkom.tekst.startswith("U chat nu met Mehmet Yılmaz, accountmanager")
        assert welkom.tekst == "U chat nu met Mehmet Yılmaz, accountmanager horeca bij de gemeente."
        assert welkom.custom == {"medewerker": {"naam": "Mehmet Yılmaz", "functie": welkom.custom["medewerker"]["functie"]}}
        assert rasa.berichten[0][1] == welkom.tekst
        assert session.execute(select(AuditRegel).where(AuditRegel.wat == "gesprek_overgenomen")).scalar_one()
    assert eens(engine, rasa) == "Mehmet Yılmaz"


def test_two_medewerkers_cannot_take_over_the_same_conversation(engine, zaak_id, rasa):
    neem_over(engine, rasa, zaak_id)
    with pytest.raises(AlOvergenomen, match="Mehmet"):
        neem_over(engine, rasa, zaak_id, "sanne-de-vries")
    with transaction(engine) as session:  # the same medewerker simply gets it back
        terug = start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                               medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
        assert terug.medewerker.sleutel == "mehmet-yilmaz"
        assert len(session.execute(select(Overname)).all()) == 1
    assert rasa.slots == [("sessie-1", "Mehmet Yılmaz")]


def test_the_database_refuses_a_second_active_takeover_even_without_the_check(engine, zaak_id):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), transaction(engine) as session:
        for sleutel in ("mehmet-yilmaz", "sanne-de-vries"):
            session.add(Overname(kanaal="webchat", gesprek_id="sessie-1", actief_gesprek="webchat:sessie-1",
                                 medewerker_id=medewerker(session, sleutel).id, gestart_op=NU,
                                 laatste_activiteit_op=NU))
            session.flush()


def test_a_colleague_a_moment_faster_on_another_server_is_named_as_a_colleague(engine, zaak_id, rasa):
    with transaction(engine) as session:  # as if the other server's row came in between check and insert
        session.add(Overname(kanaal="webchat", gesprek_id="elders", actief_gesprek="webchat:sessie-1",
                             medewerker_id=medewerker(session, "sanne-de-vries").id, status="actief",
                             gestart_op=NU, laatste_activiteit_op=NU))
    with pytest.raises(AlOvergenomen, match="^Een collega heeft dit gesprek al overgenomen.$"), \
            transaction(engine) as session:
        from bot.overname import overgangen

        overgangen.begin(session=session, zaak=session.get(Zaak, zaak_id), medewerker=medewerker(session, "mehmet-yilmaz"),
                         houder="test", nu=NU)
    assert rasa.slots == []


def test_if_rasa_refuses_nothing_is_recorded(engine, zaak_id, rasa):
    rasa.bereikbaar = False
    with pytest.raises(RasaApiFout):
        neem_over(engine, rasa, zaak_id)
    with transaction(engine) as session:
        assert actieve_overname(session=session, kanaal="webchat", gesprek_id="sessie-1") is None
        assert berichten(session) == []
    [rij] = _alle(engine)
    assert (rij.status, rij.actief_gesprek) == ("start", None), "the slot is unknown: the worker clears it later"


def test_messages_then_hand_back(engine, zaak_id, rasa):
    overname = neem_over(engine, rasa, zaak_id)
    with transaction(engine) as session:
        overname = session.get(Overname, overname.id)
        stuur_medewerkerbericht(session=session, rasa=rasa, overname=overname,
                                tekst="Goedemorgen! Waar wilt u het terras?", nu=NU + timedelta(minutes=1))
        with pytest.raises(ValueError, match="^Typ eerst een bericht.$"):
            stuur_medewerkerbericht(session=session, rasa=rasa, overname=overname, tekst="  ", nu=NU)
    with transaction(engine) as session:
        beeindig_overname(session=session, rasa=rasa, overname=session.get(Overname, overname.id), reden="teruggegeven",
                          door="mehmet-yilmaz", nu=NU + timedelta(minutes=5))
    assert rasa.slots == [("sessie-1", "Mehmet Yılmaz"), ("sessie-1", None)]
    with transaction(engine) as session:
        teksten = [b.tekst for b in berichten(session)]
        assert teksten[1] == "Goedemorgen! Waar wilt u het terras?"
        assert "teruggegeven aan de digitale assistent" in teksten[2]
        assert teksten[2] == ("Mehmet Yılmaz heeft het gesprek teruggegeven aan de digitale assistent. "
                              "U kunt mij weer iets vragen.")
        assert actieve_overname(session=session, kanaal="webchat", gesprek_id="sessie-1") is None
        assert [r.wat for r in session.execute(select(AuditRegel).where(AuditRegel.wat.like("overname_%"))).scalars()] \
            == ["overname_teruggegeven"]
        assert [r.wie for r in session.execute(select(AuditRegel).where(AuditRegel.wat.like("overname_%"))).scalars()] \
            == ["mehmet-yilmaz"]
    assert rasa.berichten[-1][1] == teksten[2], "the notice is in the transcript too"
    with pytest.raises(ValueError, match="^Dit gesprek is niet meer overgenomen.$"), transaction(engine) as session:
        stuur_medewerkerbericht(session=session, rasa=rasa, overname=session.get(Overname, overname.id), tekst="Nog iets",
                                nu=NU + timedelta(minutes=6))
    assert eens(engine, rasa) is None


def test_closing_the_case_hands_back_with_its_own_words(engine, zaak_id, rasa):
    overname = neem_over(engine, rasa, zaak_id)
    with transaction(engine) as session:
        beeindig_overname(session=session, rasa=rasa, overname=session.get(Overname, overname.id), reden="gesloten",
                          door="console:mehmet", nu=NU + timedelta(minutes=5))
    with transaction(engine) as session:
        assert berichten(session)[-1].tekst == ("Mehmet Yılmaz heeft uw vraag afgerond. Heeft u nog een vraag? "
                                                "Stel die gerust aan mij.")
    assert eens(engine, rasa) is None


def test_the_migration_makes_the_table_the_model_describes(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.kern.db import Base

    with engine.connect() as verbinding:
        verschillen = compare_metadata(MigrationContext.configure(verbinding), Base.metadata)
    assert [v for v in verschillen if "overname" in repr(v)] == []


def _alle(engine) -> list[Overname]:
    with transaction(engine) as session:
        return list(session.execute(select(Overname)).scalars())


@pytest.mark.parametrize("reden", ["teruggegeven", "gesloten"])
def test_the_hand_back_notice_comes_from_the_assistant_not_from_the_medewerker(engine, zaak_id, rasa, reden):
    """After handing back, the entrepreneur's channel must not sign the notice with the medewerker's
    name (it speaks as the assistant: "U kunt mij weer iets vragen"); nor does the transcript."""
    overname = neem_over(engine, rasa, zaak_id)
    with transaction(engine) as session:
        beeindig_overname(session=session, rasa=rasa, overname=session.get(Overname, overname.id), reden=reden,
                          door="mehmet-yilmaz", nu=NU + timedelta(minutes=5))
    with transaction(engine) as session:
        notitie = berichten(session)[-1]
        assert notitie.soort == f"overname_{reden}"
        assert not (notitie.custom or {}).get("medewerker")
    gesprek, tekst, custom = rasa.berichten[-1]
    assert tekst == notitie.tekst and not custom.get("medewerker")
