"""What Ingang sends to Open Klant: the data of one case, and each API object built from it.

Every function here is pure except ``exportgegevens``, which reads the case in the caller's
session. Field lengths are cut to the maxima of the Klantinteracties API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.integraties.openklant.validatie import Contactwaarden, controleer
from bot.kennisbank.service import haal_artikel
from bot.kern.teksten import tekst
from bot.kern.tijd import AMSTERDAM
from bot.zaken.models import Belofte, BelofteStatus, Zaak

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
# Words that start a Dutch (or common foreign) surname prefix: "van der", "de", "in 't", ...
VOORVOEGSELS = {"van", "de", "der", "den", "het", "'t", "ten", "ter", "te", "in", "op", "aan", "la", "le", "du", "da",
                "di"}


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
    open_ = [b for b in beloften if b.status == BelofteStatus.OPEN]
    return (open_ or beloften or [None])[-1]


def kanaal_woord(kanaal: str) -> str:
    return KANALEN.get(kanaal, kanaal)[:50]


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


def kvk_identificator(g: Exportgegevens) -> dict[str, str]:
    """The partijIdentificator of the entrepreneur's company: its KvK number."""
    return {"objectId": g.kvk_nummer, **KVK_IDENTIFICATOR}


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
        "partijIdentificator": kvk_identificator(g),
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


def contactwaarden(g: Exportgegevens) -> tuple[Contactwaarden, list[str]]:
    """The phone numbers and e-mail addresses as Open Klant accepts them, and the fields left out.

    Checked before the first object is made (``validatie.controleer``): a value Open Klant would
    refuse is not sent, so it can never stop an export halfway.
    """
    return controleer(telefoon=g.telefoon, email=g.email, medewerker_telefoon=g.medewerker_telefoon,
                      medewerker_email=g.medewerker_email)


def digitale_adressen_gegevens(c: Contactwaarden, betrokkene_uuid: str) -> dict[str, dict[str, Any]]:
    """Per soortDigitaalAdres the address to record; a value Open Klant would refuse is already None."""
    adressen: dict[str, dict[str, Any]] = {}
    if c.telefoon:
        adressen["telefoonnummer"] = {"adres": c.telefoon, "omschrijving": "Telefoonnummer"}
    if c.email:
        adressen["email"] = {"adres": c.email, "omschrijving": "E-mailadres"}
    return {
        soort: {"verstrektDoorBetrokkene": {"uuid": betrokkene_uuid}, "verstrektDoorPartij": None,
                "soortDigitaalAdres": soort, **adres}
        for soort, adres in adressen.items()
    }


def actor_identificator(g: Exportgegevens) -> dict[str, str]:
    return {"objectId": g.medewerker_email, **MEDEWERKER_IDENTIFICATOR}


def actor_gegevens(g: Exportgegevens, c: Contactwaarden) -> dict[str, Any]:
    """The medewerker as actor; actorIdentificatie only with a phone number Open Klant accepts.

    Open Klant 2.x requires functie and telefoonnummer in a Medewerker's actorIdentificatie;
    its emailadres may be left out. The actoridentificator (the e-mail address as identifier)
    is free text and always sent.
    """
    gegevens: dict[str, Any] = {
        "naam": g.medewerker_naam[:200],
        "soortActor": "medewerker",
        "indicatieActief": True,
        "actoridentificator": actor_identificator(g),
    }
    if c.medewerker_telefoon:
        identificatie = {"functie": g.medewerker_functie[:40], "telefoonnummer": c.medewerker_telefoon}
        if c.medewerker_email:
            identificatie["emailadres"] = c.medewerker_email
        gegevens["actorIdentificatie"] = identificatie
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
    uiterlijk = g.deadline.astimezone(AMSTERDAM).isoformat(timespec="minutes") if g.deadline else None
    return tekst(
        "openklant/toelichting.txt", zaaknummer=g.zaaknummer, belofte_zin=g.belofte_zin, uiterlijk=uiterlijk,
        contactnaam=g.contactnaam, bedrijfsnaam=g.bedrijfsnaam, kvk_nummer=g.kvk_nummer, telefoon=g.telefoon,
        email=g.email,
    )


def _kort(waarde: str, lengte: int) -> str:
    return waarde if len(waarde) <= lengte else waarde[: lengte - 1] + "…"
