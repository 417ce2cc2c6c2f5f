"""Export of handed-off cases to the municipality's Klantinteracties API (VNG standard, Open Klant 2.x).

Configured by two environment variables; when either is missing nothing is exported and nothing
else changes:

* ``INGANG_OPENKLANT_URL``: the API root, e.g. ``https://openklant.voorbeeldstad.nl/klantinteracties/api/v1``;
* ``INGANG_OPENKLANT_TOKEN``: the API token (sent as ``Authorization: Token <token>``).

Every case (table ``zaak``) gets one row in ``zaak_export`` the first time an export round sees
it (cases made before the export was configured too). Its export is a series of steps; the
uuid each step receives is committed before the next step starts, so a retry continues where
the last attempt stopped and never creates the same object twice:

1. ``klantcontact``  kanaal (``chat``, ``telegram``, ``whatsapp``), onderwerp (the subject's title),
   inhoud (the case summary), ``vertrouwelijk: true``, ``taal: nld``, plaatsgevondenOp (case creation);
2. ``onderwerpobject`` the Ingang case number (codeRegister ``ingang``, codeObjecttype ``zaak``,
   codeSoortObjectId ``zaaknummer``), so the klantcontact can be found by case number;
3. ``partij`` only with a KvK number: the organisation (soortPartij ``organisatie``) with
   partij-identificator hr / niet_natuurlijk_persoon / kvk_nummer; an existing partij with that
   KvK number is reused (the API keeps identificators unique);
4. ``betrokkene`` rol ``klant``, initiator, wasPartij (the partij of step 3, or none), contactnaam
   and organisatienaam;
5. ``digitale adressen`` the phone number and e-mail address the entrepreneur gave, as given by
   this betrokkene (what KISS shows for a contactverzoek);
6. ``actor`` the medewerker (soortActor ``medewerker``), found or created by actoridentificator
   mdw / handmatig / email / <e-mail address> (the convention of KISS);
7. ``internetaak`` gevraagdeHandeling (the promise's action), toegewezenAanActoren (the actor),
   toelichting (the exact promise sentence with its deadline and the contact details), status
   ``te_verwerken``.

One worker at a time exports a case: the row is claimed with one conditional UPDATE that is
committed before any API call, and every recorded step checks that the claim is still ours.
The API is called outside database transactions. A failed attempt is retried later with a
growing pause; after ``MAX_POGINGEN`` attempts the row is ``mislukt`` and logged for a person.
A crash between an API answer and its commit can leave one object without its uuid recorded;
that is the only way a duplicate can arise.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    exists,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, relationship

from bot.kennisbank.service import haal_artikel
from bot.kern.db import Base, UtcDateTime, transaction, waarden_in
from bot.kern.tijd import AMSTERDAM
from bot.zaken.models import Belofte, Zaak
from bot.zaken.service import schrijf_audit

log = logging.getLogger(__name__)

URL_VARIABELE = "INGANG_OPENKLANT_URL"
TOKEN_VARIABELE = "INGANG_OPENKLANT_TOKEN"

EXPORT_STATUSSEN = ("te_exporteren", "geexporteerd", "mislukt", "overgeslagen")
MAX_POGINGEN = 12
EERSTE_PAUZE = timedelta(minutes=1)
LANGSTE_PAUZE = timedelta(hours=6)
STANDAARD_CLAIM_DUUR = timedelta(minutes=5)

# Rasa input channel -> the kanaal word in the klantcontact (max. 50 characters).
KANALEN = {"rest": "chat", "webchat": "chat", "socketio": "chat", "telegram": "telegram", "whatsapp": "whatsapp"}
# Promise action -> gevraagdeHandeling of the internetaak (max. 200 characters).
HANDELINGEN = {
    "terugbellen": "Terugbellen",
    "mailen": "E-mail sturen",
    "bezoek_inplannen": "Bedrijfsbezoek inplannen",
    "adviesgesprek": "Adviesgesprek inplannen",
}
HANDELING_ZONDER_BELOFTE = "Contact opnemen met de ondernemer"
# How the case number is written as onderwerpobjectidentificator.
ZAAK_IDENTIFICATOR = {"codeObjecttype": "zaak", "codeRegister": "ingang", "codeSoortObjectId": "zaaknummer"}
# How a KvK number identifies a partij (the registry table of Open Klant: hr / niet_natuurlijk_persoon).
KVK_IDENTIFICATOR = {
    "codeObjecttype": "niet_natuurlijk_persoon", "codeRegister": "hr", "codeSoortObjectId": "kvk_nummer",
}
# How a medewerker is identified as actor: by e-mail address, as KISS does for manually known staff.
MEDEWERKER_IDENTIFICATOR = {"codeObjecttype": "mdw", "codeRegister": "handmatig", "codeSoortObjectId": "email"}
# Phone numbers Open Klant accepts (its own validation of digitale adressen and actors).
TELEFOON_OPEN_KLANT = re.compile(
    r"^(0[8-9]00[0-9]{4,8}|0[1-9][0-9]{8}|\+31[0-9]{10}|\+[0-9]{9,20}|00[0-9]{11}|1400|140[0-9]{2,3})$"
)
# Words that start a Dutch (or common foreign) surname prefix: "van der", "de", "in 't", ...
VOORVOEGSELS = {"van", "de", "der", "den", "het", "'t", "ten", "ter", "te", "in", "op", "aan", "la", "le", "du", "da",
                "di"}


class ZaakExport(Base):
    """The export state of one case: status, attempts, claim, and the uuid of every object made so far."""

    __tablename__ = "zaak_export"
    __table_args__ = (
        UniqueConstraint("zaak_id", name="uq_zaak_export_zaak_id"),
        CheckConstraint(waarden_in("status", EXPORT_STATUSSEN), name="ck_zaak_export_status"),
        Index("ix_zaak_export_status_volgende_poging", "status", "volgende_poging_op"),
    )

    id = Column(Integer, primary_key=True, autoincrement=True)
    zaak_id = Column(Integer, ForeignKey("zaak.id", ondelete="CASCADE"), nullable=False)
    status = Column(String(20), nullable=False, default="te_exporteren")
    pogingen = Column(Integer, nullable=False, default=0)
    volgende_poging_op = Column(UtcDateTime, nullable=False)
    laatste_fout = Column(Text, nullable=True)
    claimed_by = Column(String(120), nullable=True)
    claimed_until = Column(UtcDateTime, nullable=True)
    klantcontact_uuid = Column(String(36), nullable=True)
    onderwerpobject_uuid = Column(String(36), nullable=True)
    partij_aangemaakt_uuid = Column(String(36), nullable=True)  # made by us, identificator not yet added
    partij_uuid = Column(String(36), nullable=True)  # the partij with the KvK number (found or made)
    betrokkene_uuid = Column(String(36), nullable=True)
    digitale_adressen = Column(JSON, nullable=True)  # {"telefoonnummer": uuid, "email": uuid}
    actor_uuid = Column(String(36), nullable=True)
    internetaak_uuid = Column(String(36), nullable=True)
    aangemaakt_op = Column(UtcDateTime, nullable=False)
    bijgewerkt_op = Column(UtcDateTime, nullable=False)
    geexporteerd_op = Column(UtcDateTime, nullable=True)

    zaak = relationship(Zaak)


# --- the API client ----------------------------------------------------------------------------


class OpenKlantFout(Exception):
    """A call to the Klantinteracties API failed (network, time-out, or an error status)."""

    def __init__(self, melding: str, *, status: int | None = None) -> None:
        super().__init__(melding)
        self.status = status


class OpenKlantClient:
    """The Klantinteracties API of Open Klant 2.x (sync, httpx). Every method returns the uuid it got."""

    def __init__(self, basis_url: str, token: str, *, timeout: float = 10.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.basis_url = basis_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.basis_url + "/",
            headers={"Authorization": f"Token {token}", "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OpenKlantClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- plumbing --

    def _verzoek(self, methode: str, pad: str, **kwargs: Any) -> dict[str, Any]:
        try:
            antwoord = self._http.request(methode, pad, **kwargs)
        except httpx.HTTPError as fout:
            raise OpenKlantFout(f"{methode} {pad}: {type(fout).__name__}: {fout}") from fout
        if antwoord.status_code >= 400:
            raise OpenKlantFout(f"{methode} {pad}: HTTP {antwoord.status_code}: {antwoord.text[:500]}",
                                status=antwoord.status_code)
        try:
            return antwoord.json()
        except ValueError as fout:
            raise OpenKlantFout(f"{methode} {pad}: geen JSON in het antwoord") from fout

    def _maak(self, pad: str, gegevens: dict[str, Any]) -> str:
        antwoord = self._verzoek("POST", pad, json=gegevens)
        uuid = antwoord.get("uuid")
        if not uuid:
            raise OpenKlantFout(f"POST {pad}: geen uuid in het antwoord")
        return str(uuid)

    def _eerste(self, pad: str, params: dict[str, str]) -> dict[str, Any] | None:
        resultaten = self._verzoek("GET", pad, params=params).get("results") or []
        return resultaten[0] if resultaten else None

    # -- resources --

    def maak_klantcontact(self, gegevens: dict[str, Any]) -> str:
        return self._maak("klantcontacten", gegevens)

    def maak_onderwerpobject(self, gegevens: dict[str, Any]) -> str:
        return self._maak("onderwerpobjecten", gegevens)

    def zoek_partij_met_kvk(self, kvk_nummer: str) -> str | None:
        """The uuid of the partij identified by this KvK number, or None."""
        params = {f"partijIdentificator__{sleutel}": waarde for sleutel, waarde in KVK_IDENTIFICATOR.items()}
        partij = self._eerste("partijen", {**params, "partijIdentificator__objectId": kvk_nummer})
        return str(partij["uuid"]) if partij else None

    def maak_partij(self, gegevens: dict[str, Any]) -> str:
        return self._maak("partijen", gegevens)

    def maak_partij_identificator(self, gegevens: dict[str, Any]) -> str:
        return self._maak("partij-identificatoren", gegevens)

    def maak_betrokkene(self, gegevens: dict[str, Any]) -> str:
        return self._maak("betrokkenen", gegevens)

    def maak_digitaal_adres(self, gegevens: dict[str, Any]) -> str:
        return self._maak("digitaleadressen", gegevens)

    def zoek_actor(self, identificator: dict[str, str]) -> str | None:
        """The uuid of the actor with this actoridentificator, or None."""
        params = {f"actoridentificator{sleutel[0].upper()}{sleutel[1:]}": waarde
                  for sleutel, waarde in identificator.items()}
        actor = self._eerste("actoren", params)
        return str(actor["uuid"]) if actor else None

    def maak_actor(self, gegevens: dict[str, Any]) -> str:
        return self._maak("actoren", gegevens)

    def maak_internetaak(self, gegevens: dict[str, Any]) -> str:
        return self._maak("internetaken", gegevens)


def openklant_client_uit_omgeving(omgeving: dict[str, str] | None = None) -> OpenKlantClient | None:
    """The client when INGANG_OPENKLANT_URL and INGANG_OPENKLANT_TOKEN are set; None (export off) otherwise."""
    omgeving = os.environ if omgeving is None else omgeving
    url, token = omgeving.get(URL_VARIABELE, "").strip(), omgeving.get(TOKEN_VARIABELE, "").strip()
    if not url and not token:
        return None
    if not url or not token:
        ontbreekt = URL_VARIABELE if not url else TOKEN_VARIABELE
        log.warning("export naar Open Klant staat uit: %s ontbreekt", ontbreekt)
        return None
    return OpenKlantClient(url, token)


# --- what is exported --------------------------------------------------------------------------


@dataclass(frozen=True)
class Exportgegevens:
    """Everything the API calls need, read in one short transaction (no session during HTTP)."""

    zaaknummer: str
    kanaal: str
    onderwerp: str
    samenvatting: str
    aangemaakt_op: datetime
    contactnaam: str | None
    bedrijfsnaam: str | None
    kvk_nummer: str | None
    telefoon: str | None
    email: str | None
    medewerker_naam: str
    medewerker_functie: str
    medewerker_email: str
    medewerker_telefoon: str
    actie: str | None
    belofte_zin: str | None
    deadline: datetime | None


@dataclass
class Voortgang:
    """The uuids recorded so far for one export (mirrors the columns of ``zaak_export``)."""

    klantcontact_uuid: str | None = None
    onderwerpobject_uuid: str | None = None
    partij_aangemaakt_uuid: str | None = None
    partij_uuid: str | None = None
    betrokkene_uuid: str | None = None
    digitale_adressen: dict[str, str] = field(default_factory=dict)
    actor_uuid: str | None = None
    internetaak_uuid: str | None = None

    @classmethod
    def van(cls, rij: ZaakExport) -> Voortgang:
        return cls(
            klantcontact_uuid=rij.klantcontact_uuid, onderwerpobject_uuid=rij.onderwerpobject_uuid,
            partij_aangemaakt_uuid=rij.partij_aangemaakt_uuid, partij_uuid=rij.partij_uuid,
            betrokkene_uuid=rij.betrokkene_uuid, digitale_adressen=dict(rij.digitale_adressen or {}),
            actor_uuid=rij.actor_uuid, internetaak_uuid=rij.internetaak_uuid,
        )


def kanaal_woord(kanaal: str) -> str:
    return KANALEN.get(kanaal, kanaal)[:50]


def exportgegevens(*, session: Session, zaak: Zaak) -> Exportgegevens | None:
    """The data to export for ``zaak``; None when the entrepreneur's details are no longer stored.

    A case is only stored after the entrepreneur consented; when the entrepreneur record is
    removed afterwards (``ondernemer_id`` becomes NULL), nothing personal may leave any more.
    """
    ondernemer = zaak.ondernemer
    if ondernemer is None:
        return None
    belofte = _huidige_belofte(zaak)
    medewerker = belofte.medewerker if belofte is not None else zaak.medewerker
    onderwerp_id = zaak.onderwerpen[0] if zaak.onderwerpen else "ondernemersloket"
    artikel = haal_artikel(session=session, artikel_id=onderwerp_id)
    return Exportgegevens(
        zaaknummer=zaak.nummer, kanaal=zaak.kanaal, onderwerp=artikel.titel if artikel else onderwerp_id,
        samenvatting=zaak.samenvatting, aangemaakt_op=zaak.aangemaakt_op, contactnaam=ondernemer.contactnaam,
        bedrijfsnaam=ondernemer.bedrijfsnaam, kvk_nummer=ondernemer.kvk_nummer, telefoon=ondernemer.telefoon,
        email=ondernemer.email, medewerker_naam=medewerker.naam, medewerker_functie=medewerker.functie,
        medewerker_email=medewerker.email, medewerker_telefoon=medewerker.telefoon,
        actie=belofte.actie if belofte else None, belofte_zin=belofte.zin if belofte else None,
        deadline=belofte.deadline if belofte else None,
    )


def _huidige_belofte(zaak: Zaak) -> Belofte | None:
    """The open promise made last, else the promise made last (or None)."""
    beloften = sorted(zaak.beloften, key=lambda b: b.id)
    open_ = [b for b in beloften if b.status == "open"]
    return (open_ or beloften or [None])[-1]


def klantcontact_gegevens(g: Exportgegevens) -> dict[str, Any]:
    return {
        "kanaal": kanaal_woord(g.kanaal),
        "onderwerp": g.onderwerp[:200],
        "inhoud": _kort(g.samenvatting, 1000),
        "indicatieContactGelukt": True,
        "taal": "nld",
        "vertrouwelijk": True,
        "plaatsgevondenOp": g.aangemaakt_op.isoformat(),
    }


def onderwerpobject_gegevens(g: Exportgegevens, klantcontact_uuid: str) -> dict[str, Any]:
    return {
        "klantcontact": {"uuid": klantcontact_uuid},
        "wasKlantcontact": None,
        "onderwerpobjectidentificator": {"objectId": g.zaaknummer, **ZAAK_IDENTIFICATOR},
    }


def partij_gegevens(g: Exportgegevens) -> dict[str, Any]:
    """An organisation; the fields Open Klant requires on create (nullable lists) are sent empty."""
    return {
        "soortPartij": "organisatie",
        "indicatieActief": True,
        "voorkeurstaal": "nld",
        "digitaleAdressen": [],
        "voorkeursDigitaalAdres": None,
        "rekeningnummers": [],
        "voorkeursRekeningnummer": None,
        "partijIdentificatie": {"naam": (g.bedrijfsnaam or f"KvK {g.kvk_nummer}")[:200]},
    }


def partij_identificator_gegevens(g: Exportgegevens, partij_uuid: str) -> dict[str, Any]:
    return {
        "identificeerdePartij": {"uuid": partij_uuid},
        "partijIdentificator": {"objectId": g.kvk_nummer, **KVK_IDENTIFICATOR},
    }


def betrokkene_gegevens(g: Exportgegevens, klantcontact_uuid: str, partij_uuid: str | None) -> dict[str, Any]:
    return {
        "hadKlantcontact": {"uuid": klantcontact_uuid},
        "wasPartij": {"uuid": partij_uuid} if partij_uuid else None,
        "rol": "klant",
        "initiator": True,
        "organisatienaam": (g.bedrijfsnaam or "")[:200],
        "contactnaam": contactnaam_delen(g.contactnaam) if g.contactnaam else None,
    }


def contactnaam_delen(naam: str) -> dict[str, str]:
    """'Jan van der Berg' -> voornaam Jan, voorvoegsel 'van der', achternaam Berg (a best effort)."""
    woorden = naam.split()
    if len(woorden) == 1:
        return {"voorletters": "", "voornaam": "", "voorvoegselAchternaam": "", "achternaam": woorden[0][:200]}
    voornaam, rest = woorden[0], woorden[1:]
    voorvoegsel: list[str] = []
    while len(rest) > 1 and rest[0].lower() in VOORVOEGSELS:
        voorvoegsel.append(rest.pop(0))
    return {
        "voorletters": f"{voornaam[0].upper()}.",
        "voornaam": voornaam[:200],
        "voorvoegselAchternaam": " ".join(voorvoegsel)[:10],
        "achternaam": " ".join(rest)[:200],
    }


def digitale_adressen_gegevens(g: Exportgegevens, betrokkene_uuid: str) -> dict[str, dict[str, Any]]:
    """Per soortDigitaalAdres the address to record; a phone number Open Klant would refuse is left out."""
    adressen: dict[str, dict[str, Any]] = {}
    telefoon = telefoon_voor_open_klant(g.telefoon)
    if telefoon:
        adressen["telefoonnummer"] = {"adres": telefoon, "omschrijving": "Telefoonnummer"}
    if g.email:
        adressen["email"] = {"adres": g.email[:80], "omschrijving": "E-mailadres"}
    return {
        soort: {"verstrektDoorBetrokkene": {"uuid": betrokkene_uuid}, "verstrektDoorPartij": None,
                "soortDigitaalAdres": soort, **adres}
        for soort, adres in adressen.items()
    }


def telefoon_voor_open_klant(telefoon: str | None) -> str | None:
    """'06-91234502' -> '0691234502'; None when Open Klant's phone validation would refuse it."""
    if not telefoon:
        return None
    schoon = re.sub(r"[\s\-().]", "", telefoon)
    return schoon if TELEFOON_OPEN_KLANT.match(schoon) else None


def actor_identificator(g: Exportgegevens) -> dict[str, str]:
    return {"objectId": g.medewerker_email, **MEDEWERKER_IDENTIFICATOR}


def actor_gegevens(g: Exportgegevens) -> dict[str, Any]:
    gegevens: dict[str, Any] = {
        "naam": g.medewerker_naam[:200],
        "soortActor": "medewerker",
        "indicatieActief": True,
        "actoridentificator": actor_identificator(g),
    }
    telefoon = telefoon_voor_open_klant(g.medewerker_telefoon)
    if telefoon:  # newer Open Klant versions: functie and telefoonnummer are required in actorIdentificatie
        gegevens["actorIdentificatie"] = {"functie": g.medewerker_functie[:40], "emailadres": g.medewerker_email,
                                          "telefoonnummer": telefoon}
    return gegevens


def internetaak_gegevens(g: Exportgegevens, klantcontact_uuid: str, actor_uuid: str) -> dict[str, Any]:
    return {
        "gevraagdeHandeling": HANDELINGEN.get(g.actie or "", HANDELING_ZONDER_BELOFTE)[:200],
        "aanleidinggevendKlantcontact": {"uuid": klantcontact_uuid},
        "toegewezenAanActoren": [{"uuid": actor_uuid}],
        "toelichting": _kort(toelichting(g), 1000),
        "status": "te_verwerken",
    }


def toelichting(g: Exportgegevens) -> str:
    """The promise as told to the entrepreneur, its deadline, and how to reach the entrepreneur."""
    regels = [f"Zaak {g.zaaknummer} (Ingang)."]
    if g.belofte_zin:
        regels.append(f"Beloofd aan de ondernemer: \"{g.belofte_zin}\"")
    if g.deadline:
        regels.append(f"Uiterlijk: {g.deadline.astimezone(AMSTERDAM).isoformat(timespec='minutes')}.")
    contact = ", ".join(w for w in (g.contactnaam, g.bedrijfsnaam, g.kvk_nummer and f"KvK {g.kvk_nummer}",
                                    g.telefoon, g.email) if w)
    if contact:
        regels.append(f"Contact: {contact}.")
    return "\n".join(regels)


def _kort(tekst: str, lengte: int) -> str:
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


# --- one export, step by step ------------------------------------------------------------------


class ClaimKwijt(Exception):
    """Another worker took over this export (our claim ran out); stop without recording anything."""


Opslaan = Callable[..., None]


def voer_stappen_uit(client: OpenKlantClient, g: Exportgegevens, v: Voortgang, sla_op: Opslaan) -> None:
    """Make every object not made yet; ``sla_op(**kolommen)`` commits each uuid before the next call."""
    if not v.klantcontact_uuid:
        v.klantcontact_uuid = client.maak_klantcontact(klantcontact_gegevens(g))
        sla_op(klantcontact_uuid=v.klantcontact_uuid)
    if not v.onderwerpobject_uuid:
        v.onderwerpobject_uuid = client.maak_onderwerpobject(onderwerpobject_gegevens(g, v.klantcontact_uuid))
        sla_op(onderwerpobject_uuid=v.onderwerpobject_uuid)
    if g.kvk_nummer and not v.partij_uuid:
        _partij(client, g, v, sla_op)
    if not v.betrokkene_uuid:
        v.betrokkene_uuid = client.maak_betrokkene(betrokkene_gegevens(g, v.klantcontact_uuid, v.partij_uuid))
        sla_op(betrokkene_uuid=v.betrokkene_uuid)
    for soort, gegevens in digitale_adressen_gegevens(g, v.betrokkene_uuid).items():
        if soort not in v.digitale_adressen:
            v.digitale_adressen[soort] = client.maak_digitaal_adres(gegevens)
            sla_op(digitale_adressen=dict(v.digitale_adressen))
    if not v.actor_uuid:
        v.actor_uuid = client.zoek_actor(actor_identificator(g)) or client.maak_actor(actor_gegevens(g))
        sla_op(actor_uuid=v.actor_uuid)
    if not v.internetaak_uuid:
        v.internetaak_uuid = client.maak_internetaak(internetaak_gegevens(g, v.klantcontact_uuid, v.actor_uuid))
        sla_op(internetaak_uuid=v.internetaak_uuid)


def _partij(client: OpenKlantClient, g: Exportgegevens, v: Voortgang, sla_op: Opslaan) -> None:
    """Reuse the partij with this KvK number, or make one and then give it the KvK identificator.

    Searching first on every attempt also covers a partij made by another worker in the meantime
    (the identificator is unique in Open Klant, so ours could then never be added).
    """
    bestaand = client.zoek_partij_met_kvk(g.kvk_nummer)
    if bestaand:
        if v.partij_aangemaakt_uuid and v.partij_aangemaakt_uuid != bestaand:
            log.warning("zaak %s: partij %s bleef zonder KvK-nummer; partij %s met KvK-nummer %s gebruikt",
                        g.zaaknummer, v.partij_aangemaakt_uuid, bestaand, g.kvk_nummer)
        v.partij_uuid = bestaand
        sla_op(partij_uuid=bestaand)
        return
    if not v.partij_aangemaakt_uuid:
        v.partij_aangemaakt_uuid = client.maak_partij(partij_gegevens(g))
        sla_op(partij_aangemaakt_uuid=v.partij_aangemaakt_uuid)
    client.maak_partij_identificator(partij_identificator_gegevens(g, v.partij_aangemaakt_uuid))
    v.partij_uuid = v.partij_aangemaakt_uuid
    sla_op(partij_uuid=v.partij_uuid)


# --- claims and bookkeeping --------------------------------------------------------------------


def maak_exportrijen(*, engine: Engine, nu: datetime) -> int:
    """Give every case without an export row one (status te_exporteren); return how many were added.

    One INSERT ... SELECT; a concurrent worker inserting the same rows makes ours fail on the
    unique zaak_id, which only means the rows are there.
    """
    zonder_rij = select(
        Zaak.id, literal("te_exporteren"), literal(0), literal(nu, UtcDateTime), literal(nu, UtcDateTime),
        literal(nu, UtcDateTime),
    ).where(~exists().where(ZaakExport.zaak_id == Zaak.id))
    try:
        with transaction(engine) as session:
            resultaat = session.execute(
                insert(ZaakExport).from_select(
                    ["zaak_id", "status", "pogingen", "volgende_poging_op", "aangemaakt_op", "bijgewerkt_op"],
                    zonder_rij,
                )
            )
            return max(resultaat.rowcount or 0, 0)
    except IntegrityError:
        return 0


def te_exporteren(*, engine: Engine, nu: datetime, limiet: int) -> list[int]:
    """Ids of export rows that are due and that nobody holds, oldest first."""
    with transaction(engine) as session:
        return list(
            session.execute(
                select(ZaakExport.id)
                .where(ZaakExport.status == "te_exporteren", ZaakExport.volgende_poging_op <= nu,
                       or_(ZaakExport.claimed_until.is_(None), ZaakExport.claimed_until < nu))
                .order_by(ZaakExport.volgende_poging_op, ZaakExport.id)
                .limit(limiet)
            ).scalars()
        )


def claim_export(*, session: Session, export_id: int, werker: str, nu: datetime, duur: timedelta) -> bool:
    """Claim a due export row for ``werker`` until ``nu + duur``; True when this worker has it."""
    resultaat = session.execute(
        update(ZaakExport)
        .where(ZaakExport.id == export_id, ZaakExport.status == "te_exporteren", ZaakExport.volgende_poging_op <= nu,
               or_(ZaakExport.claimed_until.is_(None), ZaakExport.claimed_until < nu))
        .values(claimed_by=werker, claimed_until=nu + duur)
        .execution_options(synchronize_session=False)
    )
    return resultaat.rowcount == 1


def _werk_bij(*, engine: Engine, export_id: int, werker: str, **kolommen: Any) -> None:
    """Record columns of an export this worker holds (committed at once); ClaimKwijt when it lost the row."""
    with transaction(engine) as session:
        resultaat = session.execute(
            update(ZaakExport)
            .where(ZaakExport.id == export_id, ZaakExport.claimed_by == werker)
            .values(**kolommen)
            .execution_options(synchronize_session=False)
        )
        if resultaat.rowcount != 1:
            raise ClaimKwijt(f"export {export_id} wordt niet meer door {werker} vastgehouden")


def pauze_na(pogingen: int) -> timedelta:
    """1 min, 2 min, 4 min, ... up to six hours."""
    return min(EERSTE_PAUZE * (2 ** max(pogingen - 1, 0)), LANGSTE_PAUZE)


# --- the round ---------------------------------------------------------------------------------


def exporteer_openstaande_zaken(
    *,
    engine: Engine,
    client: OpenKlantClient | None,
    nu: datetime,
    werker: str,
    claim_duur: timedelta = STANDAARD_CLAIM_DUUR,
    limiet: int = 50,
) -> int:
    """Export the cases that are due; return how many were completely exported in this round.

    Does nothing at all when ``client`` is None (export not configured). Never raises: a failure
    is logged and the case is tried again later.
    """
    if client is None:
        return 0
    try:
        maak_exportrijen(engine=engine, nu=nu)
        ids = te_exporteren(engine=engine, nu=nu, limiet=limiet)
    except Exception:  # the database is unreachable: the next round tries again
        log.exception("export naar Open Klant: ronde overgeslagen")
        return 0
    klaar = 0
    for export_id in ids:
        try:
            if exporteer_zaak(engine=engine, client=client, export_id=export_id, nu=nu, werker=werker,
                              claim_duur=claim_duur):
                klaar += 1
        except Exception:
            log.exception("export %s naar Open Klant: onverwachte fout; volgende ronde opnieuw", export_id)
    return klaar


def exporteer_zaak(
    *, engine: Engine, client: OpenKlantClient, export_id: int, nu: datetime, werker: str, claim_duur: timedelta
) -> bool:
    """Claim one export and do its remaining steps; True when the case is now completely exported."""
    with transaction(engine) as session:
        if not claim_export(session=session, export_id=export_id, werker=werker, nu=nu, duur=claim_duur):
            return False
    with transaction(engine) as session:
        rij = session.get(ZaakExport, export_id)
        if rij is None:  # the case was deleted meanwhile
            return False
        gegevens = exportgegevens(session=session, zaak=rij.zaak)
        voortgang = Voortgang.van(rij)
        zaaknummer = rij.zaak.nummer
    if gegevens is None:
        _sluit_af(engine=engine, export_id=export_id, werker=werker, nu=nu, status="overgeslagen",
                  wat="export_overgeslagen", details={"reden": "geen gegevens van de ondernemer meer"})
        log.info("zaak %s: niet geëxporteerd, de gegevens van de ondernemer zijn verwijderd", zaaknummer)
        return False

    def sla_op(**kolommen: Any) -> None:
        _werk_bij(engine=engine, export_id=export_id, werker=werker, bijgewerkt_op=nu, **kolommen)

    try:
        voer_stappen_uit(client, gegevens, voortgang, sla_op)
    except ClaimKwijt as fout:
        log.warning("zaak %s: %s", zaaknummer, fout)
        return False
    except OpenKlantFout as fout:
        _mislukt(engine=engine, export_id=export_id, werker=werker, nu=nu, fout=fout, zaaknummer=zaaknummer)
        return False
    _sluit_af(engine=engine, export_id=export_id, werker=werker, nu=nu, status="geexporteerd",
              wat="zaak_geexporteerd", details=_uuids(voortgang))
    log.info("zaak %s geëxporteerd naar Open Klant (klantcontact %s, internetaak %s)",
             zaaknummer, voortgang.klantcontact_uuid, voortgang.internetaak_uuid)
    return True


def _uuids(v: Voortgang) -> dict[str, Any]:
    return {
        "klantcontact": v.klantcontact_uuid, "onderwerpobject": v.onderwerpobject_uuid, "partij": v.partij_uuid,
        "betrokkene": v.betrokkene_uuid, "digitale_adressen": v.digitale_adressen, "actor": v.actor_uuid,
        "internetaak": v.internetaak_uuid,
    }


def _sluit_af(*, engine: Engine, export_id: int, werker: str, nu: datetime, status: str, wat: str,
              details: dict[str, Any]) -> None:
    """Set the final status, release the claim and write the audit row, in one transaction."""
    with transaction(engine) as session:
        rij = session.get(ZaakExport, export_id)
        if rij is None or rij.claimed_by != werker:
            return
        rij.status = status
        rij.pogingen += 1
        rij.geexporteerd_op = nu if status == "geexporteerd" else None
        rij.laatste_fout = None if status == "geexporteerd" else rij.laatste_fout
        rij.claimed_by = rij.claimed_until = None
        rij.bijgewerkt_op = nu
        schrijf_audit(session=session, wie=werker, wat=wat, zaak=rij.zaak, details=details, moment=nu)


def _mislukt(*, engine: Engine, export_id: int, werker: str, nu: datetime, fout: OpenKlantFout,
             zaaknummer: str) -> None:
    """Record a failed attempt: try again after a growing pause, or give up after MAX_POGINGEN."""
    with transaction(engine) as session:
        rij = session.get(ZaakExport, export_id)
        if rij is None or rij.claimed_by != werker:
            return
        rij.pogingen += 1
        rij.laatste_fout = str(fout)[:2000]
        rij.claimed_by = rij.claimed_until = None
        rij.bijgewerkt_op = nu
        if rij.pogingen >= MAX_POGINGEN:
            rij.status = "mislukt"
            schrijf_audit(session=session, wie=werker, wat="export_mislukt", zaak=rij.zaak, moment=nu,
                          details={"pogingen": rij.pogingen, "fout": rij.laatste_fout})
            log.error("zaak %s: export naar Open Klant opgegeven na %d pogingen: %s", zaaknummer, rij.pogingen, fout)
            return
        rij.volgende_poging_op = nu + pauze_na(rij.pogingen)
        log.warning("zaak %s: export naar Open Klant mislukt (poging %d), opnieuw vanaf %s: %s",
                    zaaknummer, rij.pogingen, rij.volgende_poging_op.isoformat(), fout)
