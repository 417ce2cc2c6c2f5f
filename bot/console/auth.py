"""Accounts, passwords, API tokens, login sessions, login rate limiting and who may do what.

Functions take a session and never commit: the caller owns the transaction. Secrets are only
kept as hashes: passwords with argon2, API tokens and session ids with SHA-256 (they are long
random values, so a fast hash is enough and allows lookup by hash).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.accounts.models import ROLLEN, Account, ApiToken, ConsoleSessie, LoginPoging
from bot.kennisbank.service import haal_artikel
from bot.medewerkers.models import Medewerker
from bot.zaken.models import Zaak

SESSIE_COOKIE = "ingang_sessie"
MIN_WACHTWOORD_LENGTE = 12
SESSIE_DUUR = timedelta(hours=10)  # a working day, then log in again
SESSIE_INACTIEF = timedelta(hours=2)  # idle sessions end sooner
SESSIE_BIJWERKEN_NA = timedelta(minutes=1)  # write laatst_gezien_op at most once a minute
POGING_VENSTER = timedelta(minutes=15)
POGINGEN_BEWAREN = timedelta(days=30)  # for looking into incidents; then deleted
MAX_MISLUKT_PER_GEBRUIKER = 5
MAX_MISLUKT_PER_IP = 20  # higher: a town hall's staff share one address

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("geen-echt-wachtwoord-alleen-voor-gelijke-tijd")


class AccountFout(ValueError):
    """An account could not be made or changed; the message is Dutch and meant for people."""


@dataclass(frozen=True)
class Gebruiker:
    """Who makes a request: the account, its role and medewerker, and how they logged in."""

    account_id: int
    gebruikersnaam: str
    rol: str
    medewerker_id: int | None
    via: str  # "sessie" (cookie) or "token" (Authorization: Bearer)
    csrf_token: str | None = None

    @property
    def wie(self) -> str:
        """The name written in audit rows."""
        return f"console:{self.gebruikersnaam}"


# --- passwords and accounts ----------------------------------------------------------------------


def hash_wachtwoord(wachtwoord: str) -> str:
    return _hasher.hash(wachtwoord)


def wachtwoord_klopt(wachtwoord_hash: str, wachtwoord: str) -> bool:
    try:
        return _hasher.verify(wachtwoord_hash, wachtwoord)
    except (VerificationError, InvalidHashError):
        return False


def maak_account(
    *, session: Session, gebruikersnaam: str, wachtwoord: str, rol: str, medewerker: Medewerker | None, nu: datetime
) -> Account:
    gebruikersnaam = normaliseer(gebruikersnaam)
    if not gebruikersnaam:
        raise AccountFout("Vul een gebruikersnaam in.")
    if rol not in ROLLEN:
        raise AccountFout(f"Onbekende rol {rol!r}. Kies uit: {', '.join(ROLLEN)}.")
    if rol != "beheerder" and medewerker is None:
        raise AccountFout("Een account voor een medewerker of teamleider hoort bij een medewerker.")
    if len(wachtwoord) < MIN_WACHTWOORD_LENGTE:
        raise AccountFout(f"Het wachtwoord moet minstens {MIN_WACHTWOORD_LENGTE} tekens lang zijn.")
    if account_op_naam(session=session, gebruikersnaam=gebruikersnaam) is not None:
        raise AccountFout(f"De gebruikersnaam {gebruikersnaam!r} bestaat al.")
    if medewerker is not None and session.execute(
        select(Account.id).where(Account.medewerker_id == medewerker.id)
    ).first():
        raise AccountFout(f"Medewerker {medewerker.sleutel!r} heeft al een account.")
    account = Account(
        gebruikersnaam=gebruikersnaam, wachtwoord_hash=hash_wachtwoord(wachtwoord), rol=rol, medewerker=medewerker,
        actief=True, aangemaakt_op=nu, bijgewerkt_op=nu,
    )
    session.add(account)
    session.flush()
    return account


def zet_inactief(*, session: Session, account: Account, nu: datetime) -> None:
    """Switch an account off: its sessions end and its tokens are revoked."""
    account.actief = False
    account.bijgewerkt_op = nu
    for sessie in session.execute(select(ConsoleSessie).where(ConsoleSessie.account_id == account.id)).scalars():
        session.delete(sessie)
    session.execute(
        update(ApiToken)
        .where(ApiToken.account_id == account.id, ApiToken.ingetrokken_op.is_(None))
        .values(ingetrokken_op=nu)
        .execution_options(synchronize_session=False)
    )


def normaliseer(gebruikersnaam: str) -> str:
    return gebruikersnaam.strip().lower()


def account_op_naam(*, session: Session, gebruikersnaam: str) -> Account | None:
    return session.execute(
        select(Account).where(Account.gebruikersnaam == normaliseer(gebruikersnaam))
    ).scalar_one_or_none()


# --- logging in, with rate limiting --------------------------------------------------------------


def te_veel_pogingen(*, session: Session, gebruikersnaam: str, ip: str, nu: datetime) -> bool:
    """True when this username or this IP address failed too often in the last 15 minutes."""
    sinds = nu - POGING_VENSTER
    per_naam = session.execute(
        select(func.count(LoginPoging.id)).where(
            LoginPoging.gebruikersnaam == normaliseer(gebruikersnaam), LoginPoging.gelukt.is_(False),
            LoginPoging.moment > sinds,
        )
    ).scalar_one()
    per_ip = session.execute(
        select(func.count(LoginPoging.id)).where(
            LoginPoging.ip == ip, LoginPoging.gelukt.is_(False), LoginPoging.moment > sinds
        )
    ).scalar_one()
    return per_naam >= MAX_MISLUKT_PER_GEBRUIKER or per_ip >= MAX_MISLUKT_PER_IP


def probeer_in_te_loggen(
    *, session: Session, gebruikersnaam: str, wachtwoord: str, ip: str, nu: datetime
) -> Account | None:
    """The account when the password is right and the account active; every attempt is recorded.

    Call ``te_veel_pogingen`` first: a blocked attempt must not even check the password.
    """
    account = account_op_naam(session=session, gebruikersnaam=gebruikersnaam)
    if account is None:
        wachtwoord_klopt(_DUMMY_HASH, wachtwoord)
        gelukt = False
    else:
        gelukt = wachtwoord_klopt(account.wachtwoord_hash, wachtwoord) and bool(account.actief)
    session.add(LoginPoging(gebruikersnaam=normaliseer(gebruikersnaam)[:200], ip=ip[:64], moment=nu, gelukt=gelukt))
    ruim_op(session=session, nu=nu)
    return account if gelukt else None


def ruim_op(*, session: Session, nu: datetime) -> None:
    """Delete old login attempts and expired sessions (run at every login, so no extra job is needed)."""
    session.execute(delete(LoginPoging).where(LoginPoging.moment < nu - POGINGEN_BEWAREN)
                    .execution_options(synchronize_session=False))
    session.execute(delete(ConsoleSessie).where(ConsoleSessie.verloopt_op < nu)
                    .execution_options(synchronize_session=False))
    session.flush()


# --- sessions ------------------------------------------------------------------------------------


def sha256(waarde: str) -> str:
    return hashlib.sha256(waarde.encode("utf-8")).hexdigest()


def start_sessie(*, session: Session, account: Account, nu: datetime) -> tuple[str, ConsoleSessie]:
    """A new session: returns the random id for the cookie (never stored) and the row."""
    sessie_id = secrets.token_urlsafe(32)
    sessie = ConsoleSessie(
        sessie_hash=sha256(sessie_id), account_id=account.id, csrf_token=secrets.token_urlsafe(32),
        aangemaakt_op=nu, verloopt_op=nu + SESSIE_DUUR, laatst_gezien_op=nu,
    )
    session.add(sessie)
    session.flush()
    return sessie_id, sessie


def gebruiker_van_sessie(*, session: Session, sessie_id: str, nu: datetime) -> Gebruiker | None:
    """The user of a valid, unexpired session of an active account; refreshes laatst_gezien_op."""
    sessie = session.execute(
        select(ConsoleSessie).where(ConsoleSessie.sessie_hash == sha256(sessie_id))
    ).scalar_one_or_none()
    if sessie is None:
        return None
    if sessie.verloopt_op <= nu or sessie.laatst_gezien_op + SESSIE_INACTIEF <= nu or not sessie.account.actief:
        session.delete(sessie)
        return None
    if nu - sessie.laatst_gezien_op >= SESSIE_BIJWERKEN_NA:
        sessie.laatst_gezien_op = nu
    account = sessie.account
    return Gebruiker(account_id=account.id, gebruikersnaam=account.gebruikersnaam, rol=account.rol,
                     medewerker_id=account.medewerker_id, via="sessie", csrf_token=sessie.csrf_token)


def beeindig_sessie(*, session: Session, sessie_id: str) -> None:
    sessie = session.execute(
        select(ConsoleSessie).where(ConsoleSessie.sessie_hash == sha256(sessie_id))
    ).scalar_one_or_none()
    if sessie is not None:
        session.delete(sessie)


def csrf_klopt(verwacht: str | None, gegeven: str | None) -> bool:
    return bool(verwacht) and bool(gegeven) and hmac.compare_digest(verwacht.encode(), gegeven.encode())


# --- API tokens ----------------------------------------------------------------------------------


def maak_token(*, session: Session, account: Account, naam: str, nu: datetime) -> str:
    """A new API token for ``account``; returns the token itself, which is shown only this once."""
    if not naam.strip():
        raise AccountFout("Geef het token een naam, bijvoorbeeld de koppeling die het gebruikt.")
    token = "ing_" + secrets.token_urlsafe(32)
    session.add(ApiToken(account_id=account.id, naam=naam.strip(), token_hash=sha256(token), aangemaakt_op=nu))
    session.flush()
    return token


def gebruiker_van_token(*, session: Session, token: str) -> Gebruiker | None:
    rij = session.execute(
        select(ApiToken).where(ApiToken.token_hash == sha256(token), ApiToken.ingetrokken_op.is_(None))
    ).scalar_one_or_none()
    if rij is None or not rij.account.actief:
        return None
    account = rij.account
    return Gebruiker(account_id=account.id, gebruikersnaam=account.gebruikersnaam, rol=account.rol,
                     medewerker_id=account.medewerker_id, via="token")


# --- who may see and change which case -----------------------------------------------------------


def teams_van_zaak(*, session: Session, zaak: Zaak) -> set[str]:
    """The case's team: that of its first subject in the kennisbank, else the medewerker's main team."""
    artikel = haal_artikel(session=session, artikel_id=zaak.onderwerpen[0]) if zaak.onderwerpen else None
    if artikel is not None and artikel.team:
        return {artikel.team}
    return set(zaak.medewerker.teams[:1])


def mag_wijzigen(*, session: Session, gebruiker: Gebruiker, zaak: Zaak) -> bool:
    """medewerker: own cases; teamleider: own cases and those of the teams they lead; beheerder: all."""
    if gebruiker.rol == "beheerder":
        return True
    if gebruiker.medewerker_id is not None and zaak.medewerker_id == gebruiker.medewerker_id:
        return True
    if gebruiker.rol == "teamleider":
        return bool(teams_van_zaak(session=session, zaak=zaak) & _leidt_teams(session=session, gebruiker=gebruiker))
    return False


def mag_zien(*, session: Session, gebruiker: Gebruiker, zaak: Zaak) -> bool:
    """Reading goes one step wider than changing: every member sees the cases of their own teams."""
    if mag_wijzigen(session=session, gebruiker=gebruiker, zaak=zaak):
        return True
    return bool(teams_van_zaak(session=session, zaak=zaak) & eigen_teams(session=session, gebruiker=gebruiker))


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
