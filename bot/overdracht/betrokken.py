"""A case that spans teams: one coordinator, and one person of every other team informed.

The coordinator is the medewerker of the case (``kies_medewerker`` in routing.py: the team of the
first subject). For every other team among the case's subjects, the same ``kies_medewerker``
picks one person of that team, with that team's subjects (no one available: the team lead). A
team the coordinator works in or leads needs no one else. Each informed person gets an e-mail
through the outbox (``teksten/email/betrokken.txt``) and the case an audit row
``collega_geinformeerd``, in the caller's transaction. The console reads those rows back
(``betrokkenen_van_zaak``).

The e-mail names the case, the subjects of the person's team, the coordinator and the
entrepreneur's question, with the entrepreneur's name, company, KvK number, phone numbers and
e-mail addresses masked: the coordinator is the entrepreneur's one contact.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.kern.teksten import tekst
from bot.kern.telefoon import KANDIDAAT_IN_TEKST, telefoonnummer
from bot.kern.velden import EMAIL_PATTERN
from bot.medewerkers.directory import medewerker_op_sleutel
from bot.medewerkers.models import Medewerker
from bot.overdracht.routing import kies_medewerker
from bot.uitgaand.service import plaats_email
from bot.zaken.models import AuditRegel, Ondernemer, Zaak
from bot.zaken.service import schrijf_audit

logger = logging.getLogger(__name__)

GEINFORMEERD = "collega_geinformeerd"  # the audit row's ``wat``
SOORT = "betrokken"  # the outbox row's ``soort``


@dataclass(frozen=True)
class Betrokkene:
    """One person of another team who was informed of a case."""

    medewerker: Medewerker
    team: str
    onderwerpen: tuple[str, ...]  # the case's subjects of that team


def andere_teams(onderwerpen: Iterable[str], teams: dict[str, str], coordinator: Medewerker) -> dict[str, list[str]]:
    """Team -> its subjects among ``onderwerpen`` (in order), for every team the coordinator is not in."""
    eigen = set(coordinator.teams) | set(coordinator.leidt_teams)
    per_team: dict[str, list[str]] = {}
    for onderwerp in onderwerpen:
        team = teams.get(onderwerp)
        if team and team not in eigen:
            per_team.setdefault(team, []).append(onderwerp)
    return per_team


def informeer_andere_teams(
    *,
    session: Session,
    zaak: Zaak,
    coordinator: Medewerker,
    teams: dict[str, str],
    titels: dict[str, str],
    moment: datetime,
) -> list[Betrokkene]:
    """Pick, e-mail and record one person of every other team of ``zaak`` (caller's transaction).

    ``teams`` and ``titels`` map every subject id to its team and title. A team without anyone
    to pick (no one available and no lead) is logged and skipped: the case itself stands.
    """
    ondernemer = zaak.ondernemer
    betrokken: list[Betrokkene] = []
    for team, onderwerpen in andere_teams(zaak.onderwerpen, teams, coordinator).items():
        try:
            wie = kies_medewerker(
                session=session, onderwerp_ids=onderwerpen, teams_per_onderwerp=teams,
                sector=ondernemer.sector if ondernemer else None, gebied=ondernemer.gebied if ondernemer else None,
                moment=moment,
            )
        except LookupError:
            logger.warning("zaak %s: no one of team %s to inform", zaak.nummer, team)
            continue
        if wie.id == coordinator.id or any(b.medewerker.id == wie.id for b in betrokken):
            continue
        bericht = plaats_email(
            session=session, sleutel=f"betrokken:zaak:{zaak.id}:{wie.sleutel}", aan=wie.email,
            onderwerp=tekst("email/betrokken_onderwerp.txt", zaak=zaak),
            tekst=tekst("email/betrokken.txt", ontvanger=wie, zaak=zaak, coordinator=coordinator,
                        onderwerpen=[titels.get(o, o) for o in onderwerpen],
                        hoofdonderwerp=titels.get(zaak.onderwerpen[0], zaak.onderwerpen[0]),
                        vraag=zonder_contactgegevens(zaak.wat or zaak.samenvatting, ondernemer)) + "\n",
            soort=SOORT, moment=moment,
        )
        schrijf_audit(
            session=session, wie="assistent", wat=GEINFORMEERD, zaak=zaak, moment=moment,
            details={"medewerker": wie.sleutel, "team": team, "onderwerpen": onderwerpen, "aan": wie.email,
                     "coordinator": coordinator.sleutel, "bericht_id": bericht.id},
        )
        betrokken.append(Betrokkene(medewerker=wie, team=team, onderwerpen=tuple(onderwerpen)))
    return betrokken


def betrokkenen_van_zaak(*, session: Session, zaak: Zaak) -> list[Betrokkene]:
    """Who of other teams was informed of ``zaak``, in the order they were (from the audit rows)."""
    regels = session.execute(
        select(AuditRegel).where(AuditRegel.zaak_id == zaak.id, AuditRegel.wat == GEINFORMEERD)
        .order_by(AuditRegel.op, AuditRegel.id)
    ).scalars()
    betrokken: list[Betrokkene] = []
    for regel in regels:
        details = regel.details or {}
        wie = medewerker_op_sleutel(session=session, sleutel=details.get("medewerker", ""))
        if wie is not None and all(b.medewerker.id != wie.id for b in betrokken):
            betrokken.append(Betrokkene(medewerker=wie, team=details.get("team", ""),
                                        onderwerpen=tuple(details.get("onderwerpen", ()))))
    return betrokken


def zonder_contactgegevens(vraag: str, ondernemer: Ondernemer | None) -> str:
    """The question with the entrepreneur's known details, phone numbers and e-mail addresses masked."""
    vraag = EMAIL_PATTERN.sub("[e-mailadres]", vraag)
    vraag = KANDIDAAT_IN_TEKST.sub(
        lambda kandidaat: "[telefoonnummer]" if telefoonnummer(kandidaat.group(0)) else kandidaat.group(0), vraag)
    if ondernemer is not None:
        for waarde, label in ((ondernemer.contactnaam, "[naam]"), (ondernemer.bedrijfsnaam, "[bedrijf]"),
                              (ondernemer.kvk_nummer, "[KvK-nummer]")):
            if waarde and waarde.strip():
                vraag = re.sub(re.escape(waarde.strip()), label, vraag, flags=re.IGNORECASE)
    return vraag
