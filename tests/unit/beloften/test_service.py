"""What staff do with promises and cases (bot/beloften/service.py): state, audit trail, outbox."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.beloften.berichten import leesbaar_moment
from bot.beloften.normen import deadline_volgens_norm
from bot.beloften.service import BelofteFout, heropen_zaak, markeer_nagekomen, sluit_zaak, verzet_belofte, wijs_toe
from bot.kern.db import transaction
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import AuditRegel, Belofte
from bot.zaken.service import zaak_op_nummer
from tests.unit.beloften.hulp import AMS, MAANDAG, medewerker, nieuwe_zaak

NU = MAANDAG + timedelta(hours=1)


@pytest.fixture
def zaaknummer(gevuld) -> str:
    payload = nieuwe_zaak(gevuld)
    assert payload["medewerker"]["naam"] == "Mehmet Yılmaz"
    return payload["zaak"]


def audit(session, wat: str) -> list[AuditRegel]:
    return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat).order_by(AuditRegel.id)).scalars())


def berichten(session) -> list[UitgaandBericht]:
    return list(session.execute(select(UitgaandBericht).order_by(UitgaandBericht.id)).scalars())


def test_nagekomen_closes_the_promise_puts_the_case_in_behandeling_and_writes_audit(engine, zaaknummer):
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        markeer_nagekomen(session=session, belofte=zaak.beloften[0], notitie="Gebeld, alles besproken",
                          door="console:mehmet", nu=NU)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        belofte = zaak.beloften[0]
        assert belofte.status == "nagekomen" and belofte.nagekomen_op == NU
        assert zaak.status == "in_behandeling"
        [regel] = audit(session, "belofte_nagekomen")
        assert regel.wie == "console:mehmet" and regel.belofte_id == belofte.id and regel.zaak_id == zaak.id
        assert regel.details["notitie"] == "Gebeld, alles besproken"
        assert berichten(session) == []  # nothing to tell the entrepreneur
        with pytest.raises(BelofteFout, match="niet meer open"):
            markeer_nagekomen(session=session, belofte=belofte, notitie=None, door="x", nu=NU)


def test_verzetten_moves_the_deadline_tells_the_entrepreneur_and_writes_audit(engine, zaaknummer):
    nieuw = datetime(2026, 11, 26, 14, 0, tzinfo=AMS)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        oud = zaak.beloften[0].deadline
        bericht = verzet_belofte(session=session, belofte=zaak.beloften[0], nieuwe_deadline=nieuw,
                                 reden="Collega ziek", door="console:mehmet", nu=NU)
        assert bericht is not None
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        belofte = zaak.beloften[0]
        assert belofte.status == "open" and belofte.deadline == nieuw.astimezone(timezone.utc)
        assert leesbaar_moment(nieuw, medewerker=belofte.medewerker) in belofte.zin and zaak.nummer in belofte.zin
        [regel] = audit(session, "belofte_verzet")
        assert regel.details == {"oude_deadline": oud.isoformat(), "nieuwe_deadline": belofte.deadline.isoformat(),
                                 "reden": "Collega ziek"}
        [bericht] = berichten(session)
        assert (bericht.kanaal, bericht.ontvanger, bericht.soort, bericht.zaak_id) == ("rest", "g1", "verzet", zaak.id)
        assert leesbaar_moment(nieuw, medewerker=belofte.medewerker) in bericht.tekst and "Collega ziek" not in bericht.tekst
        overdracht = bericht.custom["overdracht"]
        assert overdracht["uiterlijk"] == "2026-11-26T14:00+01:00" and overdracht["belofte"] == belofte.zin
        assert overdracht["zaak"] == zaak.nummer and overdracht["medewerker"]["naam"] == "Mehmet Yılmaz"
        assert len(audit(session, "ondernemer_geinformeerd")) == 1


def test_verzetten_twice_sends_two_messages_with_different_keys(engine, zaaknummer):
    for dag in (26, 27):
        with transaction(engine) as session:
            zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
            verzet_belofte(session=session, belofte=zaak.beloften[0], nieuwe_deadline=datetime(2026, 11, dag, 10, 0,
                           tzinfo=AMS), reden="drukte", door="t", nu=NU)
    with transaction(engine) as session:
        sleutels = [b.sleutel for b in berichten(session)]
        assert len(sleutels) == 2 and len(set(sleutels)) == 2


@pytest.mark.parametrize("deadline, reden, melding", [
    (NU - timedelta(minutes=1), "drukte", "toekomst"),
    (NU + timedelta(days=1), "  ", "reden"),
])
def test_verzetten_refuses_a_past_deadline_and_an_empty_reason(engine, zaaknummer, deadline, reden, melding):
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        with pytest.raises(BelofteFout, match=melding):
            verzet_belofte(session=session, belofte=zaak.beloften[0], nieuwe_deadline=deadline, reden=reden,
                           door="t", nu=NU)


def test_toewijzen_moves_the_case_and_open_promise_and_tells_the_entrepreneur_the_new_name(engine, zaaknummer):
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        deadline = zaak.beloften[0].deadline
        wijs_toe(session=session, zaak=zaak, medewerker=medewerker(session, "lotte-bakker"), door="console:sanne",
                 nu=NU)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        belofte = zaak.beloften[0]
        assert zaak.medewerker.sleutel == "lotte-bakker" and belofte.medewerker.sleutel == "lotte-bakker"
        assert belofte.deadline == deadline and belofte.zin.startswith("Lotte")
        [regel] = audit(session, "zaak_toegewezen")
        assert regel.details == {"van": "mehmet-yilmaz", "naar": "lotte-bakker"} and regel.wie == "console:sanne"
        assert len(audit(session, "belofte_overgedragen")) == 1
        [bericht] = berichten(session)
        assert bericht.soort == "overgedragen" and zaak.medewerker.naam in bericht.tekst
        assert zaak.medewerker.telefoon in bericht.tekst
        assert bericht.custom["overdracht"]["medewerker"]["naam"] == zaak.medewerker.naam
        with pytest.raises(BelofteFout, match="al op naam"):
            wijs_toe(session=session, zaak=zaak, medewerker=zaak.medewerker, door="t", nu=NU)


def test_sluiten_cancels_open_promises_and_refuses_further_changes(engine, zaaknummer):
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        sluit_zaak(session=session, zaak=zaak, notitie="Vergunning aangevraagd", door="t", nu=NU)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        assert zaak.status == "afgerond" and zaak.afgerond_op == NU
        assert [b.status for b in zaak.beloften] == ["geannuleerd"]
        assert audit(session, "zaak_afgerond")[0].details["notitie"] == "Vergunning aangevraagd"
        assert len(audit(session, "belofte_geannuleerd")) == 1
        with pytest.raises(BelofteFout, match="afgerond"):
            wijs_toe(session=session, zaak=zaak, medewerker=medewerker(session, "lotte-bakker"), door="t", nu=NU)
        with pytest.raises(BelofteFout, match="afgerond"):
            sluit_zaak(session=session, zaak=zaak, notitie=None, door="t", nu=NU)


def test_a_failed_change_leaves_nothing_behind(engine, zaaknummer):
    """The caller owns the transaction: an error after the change rolls back audit and outbox too."""
    with pytest.raises(RuntimeError), transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        verzet_belofte(session=session, belofte=zaak.beloften[0], nieuwe_deadline=NU + timedelta(days=2),
                       reden="x", door="t", nu=NU)
        raise RuntimeError("boom")
    with transaction(engine) as session:
        assert berichten(session) == [] and audit(session, "belofte_verzet") == []
        assert session.execute(select(Belofte)).scalar_one().herinneringen_verstuurd == 0


def test_the_messages_to_the_entrepreneur_keep_their_words(engine, zaaknummer):
    nieuw = datetime(2026, 11, 26, 14, 0, tzinfo=AMS)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        verzet = verzet_belofte(session=session, belofte=zaak.beloften[0], nieuwe_deadline=nieuw, reden="drukte",
                                door="t", nu=NU)
        assert verzet.tekst == (
            f"Er is iets veranderd in uw zaak {zaaknummer}. Het lukt niet op het afgesproken moment. "
            "Het nieuwe moment is donderdag 26 november vóór 14.00 uur. Het spijt ons dat het langer duurt."
            f"\n\n{zaak.beloften[0].zin}"
        )
        lotte = medewerker(session, "lotte-bakker")
        overgedragen = wijs_toe(session=session, zaak=zaak, medewerker=lotte, door="t", nu=NU)
        assert overgedragen.tekst == (
            f"Uw zaak {zaaknummer} is overgedragen aan een collega. Vanaf nu helpt Lotte Bakker, {lotte.functie}, "
            f"u verder.\n\n{zaak.beloften[0].zin}\n"
            f"U kunt Lotte Bakker ook zelf bereiken: telefoon {lotte.telefoon}, e-mail {lotte.email}."
        )
        sluit_zaak(session=session, zaak=zaak, notitie=None, door="t", nu=NU)
        zaak.status = "in_behandeling"  # reopened by hand, with no open promise left
        zonder_belofte = wijs_toe(session=session, zaak=zaak, medewerker=medewerker(session, "mehmet-yilmaz"),
                                  door="t", nu=NU)
        assert zonder_belofte.tekst == (
            f"Uw zaak {zaaknummer} is overgedragen aan een collega. Vanaf nu helpt Mehmet Yılmaz, "
            f"{zaak.medewerker.functie}, u verder.\n"
            f"U kunt Mehmet Yılmaz ook zelf bereiken: telefoon {zaak.medewerker.telefoon}, "
            f"e-mail {zaak.medewerker.email}."
        )


def test_heropenen_opens_a_closed_case_with_a_new_promise_per_the_norm(engine, zaaknummer):
    later = NU + timedelta(hours=2)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        with pytest.raises(BelofteFout, match="niet afgerond"):
            heropen_zaak(session=session, zaak=zaak, reden="x", door="t", nu=NU)
        sluit_zaak(session=session, zaak=zaak, notitie=None, door="t", nu=NU)
        with pytest.raises(BelofteFout, match="reden"):
            heropen_zaak(session=session, zaak=zaak, reden="  ", door="t", nu=later)
        nieuwe = heropen_zaak(session=session, zaak=zaak, reden="belde terug", door="t", nu=later)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        assert (zaak.status, zaak.afgerond_op) == ("in_behandeling", None)
        assert [b.status for b in zaak.beloften] == ["geannuleerd", "open"]
        belofte = zaak.beloften[-1]
        assert belofte.id == nieuwe.id and belofte.actie == zaak.beloften[0].actie
        assert belofte.deadline == deadline_volgens_norm(later, actie=belofte.actie, medewerker=zaak.medewerker)
        assert audit(session, "zaak_heropend")[0].details == {"reden": "belde terug", "vorige_status": "afgerond"}
        assert [b.soort for b in berichten(session)][-1] == "heropend"


def test_heropenen_gives_the_case_of_a_departed_medewerker_to_who_reopens_it(engine, zaaknummer):
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=zaaknummer)
        sluit_zaak(session=session, zaak=zaak, notitie=None, door="t", nu=NU)
        zaak.medewerker.actief = False
        with pytest.raises(BelofteFout, match="werkt niet meer"):
            heropen_zaak(session=session, zaak=zaak, reden="x", door="t", nu=NU)
        lotte = medewerker(session, "lotte-bakker")
        belofte = heropen_zaak(session=session, zaak=zaak, reden="x", door="t", nu=NU, vervanger=lotte)
        assert zaak.medewerker is lotte and belofte.medewerker is lotte
        assert audit(session, "zaak_toegewezen")[-1].details == {"van": "mehmet-yilmaz", "naar": "lotte-bakker"}
