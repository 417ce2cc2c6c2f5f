"""Who receives a handed-off case: exactly one named medewerker."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.kern.tijd import lokale_datum
from bot.kern.werktijden import Werktijden, is_werkdag
from bot.medewerkers.directory import actieve_medewerkers, medewerker_op_sleutel, teamleider_van
from bot.medewerkers.models import Medewerker, afwezigheden_van, werktijden_van
from bot.zaken.service import open_zaken_per_medewerker


def kies_medewerker(
    *,
    session: Session,
    onderwerp_ids: list[str],
    teams_per_onderwerp: dict[str, str],
    sector: str | None,
    gebied: str | None,
    moment: datetime,
    gewenst: str | None = None,
    coordinerend_team: str | None = None,
) -> Medewerker:
    """The one medewerker responsible for a new case on ``onderwerp_ids`` handed off at ``moment``.

    1. The team is the team of the first subject (from ``teams_per_onderwerp``).
    2. Candidates are the team's active medewerkers who work today (the local date of
       ``moment``): one of their working days, not a public holiday, not absent. When no one
       works today, those who work on the next working day (the next Monday to Friday that is
       not a public holiday).
    3. Among the candidates, in this order of importance:
       a. the most of the case's subjects in their expertise;
       b. the company's ``sector`` among their sectors (when known);
       c. the company's ``gebied`` among their areas (when known);
       d. the fewest open cases (any status but ``afgerond``);
       e. name, then id, so that the choice is always the same.
    4. No candidate at all: the team lead, whether or not they work today.

    Before all of this: the medewerker the entrepreneur asked for by name (``gewenst``, their
    sleutel), when they can take the case: active, working today or on the next working day, and
    in a team of one of the case's subjects or in the coordinating team (``coordinerend_team``,
    the team of the Ondernemersloket: its accountmanagers take any question). Otherwise the
    rules above decide, and the caller tells the entrepreneur why (``kan_zaak_nemen``).


    Raises ValueError without subjects or with a subject without a team, and LookupError
    when the team has neither an available medewerker nor a lead.
    """
    team = _team_van_zaak(onderwerp_ids, teams_per_onderwerp)
    vandaag = lokale_datum(moment)
    gevraagd = _gevraagd_en_beschikbaar(session=session, sleutel=gewenst, vandaag=vandaag)
    teams_van_zaak = {teams_per_onderwerp[o] for o in onderwerp_ids if o in teams_per_onderwerp} | {coordinerend_team}
    if gevraagd is not None and kan_zaak_nemen(gevraagd, teams_van_zaak):
        return gevraagd
    leden = actieve_medewerkers(session=session, team=team)
    kandidaten = _beschikbaar_op(leden, vandaag) or _beschikbaar_op(leden, _volgende_werkdag(vandaag))
    if not kandidaten:
        return _teamleider(session=session, team=team)
    open_zaken = open_zaken_per_medewerker(session=session)
    sector = _normaal(sector)
    gebied = _normaal(gebied)

    def volgorde(medewerker: Medewerker) -> tuple:
        return (
            -_aantal_bekende_onderwerpen(medewerker, onderwerp_ids),
            sector is None or sector not in medewerker.expertise_sectoren,
            gebied is None or gebied not in medewerker.gebieden,
            open_zaken.get(medewerker.id, 0),
            medewerker.naam,
            medewerker.id,
        )

    return min(kandidaten, key=volgorde)


def kan_zaak_nemen(medewerker: Medewerker, teams_van_zaak: set[str | None]) -> bool:
    """The medewerker works in one of the case's teams (or the coordinating team)."""
    return bool(set(medewerker.teams) & teams_van_zaak)


def werkt_op(medewerker: Medewerker, dag: date) -> bool:
    """Whether the medewerker works on ``dag``: working day, no public holiday, not absent."""
    return is_werkdag(dag, werktijden_van(medewerker), afwezigheden_van(medewerker))


def _gevraagd_en_beschikbaar(*, session: Session, sleutel: str | None, vandaag: date) -> Medewerker | None:
    if not sleutel:
        return None
    medewerker = medewerker_op_sleutel(session=session, sleutel=sleutel)
    if medewerker is None or not medewerker.actief:
        return None
    beschikbaar = _beschikbaar_op([medewerker], vandaag) or _beschikbaar_op([medewerker], _volgende_werkdag(vandaag))
    return beschikbaar[0] if beschikbaar else None


def _team_van_zaak(onderwerp_ids: list[str], teams_per_onderwerp: dict[str, str]) -> str:
    if not onderwerp_ids:
        raise ValueError("a case needs at least one subject id to choose a medewerker")
    team = teams_per_onderwerp.get(onderwerp_ids[0])
    if team is None:
        raise ValueError(f"subject {onderwerp_ids[0]!r} has no team in teams_per_onderwerp")
    return team


def _beschikbaar_op(medewerkers: list[Medewerker], dag: date) -> list[Medewerker]:
    return [medewerker for medewerker in medewerkers if werkt_op(medewerker, dag)]


def _volgende_werkdag(dag: date) -> date:
    """The next Monday to Friday after ``dag`` that is not a public holiday."""
    kantoor = Werktijden.standaard()
    volgende = dag + timedelta(days=1)
    while not is_werkdag(volgende, kantoor):
        volgende += timedelta(days=1)
    return volgende


def _teamleider(*, session: Session, team: str) -> Medewerker:
    leider = teamleider_van(session=session, team=team)
    if leider is None:
        raise LookupError(f"team {team!r} has no available medewerker and no team lead")
    return leider


def _aantal_bekende_onderwerpen(medewerker: Medewerker, onderwerp_ids: list[str]) -> int:
    return len(set(onderwerp_ids) & set(medewerker.expertise_onderwerpen))


def _normaal(waarde: str | None) -> str | None:
    """Sectors and areas are stored trimmed and in lower case; compare them the same way."""
    return waarde.strip().lower() if waarde and waarde.strip() else None
