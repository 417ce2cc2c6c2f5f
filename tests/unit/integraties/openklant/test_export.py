"""The export rounds (bot/integraties/openklant/export.py) against the fake Klantinteracties API on loopback."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, String, delete, select

from bot.integraties.openklant.export import exporteer_openstaande_zaken
from bot.integraties.openklant.models import ZaakExport
from bot.kennisbank.service import haal_artikel
from bot.kern.db import Base, UtcDateTime, transaction
from bot.zaken.models import Belofte, Ondernemer, Zaak
from tests.unit.integraties.openklant.hulp import (
    AMS,
    MAANDAG,
    MAX_POGINGEN,
    NU,
    audit,
    draag_zaak_over,
    enige,
    export_van,
    exporteer,
    pauze_na,
)


def test_a_handed_off_case_is_exported_with_the_right_fields_and_token(gevuld, fake, client):
    overdracht = draag_zaak_over(gevuld)
    assert exporteer(gevuld, client) == 1

    assert fake.aanroepen and all(a.autorisatie == f"Token {fake.token}" for a in fake.aanroepen)
    assert all(a.status in (200, 201) for a in fake.aanroepen)
    with transaction(gevuld) as session:
        zaak = session.execute(select(Zaak).where(Zaak.nummer == overdracht["zaak"])).scalar_one()
        titel = haal_artikel(session=session, artikel_id="terrasvergunning").titel
        samenvatting, aangemaakt_op = zaak.samenvatting, zaak.aangemaakt_op
        belofte = session.execute(select(Belofte).where(Belofte.zaak_id == zaak.id)).scalar_one()
        zin, deadline = belofte.zin, belofte.deadline

    contact = enige(fake.aangemaakt("klantcontacten"))
    assert contact["kanaal"] == "telegram" and contact["onderwerp"] == titel
    assert contact["inhoud"] == samenvatting and contact["vertrouwelijk"] is True and contact["taal"] == "nld"
    assert datetime.fromisoformat(contact["plaatsgevondenOp"]) == aangemaakt_op == MAANDAG

    onderwerp = enige(fake.aangemaakt("onderwerpobjecten"))
    assert onderwerp["klantcontact"] == {"uuid": contact["uuid"]}
    assert onderwerp["onderwerpobjectidentificator"]["objectId"] == overdracht["zaak"]

    partij = enige(fake.aangemaakt("partijen"))
    assert partij["soortPartij"] == "organisatie" and partij["partijIdentificatie"] == {"naam": "Café De Hoek"}
    identificator = enige(fake.aangemaakt("partij-identificatoren"))
    assert identificator["identificeerdePartij"] == {"uuid": partij["uuid"]}
    assert identificator["partijIdentificator"] == {"objectId": "12345678", "codeObjecttype": "niet_natuurlijk_persoon",
                                                    "codeRegister": "hr", "codeSoortObjectId": "kvk_nummer"}

    betrokkene = enige(fake.aangemaakt("betrokkenen"))
    assert betrokkene["rol"] == "klant" and betrokkene["initiator"] is True
    assert betrokkene["hadKlantcontact"] == {"uuid": contact["uuid"]}
    assert betrokkene["wasPartij"] == {"uuid": partij["uuid"]}
    assert betrokkene["organisatienaam"] == "Café De Hoek"
    assert betrokkene["contactnaam"] == {"voorletters": "A.", "voornaam": "Ans", "voorvoegselAchternaam": "van den",
                                         "achternaam": "Bos"}
    adressen = {a["soortDigitaalAdres"]: a for a in fake.aangemaakt("digitaleadressen")}
    assert {s: a["adres"] for s, a in adressen.items()} == {"telefoonnummer": "+31612345678", "email": "ans@dehoek.nl"}
    assert all(a["verstrektDoorBetrokkene"] == {"uuid": betrokkene["uuid"]} for a in adressen.values())

    actor = enige(fake.aangemaakt("actoren"))
    assert actor["naam"] == overdracht["medewerker"]["naam"] == "Mehmet Yılmaz" and actor["soortActor"] == "medewerker"
    assert actor["actoridentificator"]["objectId"] == "m.yilmaz@voorbeeldstad.nl"
    taak = enige(fake.aangemaakt("internetaken"))
    assert taak["gevraagdeHandeling"] == "Terugbellen" and taak["status"] == "te_verwerken"
    assert taak["aanleidinggevendKlantcontact"] == {"uuid": contact["uuid"]}
    assert taak["toegewezenAanActoren"] == [{"uuid": actor["uuid"]}] and "toegewezenAanActor" not in taak
    assert zin in taak["toelichting"]
    assert overdracht["uiterlijk"] == deadline.astimezone(AMS).isoformat(timespec="minutes")
    assert f"Uiterlijk: {overdracht['uiterlijk']}" in taak["toelichting"] and "+31612345678" in taak["toelichting"]

    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "geexporteerd" and rij.geexporteerd_op == NU and rij.pogingen == 1
    assert rij.claimed_by is None and rij.claimed_until is None and rij.laatste_fout is None
    assert (rij.klantcontact_uuid, rij.onderwerpobject_uuid, rij.partij_uuid, rij.betrokkene_uuid, rij.actor_uuid,
            rij.internetaak_uuid) == (contact["uuid"], onderwerp["uuid"], partij["uuid"], betrokkene["uuid"],
                                      actor["uuid"], taak["uuid"])
    assert rij.digitale_adressen == {s: a["uuid"] for s, a in adressen.items()}
    regel = enige(audit(gevuld, "zaak_geexporteerd"))
    assert regel.zaak_id == rij.zaak_id and regel.wie == "werker-1"
    assert regel.details["klantcontact"] == contact["uuid"] and regel.details["internetaak"] == taak["uuid"]


def test_running_again_sends_nothing_and_creates_no_second_klantcontact(gevuld, fake, client):
    draag_zaak_over(gevuld)
    assert exporteer(gevuld, client) == 1
    aantal = len(fake.aanroepen)
    assert exporteer(gevuld, client, NU + timedelta(hours=1)) == 0
    assert exporteer(gevuld, client, NU + timedelta(days=1), werker="werker-2") == 0
    assert len(fake.aanroepen) == aantal
    assert len(fake.posts("klantcontacten")) == 1


@pytest.mark.parametrize("resource", ["klantcontacten", "partij-identificatoren", "digitaleadressen", "internetaken"])
def test_a_failure_is_retried_later_and_then_everything_exists_once(gevuld, fake, client, resource):
    overdracht = draag_zaak_over(gevuld)
    fake.faal(resource, status=503)
    assert exporteer(gevuld, client) == 0

    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "te_exporteren" and rij.pogingen == 1 and "503" in rij.laatste_fout
    assert rij.volgende_poging_op == NU + pauze_na(1) and rij.claimed_by is None
    assert audit(gevuld, "zaak_geexporteerd") == []

    aantal = len(fake.aanroepen)
    assert exporteer(gevuld, client, NU + pauze_na(1) - timedelta(seconds=1)) == 0  # not due yet
    assert len(fake.aanroepen) == aantal

    assert exporteer(gevuld, client, NU + pauze_na(1)) == 1
    for soort in ("klantcontacten", "onderwerpobjecten", "partijen", "partij-identificatoren", "betrokkenen",
                  "actoren", "internetaken"):
        assert len(fake.aangemaakt(soort)) == 1, soort
    assert len(fake.aangemaakt("digitaleadressen")) == 2
    assert len(fake.posts(resource)) == (3 if resource == "digitaleadressen" else 2)  # the failed one and the retry
    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "geexporteerd" and rij.pogingen == 2 and rij.laatste_fout is None
    assert rij.klantcontact_uuid == fake.aangemaakt("klantcontacten")[0]["uuid"]


def test_after_the_last_attempt_the_export_is_given_up_and_audited(gevuld, fake, client):
    overdracht = draag_zaak_over(gevuld)
    fake.faal("klantcontacten", status=500, keer=MAX_POGINGEN)
    nu = NU
    for poging in range(1, MAX_POGINGEN + 1):
        assert exporteer(gevuld, client, nu) == 0
        nu += pauze_na(poging)
    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "mislukt" and rij.pogingen == MAX_POGINGEN
    assert enige(audit(gevuld, "export_mislukt")).details["pogingen"] == MAX_POGINGEN
    assert exporteer(gevuld, client, nu + timedelta(days=1)) == 0
    assert len(fake.posts("klantcontacten")) == MAX_POGINGEN


def test_pauses_grow_and_are_capped():
    assert [pauze_na(n) for n in (1, 2, 3)] == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert pauze_na(30) == timedelta(hours=6)


def test_nothing_leaves_for_a_case_whose_entrepreneur_was_removed(gevuld, fake, client):
    overdracht = draag_zaak_over(gevuld)
    with transaction(gevuld) as session:
        session.execute(delete(Ondernemer))
    assert exporteer(gevuld, client) == 0
    assert fake.aanroepen == []
    assert export_van(gevuld, overdracht["zaak"]).status == "overgeslagen"
    assert enige(audit(gevuld, "export_overgeslagen")).wie == "werker-1"


# --- what is tried again ----------------------------------------------------------------------------


@pytest.mark.parametrize("resource", ["klantcontacten", "internetaken"])
def test_a_request_open_klant_refuses_ends_the_export_without_retries(gevuld, fake, client, resource):
    overdracht = draag_zaak_over(gevuld)
    fake.faal(resource, status=400)
    assert exporteer(gevuld, client) == 0

    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "mislukt" and rij.pogingen == 1 and "HTTP 400" in rij.laatste_fout
    assert rij.claimed_by is None and rij.internetaak_uuid is None
    assert (rij.klantcontact_uuid is None) == (resource == "klantcontacten")  # what was made stays recorded
    regel = enige(audit(gevuld, "export_mislukt"))
    assert regel.details["pogingen"] == 1 and regel.details["definitief"] is True
    aantal = len(fake.aanroepen)
    assert exporteer(gevuld, client, NU + timedelta(days=1)) == 0
    assert len(fake.aanroepen) == aantal and len(fake.posts(resource)) == 1  # never sent again


@pytest.mark.parametrize("status", [503, 429])
def test_a_temporary_failure_is_retried_after_the_pause(gevuld, fake, client, status):
    overdracht = draag_zaak_over(gevuld)
    fake.faal("klantcontacten", status=status)
    assert exporteer(gevuld, client) == 0

    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "te_exporteren" and rij.pogingen == 1 and f"HTTP {status}" in rij.laatste_fout
    assert rij.volgende_poging_op == NU + pauze_na(1) and rij.claimed_by is None
    assert audit(gevuld, "export_mislukt") == []
    assert exporteer(gevuld, client, NU + pauze_na(1)) == 1
    assert export_van(gevuld, overdracht["zaak"]).status == "geexporteerd"
    assert len(fake.posts("klantcontacten")) == 2


# --- two workers -----------------------------------------------------------------------------------


def test_a_second_worker_leaves_a_case_that_is_being_exported_alone(gevuld, fake, client):
    draag_zaak_over(gevuld)
    binnen, los = fake.houd_vast("klantcontacten")
    uitkomst: dict[str, int] = {}
    eerste = threading.Thread(target=lambda: uitkomst.setdefault("werker-1", exporteer(gevuld, client)))
    eerste.start()
    try:
        assert binnen.wait(timeout=10), "werker-1 called the API"
        assert exporteer(gevuld, client, werker="werker-2") == 0
        assert exporteer(gevuld, client, NU + timedelta(minutes=4), werker="werker-2") == 0  # claim still held
    finally:
        los.set()
        eerste.join(timeout=30)
    assert uitkomst == {"werker-1": 1}
    assert len(fake.posts("klantcontacten")) == 1 and len(fake.aangemaakt("internetaken")) == 1


def test_two_workers_at_the_same_time_export_each_case_once(gevuld, fake, client):
    nummers = {draag_zaak_over(gevuld, gesprek_id=f"g{i}", kvk_nummer=f"1234567{i}")["zaak"] for i in range(4)}
    start = threading.Barrier(2)
    uitkomst: dict[str, int] = {}

    def werk(werker: str) -> None:
        start.wait(timeout=10)
        uitkomst[werker] = exporteer(gevuld, client, werker=werker)

    werkers = [threading.Thread(target=werk, args=(f"werker-{n}",)) for n in (1, 2)]
    for werker in werkers:
        werker.start()
    for werker in werkers:
        werker.join(timeout=60)
    assert sum(uitkomst.values()) == 4
    onderwerpen = [o["onderwerpobjectidentificator"]["objectId"] for o in fake.aangemaakt("onderwerpobjecten")]
    assert sorted(onderwerpen) == sorted(nummers)
    assert len(fake.posts("klantcontacten")) == 4 and len(fake.aangemaakt("internetaken")) == 4
    assert all(export_van(gevuld, n).status == "geexporteerd" for n in nummers)


def gehouden(engine) -> list:
    """The claimed_until of every export row someone holds now."""
    with transaction(engine) as session:
        return list(session.execute(select(ZaakExport.claimed_until).where(ZaakExport.claimed_by.is_not(None))).scalars())


def test_a_claim_runs_from_the_moment_it_is_made_not_from_the_start_of_the_round(gevuld, fake, client):
    draag_zaak_over(gevuld, gesprek_id="g1")
    draag_zaak_over(gevuld, gesprek_id="g2", kvk_nummer="87654321")
    momenten = iter([NU, NU + timedelta(minutes=10)])  # the first export takes ten minutes
    eerste_binnen, eerste_los = fake.houd_vast("klantcontacten")
    uitkomst: list[int] = []
    ronde = threading.Thread(target=lambda: uitkomst.append(exporteer_openstaande_zaken(
        engine=gevuld, client=client, nu=NU, werker="werker-1", klok=lambda: next(momenten))))
    ronde.start()
    tweede_los = None
    try:
        assert eerste_binnen.wait(timeout=10), "the first export called the API"
        assert gehouden(gevuld) == [NU + timedelta(minutes=5)]
        tweede_binnen, tweede_los = fake.houd_vast("klantcontacten")
        eerste_los.set()
        assert tweede_binnen.wait(timeout=10), "the second export called the API"
        assert gehouden(gevuld) == [NU + timedelta(minutes=15)]  # not NU + 5 minutes, already past by then
    finally:
        eerste_los.set()
        if tweede_los is not None:
            tweede_los.set()
        ronde.join(timeout=30)
    assert uitkomst == [2]


# --- the table -------------------------------------------------------------------------------------


def test_the_migration_creates_the_table_as_the_model_describes_it(engine):
    with engine.connect() as verbinding:
        verschillen = compare_metadata(MigrationContext.configure(verbinding), Base.metadata)
    assert [v for v in verschillen if "zaak_export" in repr(v)] == []


def test_the_table_stays_as_migration_0005_made_it():
    kolommen = ZaakExport.__table__.c
    assert isinstance(kolommen.claimed_by.type, String) and kolommen.claimed_by.type.length == 120
    assert isinstance(kolommen.claimed_until.type, UtcDateTime)
    assert kolommen.claimed_by.nullable and kolommen.claimed_until.nullable
    [status] = [c for c in ZaakExport.__table__.constraints if isinstance(c, CheckConstraint)]
    assert status.name == "ck_zaak_export_status"
    assert str(status.sqltext) == "status IN ('te_exporteren', 'geexporteerd', 'mislukt', 'overgeslagen')"
