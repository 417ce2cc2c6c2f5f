"""Cases, promises and entrepreneurs: numbering, audit rows, linking by channel identity."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.kern.db import make_engine, transaction
from bot.medewerkers.models import Medewerker
from bot.zaken import service
from bot.zaken.models import AuditRegel, Belofte, OndernemerKanaal, Zaak, ZaakStatus, ZaakTeller
from bot.zaken.service import (
    maak_belofte,
    maak_zaak,
    open_zaken_per_medewerker,
    schrijf_audit,
    volgend_zaaknummer,
    vraag_intrekking,
    werk_belmoment_bij,
    zaak_op_nummer,
    zaken_van_kanaal,
    zoek_of_maak_ondernemer,
)
from tests import factories as maak

AMS = ZoneInfo("Europe/Amsterdam")
MOMENT = datetime(2026, 11, 24, 10, 15, tzinfo=AMS)  # a Tuesday morning


@pytest.fixture
def directory(session):
    """Two medewerkers of the horeca team."""
    maak.medewerker(session, naam="Mehmet Yılmaz")
    maak.teamleider(session, naam="Sanne de Vries")
    return session


def medewerker(session, sleutel: str) -> Medewerker:
    return session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel)).scalar_one()


def zaak(
    session,
    *,
    door: str = "assistent",
    moment: datetime = MOMENT,
    gesprek_id: str = "sessie-1",
    sleutel: str = "mehmet-yilmaz",
    **velden,
) -> Zaak:
    gegevens = dict(
        onderwerpen=["terrasvergunning"],
        wat="Een terras voor mijn café",
        waarom="Meer omzet in de zomer",
        hoe="Graag telefonisch",
        samenvatting="Ondernemer wil een terras bij café De Hoek; wil teruggebeld worden.",
        kanaal="socketio",
        gesprek_id=gesprek_id,
        medewerker=medewerker(session, sleutel),
    )
    gegevens.update(velden)
    return maak_zaak(session=session, door=door, moment=moment, **gegevens)


def audit_van(session, zaak_id: int) -> list[AuditRegel]:
    return list(session.execute(select(AuditRegel).where(AuditRegel.zaak_id == zaak_id).order_by(AuditRegel.id)).scalars())


# --- case numbers --------------------------------------------------------------------------------


def test_case_numbers_are_sequential_per_year_and_formatted(session):
    nummers = [volgend_zaaknummer(session=session, jaar=2026) for _ in range(3)]
    assert nummers == ["ON-2026-00001", "ON-2026-00002", "ON-2026-00003"]
    assert all(re.fullmatch(r"ON-\d{4}-\d{5}", n) for n in nummers)
    assert session.get(ZaakTeller, 2026).laatste == 3


def test_case_numbers_restart_every_year_and_each_year_keeps_its_own_count(session):
    assert volgend_zaaknummer(session=session, jaar=2026) == "ON-2026-00001"
    assert volgend_zaaknummer(session=session, jaar=2027) == "ON-2027-00001"
    assert volgend_zaaknummer(session=session, jaar=2026) == "ON-2026-00002"
    assert volgend_zaaknummer(session=session, jaar=2027) == "ON-2027-00002"


def test_numbers_beyond_five_digits_still_count_on(session):
    session.add(ZaakTeller(jaar=2026, laatste=99999))
    session.flush()
    assert volgend_zaaknummer(session=session, jaar=2026) == "ON-2026-100000"


def test_losing_the_race_to_create_the_years_counter_keeps_the_transaction_usable(session, monkeypatch):
    """Another transaction inserted the year's row between our UPDATE and our INSERT."""
    session.add(ZaakTeller(jaar=2026, laatste=41))
    session.flush()
    echte_verhoging = service._verhoog_teller
    aanroepen = []

    def eerst_geen_rij(**kwargs):
        aanroepen.append(kwargs)
        return None if len(aanroepen) == 1 else echte_verhoging(**kwargs)

    monkeypatch.setattr(service, "_verhoog_teller", eerst_geen_rij)
    assert volgend_zaaknummer(session=session, jaar=2026) == "ON-2026-00042"
    assert session.get(ZaakTeller, 2026).laatste == 42


def test_concurrent_transactions_never_get_the_same_case_number(database_url):
    """Eight threads, each with its own engine (as eight action servers), take 25 numbers each, one
    transaction per number, the first of them racing to create the year's counter: 200 different
    numbers without a gap."""
    start = threading.Barrier(8)

    def neem_nummers(_: int) -> list[str]:
        engine = make_engine(database_url)
        try:
            start.wait()
            nummers = []
            for _ in range(25):
                with transaction(engine) as sessie:
                    nummers.append(volgend_zaaknummer(session=sessie, jaar=2027))
            return nummers
        finally:
            engine.dispose()

    with ThreadPoolExecutor(max_workers=8) as pool:
        nummers = [n for reeks in pool.map(neem_nummers, range(8)) for n in reeks]
    assert sorted(nummers) == [f"ON-2027-{i:05d}" for i in range(1, 201)]


def test_the_case_number_takes_the_local_year(directory):
    oudejaarsnacht = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)  # 00:30 on 1 January in Voorbeeldstad
    assert zaak(directory, moment=oudejaarsnacht).nummer == "ON-2027-00001"


# --- cases, promises and their audit trail -------------------------------------------------------


def test_maak_zaak_stores_the_case_assigned_and_writes_an_audit_row(directory):
    nieuw = zaak(directory, details={"sector": "horeca", "gebied": "binnenstad"})
    directory.expire_all()  # read back from the database
    opgeslagen = zaak_op_nummer(session=directory, nummer="ON-2026-00001")
    assert opgeslagen.id == nieuw.id
    assert opgeslagen.status == "toegewezen"
    assert opgeslagen.medewerker.sleutel == "mehmet-yilmaz"
    assert opgeslagen.onderwerpen == ["terrasvergunning"]
    assert opgeslagen.details == {"sector": "horeca", "gebied": "binnenstad"}
    assert opgeslagen.aangemaakt_op == MOMENT and opgeslagen.aangemaakt_op.tzinfo is not None
    [regel] = audit_van(directory, nieuw.id)
    assert (regel.wie, regel.wat, regel.op) == ("assistent", "zaak_aangemaakt", MOMENT)
    assert regel.details["nummer"] == "ON-2026-00001"
    assert regel.details["medewerker"] == "mehmet-yilmaz"


def test_a_new_moment_to_call_and_a_withdrawal_are_kept_on_the_case_with_an_audit_row_each(directory):
    """After the handoff (actions/overdracht/status.py over_de_zaak): the details keep what was there."""
    nieuw = zaak(directory, details={"sector": "horeca"})
    later = datetime(2026, 11, 24, 11, 0, tzinfo=AMS)
    werk_belmoment_bij(session=directory, zaak=nieuw, belmoment="dinsdag na 2 uur bellen", moment=later)
    vraag_intrekking(session=directory, zaak=nieuw, moment=later)
    directory.flush()
    directory.expire_all()  # read back from the database
    opgeslagen = zaak_op_nummer(session=directory, nummer=nieuw.nummer)
    assert opgeslagen.details["sector"] == "horeca" and opgeslagen.details["belmoment"] == "dinsdag na 2 uur bellen"
    assert datetime.fromisoformat(opgeslagen.details["intrekken_gevraagd"]) == later
    assert [(r.wie, r.wat) for r in audit_van(directory, nieuw.id)][1:] == [
        ("ondernemer", "belmoment_gewijzigd"), ("ondernemer", "intrekking_gevraagd")]


def test_maak_belofte_stores_the_promise_and_writes_an_audit_row_on_case_and_promise(directory):
    nieuw = zaak(directory)
    deadline = datetime(2026, 11, 25, 10, 15, tzinfo=AMS)
    zin = "Mehmet Yılmaz belt u uiterlijk woensdag 25 november om 10.15 uur terug."
    belofte = maak_belofte(
        session=directory,
        zaak=nieuw,
        medewerker=nieuw.medewerker,
        actie="terugbellen",
        deadline=deadline,
        zin=zin,
        door="assistent",
        moment=MOMENT,
    )
    directory.expire_all()
    opgeslagen = directory.get(Belofte, belofte.id)
    assert (opgeslagen.status, opgeslagen.actie, opgeslagen.zin) == ("open", "terugbellen", zin)
    assert opgeslagen.deadline == deadline and opgeslagen.deadline.utcoffset().total_seconds() == 0  # stored as UTC
    assert (opgeslagen.herinneringen_verstuurd, opgeslagen.escalaties_verstuurd, opgeslagen.claimed_by) == (0, 0, None)
    assert [r.wat for r in audit_van(directory, nieuw.id)] == ["zaak_aangemaakt", "belofte_gedaan"]
    regel = audit_van(directory, nieuw.id)[-1]
    assert regel.belofte_id == belofte.id
    assert regel.details == {"actie": "terugbellen", "deadline": "2026-11-25T09:15:00+00:00", "medewerker": "mehmet-yilmaz"}


def test_promises_are_found_by_status_and_deadline_in_sql(directory):
    nieuw = zaak(directory)
    for uur in (9, 14):
        maak_belofte(
            session=directory, zaak=nieuw, medewerker=nieuw.medewerker, actie="mailen",
            deadline=datetime(2026, 11, 25, uur, 0, tzinfo=AMS), zin="U krijgt een e-mail.", door="assistent", moment=MOMENT,
        )
    nu = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)  # 13:00 in Voorbeeldstad
    te_laat = directory.execute(select(Belofte).where(Belofte.status == "open", Belofte.deadline < nu)).scalars().all()
    assert [b.deadline.astimezone(AMS).hour for b in te_laat] == [9]


def test_a_promise_needs_a_known_action_an_aware_deadline_and_a_sentence(directory):
    nieuw = zaak(directory)
    basis = dict(session=directory, zaak=nieuw, medewerker=nieuw.medewerker, door="assistent", moment=MOMENT)
    with pytest.raises(ValueError, match="unknown actie"):
        maak_belofte(**basis, actie="faxen", deadline=MOMENT, zin="Wij faxen u.")
    with pytest.raises(ValueError, match="time zone"):
        maak_belofte(**basis, actie="mailen", deadline=datetime(2026, 11, 25, 10), zin="U krijgt een e-mail.")
    with pytest.raises(ValueError, match="sentence"):
        maak_belofte(**basis, actie="mailen", deadline=MOMENT, zin="  ")


def test_the_database_refuses_an_unknown_status(directory):
    nieuw = zaak(directory)
    nieuw.status = "kwijt"
    with pytest.raises(IntegrityError):
        directory.flush()


def test_schrijf_audit_links_a_promise_row_to_its_case(directory):
    nieuw = zaak(directory)
    belofte = maak_belofte(
        session=directory, zaak=nieuw, medewerker=nieuw.medewerker, actie="mailen", deadline=MOMENT,
        zin="U krijgt een e-mail.", door="assistent", moment=MOMENT,
    )
    regel = schrijf_audit(session=directory, wie="m.yilmaz", wat="belofte_nagekomen", belofte=belofte, moment=MOMENT)
    directory.flush()
    assert (regel.zaak_id, regel.belofte_id) == (nieuw.id, belofte.id)


# --- reading cases -------------------------------------------------------------------------------


def test_cases_are_found_by_conversation_and_by_number(directory):
    eerste = zaak(directory, gesprek_id="sessie-1")
    tweede = zaak(directory, gesprek_id="sessie-1", moment=datetime(2026, 11, 24, 11, 0, tzinfo=AMS))
    zaak(directory, gesprek_id="sessie-2")
    gevonden = zaken_van_kanaal(session=directory, kanaal="socketio", kanaal_id="sessie-1")
    assert [z.id for z in gevonden] == [eerste.id, tweede.id]
    assert zaken_van_kanaal(session=directory, kanaal="telegram", kanaal_id="sessie-1") == []
    assert zaak_op_nummer(session=directory, nummer=" on-2026-00002 ").id == tweede.id
    assert zaak_op_nummer(session=directory, nummer="ON-2026-09999") is None


def test_open_cases_are_counted_per_medewerker_without_finished_ones(directory):
    mehmet = medewerker(directory, "mehmet-yilmaz")
    sanne = medewerker(directory, "sanne-de-vries")
    zaak(directory, sleutel="mehmet-yilmaz")
    zaak(directory, sleutel="mehmet-yilmaz")
    afgerond = zaak(directory, sleutel="sanne-de-vries")
    zaak(directory, sleutel="sanne-de-vries")
    afgerond.status = ZaakStatus.AFGEROND
    directory.flush()
    assert open_zaken_per_medewerker(session=directory) == {mehmet.id: 2, sanne.id: 1}


# --- entrepreneurs -------------------------------------------------------------------------------


def ondernemer(session, kanaal="telegram", kanaal_id="chat-123", **velden):
    gegevens = dict(
        contactnaam="Kees Hoekstra", bedrijfsnaam="Café De Hoek", kvk_nummer="12345678",
        telefoon="06-98765432", email="Kees@DeHoek.example",
    )
    gegevens.update(velden)
    return zoek_of_maak_ondernemer(session=session, kanaal=kanaal, kanaal_id=kanaal_id, moment=MOMENT, **gegevens)


def test_a_new_channel_identity_makes_an_entrepreneur_linked_to_it(session):
    nieuw = ondernemer(session)
    assert (nieuw.contactnaam, nieuw.kvk_nummer, nieuw.email) == ("Kees Hoekstra", "12345678", "kees@dehoek.example")
    assert [(k.kanaal, k.kanaal_id) for k in nieuw.kanalen] == [("telegram", "chat-123")]
    [regel] = session.execute(select(AuditRegel)).scalars().all()
    assert regel.wat == "ondernemer_aangemaakt"
    assert regel.details["ondernemer_id"] == nieuw.id
    assert "Kees" not in str(regel.details)  # the audit names the fields, not the personal data


def test_the_same_channel_identity_finds_the_entrepreneur_and_updates_given_details(session):
    eerste = ondernemer(session)
    weer = ondernemer(session, telefoon="06-91111111", email=None, bedrijfsnaam="")
    assert weer.id == eerste.id
    assert weer.telefoon == "06-91111111"
    assert (weer.email, weer.bedrijfsnaam) == ("kees@dehoek.example", "Café De Hoek")  # empty details change nothing
    regels = session.execute(select(AuditRegel).order_by(AuditRegel.id)).scalars().all()
    assert [r.wat for r in regels] == ["ondernemer_aangemaakt", "ondernemer_bijgewerkt"]
    assert regels[-1].details["velden"] == ["telefoon"]


def test_nothing_changed_writes_no_audit_row(session):
    ondernemer(session)
    ondernemer(session)
    assert len(session.execute(select(AuditRegel)).scalars().all()) == 1


def test_another_channel_with_the_same_kvk_number_is_not_merged(session):
    telegram = ondernemer(session, kanaal="telegram", kanaal_id="chat-123")
    whatsapp = ondernemer(session, kanaal="whatsapp", kanaal_id="+31698765432")
    assert telegram.id != whatsapp.id


def test_a_channel_identity_belongs_to_one_entrepreneur(session):
    eerste = ondernemer(session)
    session.add(OndernemerKanaal(ondernemer_id=eerste.id, kanaal="telegram", kanaal_id="chat-123", aangemaakt_op=MOMENT))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_case_can_point_at_its_entrepreneur(directory):
    kees = ondernemer(directory)
    nieuw = zaak(directory, ondernemer=kees)
    assert nieuw.ondernemer_id == kees.id
    assert audit_van(directory, nieuw.id)[0].details["ondernemer_id"] == kees.id


def test_a_verified_channel_is_linked_once_and_then_sees_the_cases(directory):
    from bot.zaken.models import AuditRegel
    from bot.zaken.service import koppel_kanaal, zaken_van_kanaal, zoek_of_maak_ondernemer

    ondernemer = zoek_of_maak_ondernemer(session=directory, kanaal="socketio", kanaal_id="sessie-1",
                                         contactnaam="Ans", bedrijfsnaam=None, kvk_nummer=None,
                                         telefoon="+31612345678", email=None, moment=MOMENT)
    eerste = zaak(directory, gesprek_id="sessie-1", ondernemer=ondernemer)
    assert zaken_van_kanaal(session=directory, kanaal="whatsapp", kanaal_id="31612345678") == []

    assert koppel_kanaal(session=directory, ondernemer=ondernemer, kanaal="whatsapp", kanaal_id="31612345678",
                         door="assistent", moment=MOMENT)
    assert [z.id for z in zaken_van_kanaal(session=directory, kanaal="whatsapp", kanaal_id="31612345678")] == [eerste.id]
    assert [z.id for z in zaken_van_kanaal(session=directory, kanaal="socketio", kanaal_id="sessie-1")] == [eerste.id]

    ander = zoek_of_maak_ondernemer(session=directory, kanaal="telegram", kanaal_id="99", contactnaam="Bob",
                                    bedrijfsnaam=None, kvk_nummer=None, telefoon=None, email="bob@x.nl", moment=MOMENT)
    assert not koppel_kanaal(session=directory, ondernemer=ander, kanaal="whatsapp", kanaal_id="31612345678",
                             door="assistent", moment=MOMENT), "an identity is never moved to someone else"
    gekoppeld = directory.execute(select(AuditRegel).where(AuditRegel.wat == "kanaal_gekoppeld")).scalars().all()
    assert len(gekoppeld) == 1
