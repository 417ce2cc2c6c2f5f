"""Export of handed-off cases to the Klantinteracties API (bot/integraties/openklant.py) against a fake on loopback."""

from __future__ import annotations

import socket
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, select

from bot.integraties.openklant import (
    MAX_POGINGEN,
    OpenKlantClient,
    OpenKlantFout,
    ZaakExport,
    contactnaam_delen,
    exporteer_openstaande_zaken,
    openklant_client_uit_omgeving,
    pauze_na,
    telefoon_voor_open_klant,
)
from bot.kennisbank.service import haal_artikel, sla_artikelen_op
from bot.kern.db import Base, transaction
from bot.kern.settings import PROJECT_ROOT
from bot.medewerkers.directory import laad_medewerkers
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.zaken.models import AuditRegel, Belofte, Ondernemer, Zaak
from tests.fakes.openklant import FakeOpenKlant

AMS = ZoneInfo("Europe/Amsterdam")
MAANDAG = datetime(2026, 11, 23, 9, 0, tzinfo=AMS)  # Mehmet Yılmaz works on Mondays, 08:30-17:00
NU = MAANDAG + timedelta(minutes=1)


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def fake():
    with FakeOpenKlant() as server:
        yield server


@pytest.fixture
def client(fake):
    with OpenKlantClient(fake.url, fake.token, timeout=5) as klant:
        yield klant


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    with transaction(engine) as session:
        sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
        laad_medewerkers(session=session, pad=PROJECT_ROOT / "config" / "medewerkers.yml")
    return engine


def draag_zaak_over(engine, *, gesprek_id: str = "g1", kanaal: str = "telegram", kvk_nummer: str | None = "12345678",
                    bedrijfsnaam: str | None = "Café De Hoek", contactnaam: str = "Ans van den Bos",
                    telefoon: str | None = "+31612345678", email: str | None = "ans@dehoek.nl") -> dict:
    gegevens = Vraaggegevens(onderwerp="terrasvergunning", wat="een terras voor mijn café", waarom="meer klanten",
                             hoe="vanaf maart", bedrijfsnaam=bedrijfsnaam, kvk_nummer=kvk_nummer,
                             contactnaam=contactnaam, telefoon=telefoon, email=email)
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=gegevens, kanaal=kanaal, gesprek_id=gesprek_id, moment=MAANDAG)


def exporteer(engine, client, nu: datetime = NU, werker: str = "werker-1") -> int:
    return exporteer_openstaande_zaken(engine=engine, client=client, nu=nu, werker=werker)


def export_van(engine, nummer: str) -> ZaakExport:
    with transaction(engine) as session:
        return session.execute(
            select(ZaakExport).join(Zaak, Zaak.id == ZaakExport.zaak_id).where(Zaak.nummer == nummer)
        ).scalar_one()


def audit(engine, wat: str) -> list[AuditRegel]:
    with transaction(engine) as session:
        return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat)).scalars())


def enige(lijst: list):
    assert len(lijst) == 1, lijst
    return lijst[0]


# --- the export ----------------------------------------------------------------------------------


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


def test_an_unreachable_api_never_breaks_the_caller(gevuld):
    overdracht = draag_zaak_over(gevuld)
    with socket.socket() as s:  # a port on which nobody listens
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    with OpenKlantClient(f"http://127.0.0.1:{poort}/klantinteracties/api/v1", "t", timeout=2) as weg:
        assert exporteer(gevuld, weg) == 0
    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "te_exporteren" and rij.pogingen == 1 and "ConnectError" in rij.laatste_fout
    assert rij.klantcontact_uuid is None and rij.claimed_by is None


def test_a_wrong_token_is_refused_and_nothing_is_recorded_as_done(gevuld, fake):
    overdracht = draag_zaak_over(gevuld)
    with OpenKlantClient(fake.url, "verkeerd") as verkeerd:
        assert exporteer(gevuld, verkeerd) == 0
    assert [a.status for a in fake.aanroepen] == [401]
    assert fake.aangemaakt("klantcontacten") == []
    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "te_exporteren" and "401" in rij.laatste_fout and rij.klantcontact_uuid is None


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


# --- when not configured -------------------------------------------------------------------------


def test_without_configuration_there_is_no_client_and_nothing_happens(gevuld, fake, client, caplog):
    assert openklant_client_uit_omgeving({}) is None
    assert openklant_client_uit_omgeving({"INGANG_OPENKLANT_URL": fake.url}) is None
    assert "INGANG_OPENKLANT_TOKEN ontbreekt" in caplog.text
    overdracht = draag_zaak_over(gevuld)
    assert exporteer(gevuld, None) == 0
    with transaction(gevuld) as session:
        assert session.execute(select(ZaakExport)).scalars().all() == []

    # Configured later: the case made before is exported too.
    with openklant_client_uit_omgeving({"INGANG_OPENKLANT_URL": fake.url + "/",
                                        "INGANG_OPENKLANT_TOKEN": fake.token}) as geconfigureerd:
        assert geconfigureerd.basis_url == fake.url
        assert exporteer(gevuld, geconfigureerd) == 1
    assert export_van(gevuld, overdracht["zaak"]).status == "geexporteerd"


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


# --- mapping details -------------------------------------------------------------------------------


def test_a_known_company_and_medewerker_are_reused_and_a_case_without_kvk_has_no_partij(gevuld, fake, client):
    bestaand = fake.voeg_toe("partijen", {"soortPartij": "organisatie", "partijIdentificatie": {"naam": "De Hoek BV"}})
    fake.voeg_toe("partij-identificatoren", {
        "identificeerdePartij": {"uuid": bestaand["uuid"]},
        "partijIdentificator": {"objectId": "12345678", "codeObjecttype": "niet_natuurlijk_persoon",
                                "codeRegister": "hr", "codeSoortObjectId": "kvk_nummer"}})
    mehmet = fake.voeg_toe("actoren", {"naam": "M. Yılmaz", "soortActor": "medewerker", "actoridentificator": {
        "objectId": "m.yilmaz@voorbeeldstad.nl", "codeObjecttype": "mdw", "codeRegister": "handmatig",
        "codeSoortObjectId": "email"}})
    eerste = draag_zaak_over(gevuld, gesprek_id="g1")
    tweede = draag_zaak_over(gevuld, gesprek_id="g2", kanaal="rest", kvk_nummer=None, bedrijfsnaam=None,
                             contactnaam="Piet", telefoon=None)
    assert exporteer(gevuld, client) == 2

    assert fake.posts("partijen") == [] and fake.posts("partij-identificatoren") == []
    assert export_van(gevuld, eerste["zaak"]).partij_uuid == bestaand["uuid"]
    met, zonder = fake.aangemaakt("betrokkenen")
    assert met["wasPartij"] == {"uuid": bestaand["uuid"]}
    assert zonder["wasPartij"] is None and zonder["organisatienaam"] == ""
    assert zonder["contactnaam"]["achternaam"] == "Piet"
    assert fake.aangemaakt("klantcontacten")[1]["kanaal"] == "chat"
    assert export_van(gevuld, eerste["zaak"]).actor_uuid == mehmet["uuid"]  # found, not made again
    [nieuwe_actor] = [a.body for a in fake.posts("actoren")]  # the second case went to another medewerker
    assert nieuwe_actor["actoridentificator"]["objectId"] != "m.yilmaz@voorbeeldstad.nl"
    assert [t["gevraagdeHandeling"] for t in fake.aangemaakt("internetaken")] == ["Terugbellen", "E-mail sturen"]
    laatste_adres = fake.aangemaakt("digitaleadressen")[-1]
    assert export_van(gevuld, tweede["zaak"]).digitale_adressen == {"email": laatste_adres["uuid"]}


def test_a_partij_made_elsewhere_meanwhile_is_used_instead_of_ours(gevuld, fake, client):
    overdracht = draag_zaak_over(gevuld)
    fake.faal("partij-identificatoren", status=503)
    assert exporteer(gevuld, client) == 0
    [onze] = fake.aangemaakt("partijen")
    assert export_van(gevuld, overdracht["zaak"]).partij_aangemaakt_uuid == onze["uuid"]

    anders = fake.voeg_toe("partijen", {"soortPartij": "organisatie"})  # e.g. a KCC colleague, meanwhile
    fake.voeg_toe("partij-identificatoren", {
        "identificeerdePartij": {"uuid": anders["uuid"]},
        "partijIdentificator": {"objectId": "12345678", "codeObjecttype": "niet_natuurlijk_persoon",
                                "codeRegister": "hr", "codeSoortObjectId": "kvk_nummer"}})
    assert exporteer(gevuld, client, NU + pauze_na(1)) == 1
    assert len(fake.posts("partijen")) == 1 and len(fake.posts("partij-identificatoren")) == 1  # no second partij
    assert export_van(gevuld, overdracht["zaak"]).partij_uuid == anders["uuid"]
    assert enige(fake.aangemaakt("betrokkenen"))["wasPartij"] == {"uuid": anders["uuid"]}


def test_nothing_leaves_for_a_case_whose_entrepreneur_was_removed(gevuld, fake, client):
    overdracht = draag_zaak_over(gevuld)
    with transaction(gevuld) as session:
        session.execute(delete(Ondernemer))
    assert exporteer(gevuld, client) == 0
    assert fake.aanroepen == []
    assert export_van(gevuld, overdracht["zaak"]).status == "overgeslagen"
    assert enige(audit(gevuld, "export_overgeslagen")).wie == "werker-1"


def test_the_fake_refuses_what_open_klant_refuses(fake, client):
    with pytest.raises(OpenKlantFout) as fout:
        client.maak_klantcontact({"kanaal": "chat", "onderwerp": "x", "vertrouwelijk": True})  # no taal
    assert fout.value.status == 400 and "taal" in str(fout.value)
    contact = client.maak_klantcontact({"kanaal": "chat", "onderwerp": "x", "taal": "nld", "vertrouwelijk": True})
    with pytest.raises(OpenKlantFout, match="400"):
        client.maak_internetaak({"gevraagdeHandeling": "Bellen", "aanleidinggevendKlantcontact": {"uuid": contact},
                                 "status": "te_verwerken"})  # no actor
    with pytest.raises(OpenKlantFout, match="400"):
        client.maak_betrokkene({"hadKlantcontact": {"uuid": "00000000-0000-0000-0000-000000000000"}, "rol": "klant",
                                "initiator": True})


@pytest.mark.parametrize("naam, verwacht", [
    ("Ans Bos", ("Ans", "", "Bos")),
    ("Jan van der Berg", ("Jan", "van der", "Berg")),
    ("Mehmet Yılmaz", ("Mehmet", "", "Yılmaz")),
    ("Fatima de Vries-Jansen", ("Fatima", "de", "Vries-Jansen")),
    ("Piet", ("", "", "Piet")),
    ("Kees van", ("Kees", "", "van")),
])
def test_contact_names_are_split_into_the_parts_of_contactnaam(naam, verwacht):
    delen = contactnaam_delen(naam)
    assert (delen["voornaam"], delen["voorvoegselAchternaam"], delen["achternaam"]) == verwacht


@pytest.mark.parametrize("telefoon, verwacht", [
    ("06-91234502", "0691234502"), ("+31612345678", "+31612345678"), ("010 123 45 67", "0101234567"),
    ("12345", None), (None, None),
])
def test_phone_numbers_are_written_as_open_klant_accepts_them(telefoon, verwacht):
    assert telefoon_voor_open_klant(telefoon) == verwacht


def test_the_migration_creates_the_table_as_the_model_describes_it(engine):
    with engine.connect() as verbinding:
        verschillen = compare_metadata(MigrationContext.configure(verbinding), Base.metadata)
    assert [v for v in verschillen if "zaak_export" in repr(v)] == []
