"""Who may see and change what in the console: cases, promises, accounts and the kennisbank.

medewerker: changes their own cases and reads those of their teams; teamleider: also changes
the cases of the teams they lead, and edits the kennisbank but not an article's team; beheerder:
everything, including accounts; privacy: the privacy officer, who handles requests to see or erase
an entrepreneur's data and sees no case otherwise. A case's team is the one stored when it was made. The
``moet_``/``te_`` functions raise ``NietGevonden`` (no hint that the case exists) or
``GeenToegang`` with a Dutch message; the ``mag_`` functions answer yes or no.
"""

from __future__ import annotations

from sqlalchemy import or_, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.accounts.models import Rol
from bot.console.auth import Gebruiker
from bot.console.fouten import GeenToegang, NietGevonden
from bot.console.web import fout_tekst
from bot.medewerkers.models import Medewerker
from bot.zaken.models import Belofte, Zaak
from bot.zaken.service import zaak_op_nummer

KENNISBANK_BEWERKERS = (Rol.TEAMLEIDER, Rol.BEHEERDER)
PRIVACY_BEHANDELAARS = (Rol.BEHEERDER, Rol.PRIVACY)
GEEN_TOEGANG_KENNISBANK = "geen_kennisbank"  # keys of templates/namen.html FOUTEN
GEEN_TOEGANG_TEAM = "geen_team_wijzigen"


# --- the team of a case --------------------------------------------------------------------------


def teams_van_zaak(zaak: Zaak) -> set[str]:
    """The case's team, as stored when the case was made (``bot.zaken.service.maak_zaak``).

    Never read from the article now: whoever moves an article to another team does not take its
    existing cases (and their personal data) along.
    """
    return {zaak.team} if zaak.team else set()


def eigen_teams(*, session: Session, gebruiker: Gebruiker) -> set[str]:
    medewerker = _medewerker(session=session, gebruiker=gebruiker)
    if medewerker is None:
        return set()
    return set(medewerker.teams) | set(medewerker.leidt_teams)


def _leidt_teams(*, session: Session, gebruiker: Gebruiker) -> set[str]:
    medewerker = _medewerker(session=session, gebruiker=gebruiker)
    return set(medewerker.leidt_teams) if medewerker is not None else set()


def _medewerker(*, session: Session, gebruiker: Gebruiker) -> Medewerker | None:
    return session.get(Medewerker, gebruiker.medewerker_id) if gebruiker.medewerker_id is not None else None


# --- cases and promises --------------------------------------------------------------------------


def mag_wijzigen(*, session: Session, gebruiker: Gebruiker, zaak: Zaak) -> bool:
    """medewerker: own cases; teamleider: own cases and those of the teams they lead; beheerder: all."""
    if gebruiker.rol == Rol.BEHEERDER:
        return True
    if gebruiker.medewerker_id is not None and zaak.medewerker_id == gebruiker.medewerker_id:
        return True
    if gebruiker.rol == Rol.TEAMLEIDER:
        return bool(teams_van_zaak(zaak) & _leidt_teams(session=session, gebruiker=gebruiker))
    return False


def mag_zien(*, session: Session, gebruiker: Gebruiker, zaak: Zaak) -> bool:
    """Reading goes one step wider than changing: every member sees the cases of their own teams."""
    if mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak):
        return True
    return bool(teams_van_zaak(zaak) & eigen_teams(session=session, gebruiker=gebruiker))


def zichtbaar_voor(*, session: Session, gebruiker: Gebruiker) -> ColumnElement[bool]:
    """``mag_zien`` as an SQL condition on ``Zaak``, for searches and lists that page in the database."""
    if gebruiker.rol == Rol.BEHEERDER:
        return true()
    return or_(Zaak.medewerker_id == (gebruiker.medewerker_id or -1),
               Zaak.team.in_(sorted(eigen_teams(session=session, gebruiker=gebruiker))))


def wijzigbaar_voor(*, session: Session, gebruiker: Gebruiker) -> ColumnElement[bool]:
    """``mag_wijzigen`` as an SQL condition on ``Zaak``: who may also see the contact details."""
    if gebruiker.rol == Rol.BEHEERDER:
        return true()
    eigen = Zaak.medewerker_id == (gebruiker.medewerker_id or -1)
    if gebruiker.rol == Rol.TEAMLEIDER:
        return or_(eigen, Zaak.team.in_(sorted(_leidt_teams(session=session, gebruiker=gebruiker))))
    return eigen


def zichtbare_zaak(*, session: Session, gebruiker: Gebruiker, nummer: str) -> Zaak:
    """The case, when this user may see it; otherwise 404 (no hint that it exists)."""
    zaak = zaak_op_nummer(session=session, nummer=nummer)
    if zaak is None or not mag_zien(session=session, gebruiker=gebruiker, zaak=zaak):
        raise NietGevonden(fout_tekst("zaak_niet_gevonden", nummer=nummer))
    return zaak


def te_wijzigen_zaak(*, session: Session, gebruiker: Gebruiker, nummer: str) -> Zaak:
    zaak = zichtbare_zaak(session=session, gebruiker=gebruiker, nummer=nummer)
    moet_mogen_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak)
    return zaak


def te_wijzigen_belofte(*, session: Session, gebruiker: Gebruiker, belofte_id: int) -> Belofte:
    belofte = session.get(Belofte, belofte_id)
    if belofte is None or not mag_zien(session=session, gebruiker=gebruiker, zaak=belofte.zaak):
        raise NietGevonden(fout_tekst("belofte_niet_gevonden", id=belofte_id))
    moet_mogen_wijzigen(session=session, gebruiker=gebruiker, zaak=belofte.zaak)
    return belofte


def moet_mogen_wijzigen(*, session: Session, gebruiker: Gebruiker, zaak: Zaak) -> None:
    if not mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak):
        raise GeenToegang(fout_tekst("zaak_niet_wijzigen", nummer=zaak.nummer))


def eigen_medewerker(*, session: Session, gebruiker: Gebruiker) -> Medewerker:
    """The user's own medewerker: the entrepreneur sees that name when a conversation is taken over."""
    if gebruiker.medewerker_id is None:
        raise GeenToegang(fout_tekst("geen_medewerker"))
    return session.get(Medewerker, gebruiker.medewerker_id)


# --- the team's waiting live chats (bot/overname/wachtrij.py) ----------------------------------------

GEEN_MEDEWERKER = "geen_medewerker"  # keys of templates/namen.html CHAT_REDENEN
ANDER_TEAM = "ander_team"


def mag_chat_doorzetten(*, session: Session, gebruiker: Gebruiker, zaak: Zaak) -> bool:
    """Who may change the case (its medewerker, the teamleider of its team, a beheerder) or is a
    member of the case's team: the waiting chat is the team's, not only the case medewerker's."""
    return mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak) or bool(
        teams_van_zaak(zaak) & eigen_teams(session=session, gebruiker=gebruiker))


def reden_geen_chat(*, session: Session, gebruiker: Gebruiker, zaak: Zaak, oppakken: bool = True) -> str | None:
    """Why this user may not claim (``oppakken``) or pass on the case's waiting chat: a key of
    templates/namen.html CHAT_REDENEN; None when they may. Claiming needs the user's own medewerker,
    because the entrepreneur sees that name."""
    if not mag_chat_doorzetten(session=session, gebruiker=gebruiker, zaak=zaak):
        return ANDER_TEAM
    if oppakken and gebruiker.medewerker_id is None:
        return GEEN_MEDEWERKER
    return None


def mag_ingrijpen(gebruiker: Gebruiker) -> bool:
    """Step into or release a colleague's takeover: a teamleider or beheerder (who may change the case)."""
    return gebruiker.rol in (Rol.TEAMLEIDER, Rol.BEHEERDER)


def moet_mogen_ingrijpen(gebruiker: Gebruiker) -> None:
    if not mag_ingrijpen(gebruiker):
        raise GeenToegang(fout_tekst("niet_ingrijpen"))


# --- accounts and the kennisbank -----------------------------------------------------------------


def moet_beheerder_zijn(gebruiker: Gebruiker) -> None:
    if gebruiker.rol != Rol.BEHEERDER:
        raise GeenToegang(fout_tekst("geen_beheerder"))


def mag_privacyverzoeken_behandelen(gebruiker: Gebruiker) -> bool:
    """Finding, exporting and erasing an entrepreneur's data: the privacy officer and beheerders."""
    return gebruiker.rol in PRIVACY_BEHANDELAARS


def moet_privacyverzoeken_behandelen(gebruiker: Gebruiker) -> None:
    if not mag_privacyverzoeken_behandelen(gebruiker):
        raise GeenToegang(fout_tekst("geen_privacy"))


def mag_kennisbank_bewerken(gebruiker: Gebruiker) -> bool:
    """Editing, adding and "gecontroleerd, klopt nog" are for teamleiders and beheerders."""
    return gebruiker.rol in KENNISBANK_BEWERKERS


def mag_team_van_artikel_wijzigen(gebruiker: Gebruiker) -> bool:
    """Only a beheerder moves an existing article to another team: the team decides who gets its new cases."""
    return gebruiker.rol == Rol.BEHEERDER
