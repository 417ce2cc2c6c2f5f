"""Taking over a conversation: one medewerker at a time, messages to the entrepreneur and the
transcript, hand back, and idle takeovers released with a note."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kennisbank.service import sla_artikelen_op
from bot.kern.db import transaction
from bot.kern.settings import PROJECT_ROOT
from bot.medewerkers.directory import laad_medewerkers
from bot.medewerkers.models import Medewerker
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.overname.models import Overname
from bot.overname.service import (
    AlOvergenomen,
    actieve_overname,
    beeindig_overname,
    geef_verlopen_vrij,
    start_overname,
    stuur_medewerkerbericht,
)
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import AuditRegel, Zaak

NU = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


class NepRasa:
    """Records what would go to Rasa's HTTP API; can refuse like an unreachable server."""

    def __init__(self) -> None:
        self.slots: list[tuple[str, str | None]] = []
        self.transcript: list[tuple[str, str, dict]] = []
        self.weiger = False

    def zet_overname(self, gesprek_id: str, naam: str | None) -> None:
        if self.weiger:
            raise RuntimeError("Rasa niet bereikbaar")
        self.slots.append((gesprek_id, naam))

    def voeg_medewerkerbericht_toe(self, gesprek_id: str, tekst: str, custom: dict) -> None:
        self.transcript.append((gesprek_id, tekst, custom))


@pytest.fixture
def zaak_id(engine, artikelen, tmp_path) -> int:
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        laad_medewerkers(session=session, pad=PROJECT_ROOT / "config" / "medewerkers.yml")
        gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="terras", waarom="klanten", hoe="maart",
                                 bedrijfsnaam="Café", kvk_nummer="12345678", contactnaam="Ans",
                                 telefoon="+31612345678", email=None)
        payload = draag_over(session=session, gegevens=gegevens, kanaal="webchat", gesprek_id="sessie-1", moment=NU)
        return session.execute(select(Zaak.id).where(Zaak.nummer == payload["zaak"])).scalar_one()


def medewerker(session, sleutel: str) -> Medewerker:
    return session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel)).scalar_one()


def berichten(session) -> list[UitgaandBericht]:
    return list(session.execute(select(UitgaandBericht).order_by(UitgaandBericht.id)).scalars())


def test_a_takeover_tells_the_entrepreneur_who_joined_and_silences_the_bot(engine, zaak_id):
    rasa = NepRasa()
    with transaction(engine) as session:
        start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                       medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
    assert rasa.slots == [("sessie-1", "Mehmet Yılmaz")]
    with transaction(engine) as session:
        [welkom] = berichten(session)
        assert (welkom.kanaal, welkom.ontvanger) == ("webchat", "sessie-1")
        assert welkom.tekst.startswith("U chat nu met Mehmet Yılmaz, accountmanager")
        assert welkom.custom == {"medewerker": {"naam": "Mehmet Yılmaz", "functie": welkom.custom["medewerker"]["functie"]}}
        assert rasa.transcript[0][1] == welkom.tekst
        assert session.execute(select(AuditRegel).where(AuditRegel.wat == "gesprek_overgenomen")).scalar_one()


def test_two_medewerkers_cannot_take_over_the_same_conversation(engine, zaak_id):
    rasa = NepRasa()
    with transaction(engine) as session:
        start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                       medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
    with pytest.raises(AlOvergenomen, match="Mehmet"), transaction(engine) as session:
        start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                       medewerker=medewerker(session, "sanne-de-vries"), nu=NU)
    with transaction(engine) as session:  # the same medewerker simply gets it back
        terug = start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                               medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
        assert terug.medewerker.sleutel == "mehmet-yilmaz"
        assert len(session.execute(select(Overname)).all()) == 1


def test_the_database_refuses_a_second_active_takeover_even_without_the_check(engine, zaak_id):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), transaction(engine) as session:
        for sleutel in ("mehmet-yilmaz", "sanne-de-vries"):
            session.add(Overname(kanaal="webchat", gesprek_id="sessie-1", actief_gesprek="webchat:sessie-1",
                                 medewerker_id=medewerker(session, sleutel).id, gestart_op=NU,
                                 laatste_activiteit_op=NU))
            session.flush()


def test_if_rasa_refuses_nothing_is_recorded(engine, zaak_id):
    rasa = NepRasa()
    rasa.weiger = True
    with pytest.raises(RuntimeError), transaction(engine) as session:
        start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                       medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
    with transaction(engine) as session:
        assert actieve_overname(session=session, kanaal="webchat", gesprek_id="sessie-1") is None
        assert berichten(session) == []


def test_messages_then_hand_back(engine, zaak_id):
    rasa = NepRasa()
    with transaction(engine) as session:
        overname = start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                                  medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
        stuur_medewerkerbericht(session=session, rasa=rasa, overname=overname,
                                tekst="Goedemorgen! Waar wilt u het terras?", nu=NU + timedelta(minutes=1))
        with pytest.raises(ValueError):
            stuur_medewerkerbericht(session=session, rasa=rasa, overname=overname, tekst="  ", nu=NU)
        beeindig_overname(session=session, rasa=rasa, overname=overname, reden="teruggegeven", door="mehmet-yilmaz",
                          nu=NU + timedelta(minutes=5))
    assert rasa.slots == [("sessie-1", "Mehmet Yılmaz"), ("sessie-1", None)]
    with transaction(engine) as session:
        teksten = [b.tekst for b in berichten(session)]
        assert teksten[1] == "Goedemorgen! Waar wilt u het terras?"
        assert "teruggegeven aan de digitale assistent" in teksten[2]
        assert actieve_overname(session=session, kanaal="webchat", gesprek_id="sessie-1") is None
        assert [r.wat for r in session.execute(select(AuditRegel).where(AuditRegel.wat.like("overname_%"))).scalars()] \
            == ["overname_teruggegeven"]


def test_an_idle_takeover_is_released_with_a_note(engine, zaak_id):
    rasa = NepRasa()
    with transaction(engine) as session:
        start_overname(session=session, rasa=rasa, zaak=session.get(Zaak, zaak_id),
                       medewerker=medewerker(session, "mehmet-yilmaz"), nu=NU)
    with transaction(engine) as session:
        assert geef_verlopen_vrij(session=session, rasa=rasa, nu=NU + timedelta(minutes=10),
                                  max_inactief=timedelta(minutes=15)) == 0
        assert geef_verlopen_vrij(session=session, rasa=rasa, nu=NU + timedelta(minutes=16),
                                  max_inactief=timedelta(minutes=15)) == 1
    with transaction(engine) as session:
        [overname] = session.execute(select(Overname)).scalars().all()
        assert overname.einde_reden == "verlopen" and overname.actief_gesprek is None
        assert "niet meer in dit gesprek" in berichten(session)[-1].tekst
    assert rasa.slots[-1] == ("sessie-1", None)
