"""The one-time code of the status question (bot/zaken/verificatiecode.py): made only for the detail on
file, stored as a hash, valid for one identity, one case number, a quarter of an hour and three tries."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.zaken.models import AuditRegel, Verificatiecode
from bot.zaken.service import ondernemer_van_kanaal
from bot.zaken.statuscontrole import CONTROLE_MISLUKT, MAX_POGINGEN_PER_ZAAK
from bot.zaken.verificatiecode import (
    GELDIG,
    MAX_CODES_PER_ZAAK,
    MAX_POGINGEN,
    Uitkomst,
    controleer_code,
    hash_code,
    lees_code,
    vraag_code_aan,
    zaak_na_controle,
)
from tests import factories as maak

MOMENT = datetime(2026, 11, 24, 10, 15, tzinfo=ZoneInfo("Europe/Amsterdam"))
TELEFOON = "+31612345678"  # the factory's entrepreneur


@pytest.fixture
def zaak(session):
    return maak.zaak(session, gesprek_id="eigenaar", ondernemer=maak.ondernemer(
        session, kanaal_id="eigenaar", email="ans@example.nl"))


def vraag(session, zaak, *, afzender: str = "ander", telefoon: str | None = TELEFOON, email: str | None = None,
          nummer: str | None = None, nu: datetime = MOMENT):
    return vraag_code_aan(session=session, kanaal="rest", kanaal_id=afzender, nummer=nummer or zaak.nummer,
                          telefoon=telefoon, email=email, nu=nu)


def controleer(session, zaak, invoer: str, *, afzender: str = "ander", nu: datetime = MOMENT) -> Uitkomst:
    return controleer_code(session=session, kanaal="rest", kanaal_id=afzender, nummer=zaak.nummer, invoer=invoer, nu=nu)


def fout(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def gekoppeld(session, afzender: str = "ander") -> bool:
    return ondernemer_van_kanaal(session=session, kanaal="rest", kanaal_id=afzender) is not None


def mislukt(session) -> int:
    return len(session.execute(select(AuditRegel).where(AuditRegel.wat == CONTROLE_MISLUKT)).scalars().all())


def test_the_right_code_links_the_identity_and_shows_the_case(session, zaak):
    verzoek = vraag(session, zaak, telefoon=None, email="ans@example.nl")
    assert verzoek.zaak is zaak and verzoek.ondernemer is zaak.ondernemer and len(verzoek.code) == 6
    assert zaak_na_controle(session=session, kanaal="rest", kanaal_id="ander", nummer=zaak.nummer, nu=MOMENT) is None
    assert controleer(session, zaak, f"de code is {verzoek.code[:3]} {verzoek.code[3:]}") is Uitkomst.GOED
    assert gekoppeld(session)
    assert zaak_na_controle(session=session, kanaal="rest", kanaal_id="ander", nummer=zaak.nummer.lower(),
                            nu=MOMENT) is zaak
    assert controleer(session, zaak, verzoek.code) is Uitkomst.AFGEWEZEN, "a code works once"


def test_only_a_salted_hash_of_the_code_is_stored(session, zaak):
    verzoek = vraag(session, zaak)
    rij = session.execute(select(Verificatiecode)).scalar_one()
    assert verzoek.code not in (rij.code_hash, rij.zout) and len(rij.code_hash) == 64
    assert rij.code_hash == hash_code(verzoek.code, rij.zout) != hash_code(verzoek.code, "00" * 16)


def test_three_wrong_tries_and_the_code_is_dead(session, zaak):
    verzoek = vraag(session, zaak)
    uitkomsten = [controleer(session, zaak, invoer) for invoer in (fout(verzoek.code), fout(fout(verzoek.code)),
                                                                   f"code {fout(verzoek.code)}")]
    assert uitkomsten == [Uitkomst.OPNIEUW] * (MAX_POGINGEN - 1) + [Uitkomst.AFGEWEZEN]
    assert controleer(session, zaak, verzoek.code) is Uitkomst.AFGEWEZEN
    assert not gekoppeld(session) and mislukt(session) == MAX_POGINGEN + 1


@pytest.mark.parametrize("invoer", ["ik heb geen code gekregen", "12345", "ja"])
def test_a_message_without_a_code_ends_the_check_at_once(session, zaak, invoer):
    verzoek = vraag(session, zaak)
    assert controleer(session, zaak, invoer) is Uitkomst.AFGEWEZEN
    assert controleer(session, zaak, verzoek.code) is Uitkomst.AFGEWEZEN, "the code no longer works"
    assert not gekoppeld(session)


def test_an_expired_code_is_refused(session, zaak):
    verzoek = vraag(session, zaak)
    assert controleer(session, zaak, verzoek.code, nu=MOMENT + GELDIG) is Uitkomst.AFGEWEZEN
    assert not gekoppeld(session) and mislukt(session) == 1


def test_the_code_works_only_for_the_identity_that_asked_and_only_the_newest(session, zaak):
    eerste = vraag(session, zaak)
    assert controleer(session, zaak, eerste.code, afzender="derde") is Uitkomst.AFGEWEZEN
    tweede = vraag(session, zaak, nu=MOMENT + timedelta(minutes=1))
    if eerste.code != tweede.code:
        assert controleer(session, zaak, eerste.code) is Uitkomst.OPNIEUW
    assert controleer(session, zaak, tweede.code) is Uitkomst.GOED
    assert not gekoppeld(session, "derde") and gekoppeld(session)


@pytest.mark.parametrize("gegeven", [
    {"telefoon": "+31687654321"},  # a detail that does not match
    {"telefoon": None, "email": "iemand@example.nl"},
    {"telefoon": None},  # no detail at all
    {"nummer": "ON-2026-99999"},  # a number that does not exist
])
def test_without_a_match_nothing_is_sent_yet_the_tries_go_the_same_way(session, zaak, gegeven):
    assert vraag(session, zaak, **gegeven) is None
    rij = session.execute(select(Verificatiecode)).scalar_one()
    assert rij.ondernemer_id is None, "a row all the same, so that what follows looks the same"
    uitkomsten = [controleer_code(session=session, kanaal="rest", kanaal_id="ander", nummer=rij.nummer, invoer="123456",
                                  nu=MOMENT) for _ in range(MAX_POGINGEN)]
    assert uitkomsten == [Uitkomst.OPNIEUW] * (MAX_POGINGEN - 1) + [Uitkomst.AFGEWEZEN]
    assert not gekoppeld(session)


def test_no_more_than_a_few_codes_an_hour_go_to_one_case(session, zaak):
    verzoeken = [vraag(session, zaak, afzender=f"ander-{i}", nu=MOMENT + timedelta(minutes=i))
                 for i in range(MAX_CODES_PER_ZAAK + 1)]
    assert all(verzoeken[:MAX_CODES_PER_ZAAK]) and verzoeken[-1] is None
    assert vraag(session, zaak, afzender="later", nu=MOMENT + timedelta(hours=1, minutes=5)) is not None


def test_past_the_limit_of_failed_checks_even_the_right_detail_and_code_do_nothing(session, zaak):
    verzoek = vraag(session, zaak)
    for poging in range(MAX_POGINGEN_PER_ZAAK):  # others guess details for this case number meanwhile
        vraag(session, zaak, afzender=f"gokker-{poging}", telefoon=f"+316000000{poging:02d}")
    assert controleer(session, zaak, verzoek.code) is Uitkomst.OPNIEUW, "the same answer as a wrong code"
    assert vraag(session, zaak, afzender="nog-een") is None
    assert not gekoppeld(session) and not gekoppeld(session, "nog-een")


@pytest.mark.parametrize("invoer, code", [
    ("123456", "123456"), ("123 456", "123456"), ("Mijn code: 654321.", "654321"), ("12345", None),
    ("1234567", None), ("ON-2026-00001", None), ("", None),
])
def test_reading_a_code_from_what_was_typed(invoer, code):
    assert lees_code(invoer) == code
