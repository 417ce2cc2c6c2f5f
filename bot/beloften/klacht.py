"""A complaint about a case ("er heeft NIEMAND gebeld", "ik wil dat haar leidinggevende mij belt").

``behandel_klacht`` works on the SAME case (no new case number), in the caller's transaction:

* the open promise (if any) ends: ``te_laat`` when its deadline passed, else ``geannuleerd``
  (replaced after the complaint);
* someone above the medewerker who missed it is told through the existing escalation
  (``escalatie_van_zaak``: the team lead, or who ``boven_teamleiders`` puts above the lead): an
  e-mail in the outbox (soort ``escalatie``) with the entrepreneur's words;
* the case is marked urgent and gets a new promise with a named person (the urgent norm where
  config/servicenormen.yml has one): the medewerker, or the person above when the entrepreneur
  asked for the leidinggevende and that person can be reached;
* the audit trail gets ``klacht_ontvangen`` with what was done.

The words people use to ask for a manager are in config/klacht.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.beloften.berichten import belofte_zin, leesbaar_moment
from bot.beloften.escalatie import Escalatie
from bot.beloften.jobs import escalatie_van_zaak
from bot.beloften.normen import deadline_volgens_norm
from bot.beloften.service import open_belofte
from bot.kern.configuratie import Schema, Tekst, lees_configuratie
from bot.kern.invoer import begrens
from bot.kern.settings import PROJECT_ROOT
from bot.kern.teksten import tekst
from bot.kern.tijd import utc
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_email
from bot.zaken.models import AuditRegel, Belofte, BelofteActie, BelofteStatus, Zaak, ZaakStatus
from bot.zaken.service import maak_belofte, schrijf_audit

KLACHT_BESTAND = PROJECT_ROOT / "config" / "klacht.yml"
MAX_KLACHT_TEKENS = 1000  # the entrepreneur's words kept in the audit row and the e-mail


class KlachtInBestand(Schema):
    leidinggevende: tuple[Tekst, ...]


class KlachtBestand(Schema):
    klacht: KlachtInBestand


@cache
def leidinggevende_woorden(pad: Path = KLACHT_BESTAND) -> tuple[str, ...]:
    """The words of config/klacht.yml that ask for someone higher up, in lower case."""
    return tuple(woord.lower() for woord in lees_configuratie(pad, KlachtBestand).klacht.leidinggevende)


# A promise to call or mail that was not kept, in the entrepreneur's words (``belofte_niet_nagekomen``).
BELOFTE_NIET_NAGEKOMEN = re.compile(
    r"\b(?:zou|zouden|zal|beloofd|afgesproken)\b[^.?!]{0,50}?\b(?:bellen|terugbellen|terug bellen|mailen|contact|besluit|"
    r"beslissing|antwoord|reactie)\b[^?!]{0,60}?\b(?:niemand|niet|niks|niets|nooit)\b(?!\s+(?:\w+\s+)?worden\b)|"
    r"\b(?:niemand|nooit)\b[^.?!]{0,30}?\b(?:gebeld|teruggebeld|gemaild|reageert|gereageerd)\b",
    re.IGNORECASE,
)


def belofte_niet_nagekomen(tekst: str) -> bool:
    """The entrepreneur says a promise to call, mail or decide was not kept ("jullie zouden me dinsdag bellen
    maar ik heb niks gehoord", "zou binnen 8 weken besluit komen, niemand reageert"): a complaint, not a new
    request or a plain status question."""
    return BELOFTE_NIET_NAGEKOMEN.search(begrens(tekst)) is not None


def vraagt_leidinggevende(bericht: str, woorden: tuple[str, ...] | None = None) -> bool:
    """Whether the entrepreneur asks for a manager ("ik wil dat haar leidinggevende mij belt")."""
    tekst_ = f" {bericht.lower()} "
    return any(f" {woord} " in tekst_ or f" {woord}," in tekst_ or f" {woord}." in tekst_
               for woord in (woorden if woorden is not None else leidinggevende_woorden()))


def kies_zaak(zaken: list[Zaak], nummer: str | None = None) -> Zaak | None:
    """The case the complaint is about: the one with ``nummer``; else the newest case not yet afgerond."""
    if nummer:
        return next((z for z in zaken if z.nummer == nummer.strip().upper()), None)
    lopend = [z for z in zaken if z.status != ZaakStatus.AFGEROND]
    return max(lopend, key=lambda z: (z.aangemaakt_op, z.id)) if lopend else None


@dataclass(frozen=True)
class Klachtafhandeling:
    """What was done with a complaint on an existing case."""

    zaak: Zaak
    oud: Belofte | None  # the promise that was open, now te_laat or geannuleerd
    nieuwe: Belofte
    escalatie: Escalatie
    email: UitgaandBericht


def behandel_klacht(
    *, session: Session, zaak: Zaak, klacht: str, leidinggevende_gevraagd: bool, door: str, nu: datetime
) -> Klachtafhandeling:
    """Escalate, promise again with a named person on the same case, audit; caller's transaction."""
    nu = utc(nu)
    klacht = (klacht or "").strip()[:MAX_KLACHT_TEKENS]
    oud = open_belofte(zaak)
    verantwoordelijk = oud.medewerker if oud is not None else zaak.medewerker
    escalatie = escalatie_van_zaak(session=session, zaak=zaak, verantwoordelijk=verantwoordelijk, nu=nu)
    if oud is not None:
        _beeindig(session=session, belofte=oud, door=door, nu=nu)
    if zaak.status == ZaakStatus.AFGEROND:  # a complaint about a closed case opens it again
        zaak.status, zaak.afgerond_op = ZaakStatus.IN_BEHANDELING, None
    zaak.urgent = True
    zaak.bijgewerkt_op = nu

    wie = escalatie.kijkt_mee if leidinggevende_gevraagd and escalatie.kijkt_mee is not None else verantwoordelijk
    actie = oud.actie if oud is not None else _actie_zonder_belofte(zaak)
    deadline = deadline_volgens_norm(nu, actie=actie, medewerker=wie, urgent=True)
    nieuwe = maak_belofte(session=session, zaak=zaak, medewerker=wie, actie=actie, deadline=deadline,
                          zin=belofte_zin(medewerker=wie, actie=actie, deadline=deadline, zaaknummer=zaak.nummer),
                          door=door, moment=nu)
    volgnummer = _aantal_klachten(session=session, zaak=zaak) + 1
    email = plaats_email(
        session=session, sleutel=f"klacht-email:zaak:{zaak.id}:{volgnummer}", aan=escalatie.aan.email,
        onderwerp=tekst("email/klacht_onderwerp.txt", zaak=zaak),
        tekst=tekst("email/klacht.txt", escalatie=escalatie, zaak=zaak, medewerker=verantwoordelijk, oud=oud,
                    nieuwe=nieuwe, klacht=klacht, leidinggevende_gevraagd=leidinggevende_gevraagd,
                    moment=leesbaar_moment(oud.deadline, medewerker=oud.medewerker) if oud is not None else None)
        + "\n",
        cc=tuple(w.email for w in escalatie.cc), soort="escalatie", moment=nu,
    )
    schrijf_audit(
        session=session, wie=door, wat="klacht_ontvangen", zaak=zaak, moment=nu,
        details={"klacht": klacht, "leidinggevende_gevraagd": leidinggevende_gevraagd,
                 "oude_belofte_id": oud.id if oud is not None else None,
                 "oude_belofte_status": str(oud.status) if oud is not None else None,
                 "nieuwe_belofte_id": nieuwe.id, "nieuwe_medewerker": wie.sleutel,
                 "aan": escalatie.aan.email, "ontvanger": escalatie.aan.sleutel, "reden": escalatie.reden.value,
                 "kijkt_mee": escalatie.kijkt_mee.sleutel if escalatie.kijkt_mee else None, "email_id": email.id},
    )
    return Klachtafhandeling(zaak=zaak, oud=oud, nieuwe=nieuwe, escalatie=escalatie, email=email)


def klacht_zonder_zaak(*, session: Session, klacht: str, kanaal: str, door: str, nu: datetime) -> None:
    """No case to find: record that a complaint came in, on which channel.

    Not its words nor the conversation: this is before any consent, and the handoff that follows
    carries the words to a person once the entrepreneur agrees (the slot ``klacht``)."""
    schrijf_audit(session=session, wie=door, wat="klacht_zonder_zaak", moment=utc(nu),
                  details={"kanaal": kanaal, "tekens": len((klacht or "").strip())})


def _beeindig(*, session: Session, belofte: Belofte, door: str, nu: datetime) -> None:
    te_laat = nu >= belofte.deadline
    belofte.status = BelofteStatus.TE_LAAT if te_laat else BelofteStatus.GEANNULEERD
    belofte.bijgewerkt_op = nu
    if te_laat:
        belofte.escalaties_verstuurd += 1
        belofte.laatste_escalatie_op = nu
    schrijf_audit(session=session, wie=door, wat="belofte_te_laat" if te_laat else "belofte_geannuleerd",
                  belofte=belofte, moment=nu,
                  details={"deadline": belofte.deadline.isoformat(), "status": str(belofte.status),
                           "reden": "klacht van de ondernemer"})


def _actie_zonder_belofte(zaak: Zaak) -> str:
    telefoon = zaak.ondernemer.telefoon if zaak.ondernemer is not None else None
    return BelofteActie.TERUGBELLEN.value if telefoon or zaak.ondernemer is None else BelofteActie.MAILEN.value


def _aantal_klachten(*, session: Session, zaak: Zaak) -> int:
    return session.execute(
        select(func.count(AuditRegel.id)).where(AuditRegel.zaak_id == zaak.id, AuditRegel.wat == "klacht_ontvangen")
    ).scalar_one()
