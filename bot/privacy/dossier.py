"""Everything Ingang holds about one entrepreneur: found by case number, KvK, phone or e-mail.

A request to see (AVG art. 15) or erase (art. 17) personal data starts with what the entrepreneur
can tell: a case number, their KvK number, phone number or e-mail address. ``zoek_dossier`` finds
every entrepreneur record and case that matches, and from those every conversation id and
address. ``rijen_van_dossier`` then names, per table, which rows belong to the dossier: the export
(``bot.privacy.inzage``) selects them and the erasure (``bot.privacy.wissen``) deletes them, so
both always cover the same rows. Rasa's tracker store and the mail sink's files are not tables of
the application database; their parts are in ``tracker_gesprekken`` and ``mails_van_dossier``.

A KvK number, phone number or e-mail address may match several records: one per channel the
entrepreneur used without linking them (``bot.zaken.service.zoek_of_maak_ondernemer``). They are
all shown, so the privacy officer sees who was found before exporting or erasing.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import false, func, inspect, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.cijfers.vragen_zonder_antwoord import VraagZonderAntwoord
from bot.integraties.openklant.models import ZaakExport
from bot.kanalen.boekhouding import KanaalVenster, KanaalVerwerkt
from bot.kern.identiteit import SCHEIDING
from bot.kern.telefoon import KANDIDAAT_IN_TEKST, telefoonnummer
from bot.kern.tempo import GesprekHerkomst, TempoTeller
from bot.kern.tracker import EVENTS
from bot.kern.velden import EMAIL_PATTERN, is_email
from bot.overname.models import Overname
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import (
    ZAAKNUMMER_PATTERN,
    AuditRegel,
    Belofte,
    Ondernemer,
    OndernemerKanaal,
    Verificatiecode,
    Zaak,
)

KVK = re.compile(r"^\d{8}$")


class OnbekendeZoekterm(ValueError):
    """The text is not a case number, KvK number, phone number or e-mail address."""


@dataclass(frozen=True)
class Zoekterm:
    soort: str  # zaaknummer, kvk, telefoon, email
    waarde: str  # normalised: ON-2026-00042, 12345678, +31612345678, lower-case address


@dataclass
class Dossier:
    zoekterm: Zoekterm
    ondernemers: list[Ondernemer] = field(default_factory=list)
    zaken: list[Zaak] = field(default_factory=list)
    # conversations that also belong to a case outside the dossier (retention of one old case): kept
    behoud_gesprekken: set[str] = field(default_factory=set)

    @property
    def leeg(self) -> bool:
        return not self.ondernemers and not self.zaken

    @property
    def gesprekken(self) -> set[str]:
        """Every conversation id: of the cases, and every channel identity of the entrepreneurs."""
        ids = {zaak.gesprek_id for zaak in self.zaken}
        ids |= {kanaal.kanaal_id for ondernemer in self.ondernemers for kanaal in ondernemer.kanalen}
        return ids - self.behoud_gesprekken

    @property
    def kanaal_eigen_ids(self) -> set[str]:
        """The channels' own ids (a WhatsApp wa_id): how the channel bookkeeping stores a conversation."""
        return {gesprek.partition(SCHEIDING)[2] for gesprek in self.gesprekken if SCHEIDING in gesprek}

    @property
    def adressen(self) -> set[str]:
        """Phone numbers and e-mail addresses on file: the outbox may have written to them."""
        waarden = {ondernemer.telefoon for ondernemer in self.ondernemers}
        waarden |= {ondernemer.email for ondernemer in self.ondernemers}
        return {waarde for waarde in waarden if waarde}

    @property
    def zaaknummers(self) -> set[str]:
        return {zaak.nummer for zaak in self.zaken}


def lees_zoekterm(tekst: str) -> Zoekterm:
    """What the privacy officer typed, recognised; ``OnbekendeZoekterm`` when it is none of the four."""
    tekst = tekst.strip()[:200]
    if ZAAKNUMMER_PATTERN.fullmatch(tekst):
        return Zoekterm("zaaknummer", tekst.upper())
    if KVK.match(tekst.replace(" ", "")):
        return Zoekterm("kvk", tekst.replace(" ", ""))
    if is_email(tekst):
        return Zoekterm("email", tekst.lower())
    nummer = telefoonnummer(tekst, bestaand=False)
    if nummer:
        return Zoekterm("telefoon", nummer)
    raise OnbekendeZoekterm(tekst)


def zoek_dossier(*, session: Session, zoekterm: Zoekterm) -> Dossier:
    """The entrepreneurs that match and all their cases; a case number also finds a case whose
    entrepreneur record is gone."""
    dossier = Dossier(zoekterm=zoekterm)
    zaken: list[Zaak] = []
    if zoekterm.soort == "zaaknummer":
        zaken = list(session.execute(select(Zaak).where(Zaak.nummer == zoekterm.waarde)).scalars())
        ondernemer_ids = {zaak.ondernemer_id for zaak in zaken if zaak.ondernemer_id is not None}
        voorwaarde = Ondernemer.id.in_(ondernemer_ids) if ondernemer_ids else false()
    else:
        voorwaarde = _ondernemer_voorwaarde(zoekterm)
    dossier.ondernemers = list(session.execute(select(Ondernemer).where(voorwaarde).order_by(Ondernemer.id)).scalars())
    ids = [ondernemer.id for ondernemer in dossier.ondernemers]
    van_ondernemers = session.execute(select(Zaak).where(Zaak.ondernemer_id.in_(ids))).scalars() if ids else []
    dossier.zaken = sorted({zaak.id: zaak for zaak in [*zaken, *van_ondernemers]}.values(), key=lambda zaak: zaak.id)
    return dossier


def dossier_van_zaak(*, session: Session, zaak: Zaak) -> Dossier:
    """One case alone, as retention erases it at the end of its period: with its entrepreneur only
    when they have no other case, and without a conversation another case also uses."""
    andere = session.execute(select(Zaak.ondernemer_id, Zaak.gesprek_id).where(
        Zaak.id != zaak.id, or_(Zaak.gesprek_id == zaak.gesprek_id,
                                Zaak.ondernemer_id == zaak.ondernemer_id if zaak.ondernemer_id else false()))).all()
    ondernemer = zaak.ondernemer
    alleen_deze = ondernemer is not None and all(rij.ondernemer_id != ondernemer.id for rij in andere)
    return Dossier(zoekterm=Zoekterm("zaaknummer", zaak.nummer), ondernemers=[ondernemer] if alleen_deze else [],
                   zaken=[zaak], behoud_gesprekken={rij.gesprek_id for rij in andere})


def _ondernemer_voorwaarde(zoekterm: Zoekterm) -> ColumnElement[bool]:
    if zoekterm.soort == "kvk":
        return Ondernemer.kvk_nummer == zoekterm.waarde
    if zoekterm.soort == "email":
        return func.lower(Ondernemer.email) == zoekterm.waarde
    return Ondernemer.telefoon == zoekterm.waarde


def rijen_van_dossier(dossier: Dossier) -> dict[type, ColumnElement[bool]]:
    """Per table of the application database (its model), which rows belong to the dossier.

    In the order an erasure deletes them: rows that point to a case or an entrepreneur come before
    the case and the entrepreneur. Audit rows of the dossier are those of its cases and those that
    name one of its entrepreneurs or conversations in their details (a new or changed record, a
    linked channel, a failed status check).
    """
    zaak_ids = [zaak.id for zaak in dossier.zaken]
    ondernemer_ids = [ondernemer.id for ondernemer in dossier.ondernemers]
    gesprekken, eigen_ids = sorted(dossier.gesprekken), sorted(dossier.kanaal_eigen_ids)
    ontvangers = [*gesprekken, *sorted(dossier.adressen)]
    return {
        AuditRegel: or_(
            AuditRegel.zaak_id.in_(zaak_ids),
            AuditRegel.details["ondernemer_id"].as_integer().in_(ondernemer_ids),
            AuditRegel.details["kanaal_id"].as_string().in_([*gesprekken, *eigen_ids]),
        ),
        UitgaandBericht: or_(UitgaandBericht.zaak_id.in_(zaak_ids), UitgaandBericht.ontvanger.in_(ontvangers)),
        Verificatiecode: or_(Verificatiecode.zaak_id.in_(zaak_ids), Verificatiecode.ondernemer_id.in_(ondernemer_ids)),
        Overname: or_(Overname.zaak_id.in_(zaak_ids), Overname.gesprek_id.in_(gesprekken)),
        ZaakExport: ZaakExport.zaak_id.in_(zaak_ids),
        Belofte: Belofte.zaak_id.in_(zaak_ids),
        KanaalVenster: KanaalVenster.kanaal_id.in_(eigen_ids),
        KanaalVerwerkt: KanaalVerwerkt.kanaal_id.in_(eigen_ids),
        TempoTeller: TempoTeller.sleutel.in_(gesprekken),
        GesprekHerkomst: GesprekHerkomst.gesprek_id.in_(gesprekken),
        VraagZonderAntwoord: VraagZonderAntwoord.gesprek_id.in_(gesprekken),
        Zaak: Zaak.id.in_(zaak_ids),
        OndernemerKanaal: OndernemerKanaal.ondernemer_id.in_(ondernemer_ids),
        Ondernemer: Ondernemer.id.in_(ondernemer_ids),
    }


def tracker_gesprekken(tracker: Engine, dossier: Dossier) -> list[dict[str, Any]]:
    """The dossier's events in Rasa's tracker store, oldest first (none when Rasa stored nothing yet)."""
    if not dossier.gesprekken or not inspect(tracker).has_table(EVENTS.name):
        return []
    with tracker.connect() as verbinding:
        rijen = verbinding.execute(
            select(EVENTS).where(EVENTS.c.sender_id.in_(sorted(dossier.gesprekken))).order_by(EVENTS.c.id)
        ).mappings().all()
    return [dict(rij) for rij in rijen]


def mails_van_dossier(mailmap: Path | None, dossier: Dossier) -> dict[Path, str]:
    """The mail sink's .eml files that name the dossier (one of its case numbers, e-mail addresses or
    phone numbers, in any common notation, in a header or the text), with their decoded text."""
    if mailmap is None or not mailmap.is_dir() or dossier.leeg:
        return {}
    zoek_in = _kenmerken(dossier)
    teksten = {pad: mailtekst(pad) for pad in sorted(mailmap.glob("*.eml"))}
    return {pad: tekst for pad, tekst in teksten.items() if _kenmerken_in(tekst) & zoek_in}


def _kenmerken(dossier: Dossier) -> set[str]:
    telefoons = {telefoonnummer(adres, bestaand=False) for adres in dossier.adressen if "@" not in adres}
    emails = {adres.lower() for adres in dossier.adressen if "@" in adres}
    return {*dossier.zaaknummers, *emails, *(telefoon for telefoon in telefoons if telefoon)}


def _kenmerken_in(tekst: str) -> set[str]:
    gevonden = {nummer.upper() for nummer in ZAAKNUMMER_PATTERN.findall(tekst)}
    gevonden |= {adres.lower() for adres in EMAIL_PATTERN.findall(tekst)}
    gevonden |= {nummer for nummer in _telefoons_in(tekst) if nummer}
    return gevonden


def _telefoons_in(tekst: str) -> Iterator[str | None]:
    for kandidaat in KANDIDAAT_IN_TEKST.findall(tekst):
        yield telefoonnummer(kandidaat, bestaand=False)


def mailtekst(pad: Path) -> str:
    """The headers and every text part, decoded (quoted-printable, base64)."""
    bericht = email.message_from_bytes(pad.read_bytes(), policy=email.policy.default)
    delen = [f"{naam}: {waarde}" for naam, waarde in bericht.items()]
    for deel in bericht.walk():
        if deel.get_content_maintype() == "text":
            delen.append(deel.get_content())
    return "\n".join(delen)
