"""The outbox service (bot/uitgaand/service.py): placing, claiming, taking, retrying."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.kern.db import transaction
from bot.uitgaand.models import EMAIL, BerichtStatus, UitgaandBericht
from bot.uitgaand.service import (
    HERHALING,
    Bericht,
    BezorgFout,
    claim_bericht,
    markeer_afgeleverd,
    markeer_mislukt,
    neem_wachtende_af,
    plaats_email,
    te_bezorgen,
    wachtende_berichten,
)
from tests.unit.uitgaand.hulp import MINUUT, NU, plaats, rij

EERSTE_PAUZE, LANGSTE_PAUZE, MAX_POGINGEN = HERHALING.eerste_pauze, HERHALING.langste_pauze, HERHALING.max_pogingen
pauze_na = HERHALING.pauze_na


def test_a_message_with_the_same_key_is_placed_once(engine):
    eerste = plaats(engine, "escalatie:belofte:1")
    assert plaats(engine, "escalatie:belofte:1", tekst="anders") == eerste
    with transaction(engine) as session:
        [bericht] = session.execute(select(UitgaandBericht)).scalars().all()
    assert bericht.tekst == "Bericht escalatie:belofte:1" and bericht.status == "wachtend" and bericht.pogingen == 0
    assert bericht.volgende_poging_op == bericht.aangemaakt_op == NU


def test_a_message_in_the_shape_of_a_rasa_reply():
    bericht = Bericht(id=1, kanaal="rest", ontvanger="u1", tekst="Hallo", knoppen=[{"title": "Ja", "payload": "/affirm"}],
                      custom={"medewerker": {"naam": "Sanne de Vries", "functie": "teamleider"}}, soort="medewerker",
                      aangemaakt_op=NU)
    assert bericht.als_rasa_bericht() == {"recipient_id": "u1", "text": "Hallo",
                                          "buttons": [{"title": "Ja", "payload": "/affirm"}],
                                          "custom": {"medewerker": {"naam": "Sanne de Vries", "functie": "teamleider"}}}
    kaal = Bericht(id=2, kanaal="rest", ontvanger="u1", tekst="Hallo", knoppen=[], custom=None, soort="x",
                   aangemaakt_op=NU)
    assert kaal.als_rasa_bericht() == {"recipient_id": "u1", "text": "Hallo"}


def test_waiting_messages_per_conversation_oldest_first(engine):
    later = plaats(engine, "b", moment=NU + MINUUT)
    eerder = plaats(engine, "a")
    plaats(engine, "c", ontvanger="u2")
    plaats(engine, "d", kanaal="webchat")
    with transaction(engine) as session:
        assert [b.id for b in wachtende_berichten(session=session, kanaal="rest", ontvanger="u1")] == [eerder, later]


def test_due_messages_skip_other_channels_later_attempts_and_held_claims(engine):
    nu_klaar = plaats(engine, "a", kanaal="telegram")
    straks = plaats(engine, "b", kanaal="telegram", moment=NU + MINUUT)
    plaats(engine, "c", kanaal="rest")
    vastgehouden = plaats(engine, "d", kanaal="telegram", ontvanger="u9")
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=vastgehouden, werker="w1", nu=NU, duur=MINUUT)
    with transaction(engine) as session:
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=NU) == [nu_klaar]
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=NU, ontvangers=["u2"]) == []
        later = NU + 2 * MINUUT  # the claim has expired, the later attempt is due
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=later) == [nu_klaar, vastgehouden, straks]
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=later, ontvangers=["u9"]) == [vastgehouden]
        assert te_bezorgen(session=session, kanalen=["telegram"], nu=later, limiet=1) == [nu_klaar]


def test_a_claim_is_exclusive_until_it_expires(engine):
    bericht = plaats(engine, "a", kanaal="telegram")
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=bericht, werker="w1", nu=NU, duur=MINUUT)
    with transaction(engine) as session:
        assert not claim_bericht(session=session, bericht_id=bericht, werker="w2", nu=NU + MINUUT / 2, duur=MINUUT)
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=bericht, werker="w2", nu=NU + 2 * MINUUT, duur=MINUUT)
    assert rij(engine, bericht).claimed_by == "w2"


def test_taking_the_waiting_messages_gives_each_once(engine):
    eerste, tweede = plaats(engine, "a"), plaats(engine, "b", moment=NU + MINUUT)
    ander = plaats(engine, "c", ontvanger="u2")
    with transaction(engine) as session:
        genomen = neem_wachtende_af(session=session, kanaal="rest", ontvanger="u1", nu=NU + 2 * MINUUT)
    assert [b.id for b in genomen] == [eerste, tweede] and genomen[0].tekst == "Bericht a"
    with transaction(engine) as session:
        assert neem_wachtende_af(session=session, kanaal="rest", ontvanger="u1", nu=NU + 3 * MINUUT) == []
    afgeleverd = rij(engine, eerste)
    assert afgeleverd.status == "afgeleverd" and afgeleverd.afgeleverd_op == NU + 2 * MINUUT and afgeleverd.pogingen == 1
    assert rij(engine, ander).status == "wachtend"


def test_a_delivered_code_is_shown_once_and_not_kept(engine):
    """A one-time code is for its recipient only: once delivered, the database holds no usable code."""
    code = plaats(engine, "verificatiecode:1:gesprek", tekst="Typ deze code: 482913.", soort="verificatiecode")
    gewoon = plaats(engine, "b", tekst="Uw zaak ON-2026-00001 is verzet.", moment=NU + MINUUT)
    with transaction(engine) as session:
        genomen = neem_wachtende_af(session=session, kanaal="rest", ontvanger="u1", nu=NU + 2 * MINUUT)
    assert [b.tekst for b in genomen] == ["Typ deze code: 482913.", "Uw zaak ON-2026-00001 is verzet."]
    assert "482913" not in rij(engine, code).tekst and rij(engine, code).tekst
    assert rij(engine, gewoon).tekst == "Uw zaak ON-2026-00001 is verzet."


def test_a_code_delivered_by_a_deliverer_is_not_kept_either(engine):
    code = plaats(engine, "verificatiecode:2:email", tekst="Uw code: 771204", soort="verificatiecode")
    with transaction(engine) as session:
        markeer_afgeleverd(session=session, bericht=session.get(UitgaandBericht, code), nu=NU)
    assert "771204" not in rij(engine, code).tekst and rij(engine, code).status == "afgeleverd"


def test_taking_respects_a_deliverers_claim(engine):
    bericht = plaats(engine, "a")
    with transaction(engine) as session:
        assert claim_bericht(session=session, bericht_id=bericht, werker="w1", nu=NU, duur=MINUUT)
    with transaction(engine) as session:
        assert neem_wachtende_af(session=session, kanaal="rest", ontvanger="u1", nu=NU) == []
    assert rij(engine, bericht).status == "wachtend"


def test_the_pause_doubles_up_to_an_hour():
    assert [pauze_na(n) for n in range(1, 5)] == [EERSTE_PAUZE, 2 * EERSTE_PAUZE, 4 * EERSTE_PAUZE, 8 * EERSTE_PAUZE]
    assert pauze_na(20) == LANGSTE_PAUZE


def test_a_message_is_given_up_after_the_last_attempt(engine):
    bericht = plaats(engine, "a", kanaal="telegram")
    moment = NU
    for poging in range(1, MAX_POGINGEN + 1):
        with transaction(engine) as session:
            markeer_mislukt(session=session, bericht=session.get(UitgaandBericht, bericht), fout=BezorgFout("weg"),
                            nu=moment)
        if poging < MAX_POGINGEN:
            assert rij(engine, bericht).volgende_poging_op == moment + pauze_na(poging)
            moment = rij(engine, bericht).volgende_poging_op
    opgegeven = rij(engine, bericht)
    assert opgegeven.status == "mislukt" and opgegeven.pogingen == MAX_POGINGEN and opgegeven.laatste_fout == "weg"


def test_the_outbox_retries_30_s_doubling_to_an_hour_8_times():
    assert HERHALING.eerste_pauze == timedelta(seconds=30) and HERHALING.langste_pauze == timedelta(hours=1)
    assert HERHALING.max_pogingen == 8


def test_the_statuses_are_the_ones_the_check_constraint_allows():
    assert [s.value for s in BerichtStatus] == ["wachtend", "afgeleverd", "mislukt"]


def test_an_email_is_placed_with_its_subject_and_copies_and_without_a_case(engine):
    with transaction(engine) as session:
        bericht_id = plaats_email(session=session, sleutel="herinnering:belofte:1:1", aan="m.yilmaz@voorbeeldstad.nl",
                                  onderwerp="Herinnering: zaak ON-2026-00001", tekst="Beste Mehmet,\n",
                                  cc=["s.devries@voorbeeldstad.nl"], soort="herinnering", moment=NU).id
    mail = rij(engine, bericht_id)
    assert (mail.kanaal, mail.ontvanger, mail.zaak_id, mail.status) == (EMAIL, "m.yilmaz@voorbeeldstad.nl", None,
                                                                         "wachtend")
    gezien = Bericht.van(mail)
    assert gezien.onderwerp == "Herinnering: zaak ON-2026-00001" and gezien.cc == ("s.devries@voorbeeldstad.nl",)
    assert gezien.tekst == "Beste Mehmet,\n"
    with transaction(engine) as session:
        assert wachtende_berichten(session=session, kanaal="rest", ontvanger="m.yilmaz@voorbeeldstad.nl") == []
        assert te_bezorgen(session=session, kanalen=[EMAIL], nu=NU) == [bericht_id]
