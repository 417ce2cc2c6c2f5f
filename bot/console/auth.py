"""Who makes a request: logging in with rate limiting, login sessions, CSRF, and API tokens.

Functions take a session and never commit: the caller owns the transaction. Making accounts
and tokens is bot/accounts/service.py; who may see and change what is bot/console/rechten.py.
Session ids are kept only as their SHA-256 hash.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.accounts.models import Account, ConsoleSessie, LoginPoging
from bot.accounts.service import account_op_naam, geldig_token, hash_wachtwoord, normaliseer, sha256, wachtwoord_klopt

SESSIE_COOKIE = "ingang_sessie"
SESSIE_DUUR = timedelta(hours=10)  # a working day, then log in again
SESSIE_INACTIEF = timedelta(hours=2)  # idle sessions end sooner
SESSIE_BIJWERKEN_NA = timedelta(minutes=1)  # write laatst_gezien_op at most once a minute
POGING_VENSTER = timedelta(minutes=15)
POGINGEN_BEWAREN = timedelta(days=30)  # for looking into incidents; then deleted
MAX_MISLUKT_PER_GEBRUIKER = 5
MAX_MISLUKT_PER_IP = 20  # higher: a town hall's staff share one address

# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = hash_wachtwoord("geen-echt-wachtwoord-alleen-voor-gelijke-tijd")


@dataclass(frozen=True)
class Gebruiker:
    """Who makes a request: the account, its role and medewerker, and how they logged in."""

    account_id: int
    gebruikersnaam: str
    rol: str
    medewerker_id: int | None
    via: str  # "sessie" (cookie) or "token" (Authorization: Bearer)
    csrf_token: str | None = None
    wachtwoord_tijdelijk: bool = False  # logged in with a password a beheerder gave: replace it first

    @property
    def wie(self) -> str:
        """The name written in audit rows."""
        return f"console:{self.gebruikersnaam}"

    @classmethod
    def van(cls, account: Account, *, via: str, csrf_token: str | None = None) -> Gebruiker:
        return cls(account_id=account.id, gebruikersnaam=account.gebruikersnaam, rol=account.rol,
                   medewerker_id=account.medewerker_id, via=via, csrf_token=csrf_token,
                   wachtwoord_tijdelijk=bool(account.wachtwoord_tijdelijk))


# --- logging in, with rate limiting --------------------------------------------------------------
#
# Two transactions per attempt, so that the limit holds for attempts sent at the same moment, to any
# number of console processes, on PostgreSQL as on SQLite:
#   1. ``noteer_poging`` records the attempt as failed, and the caller commits that at once;
#   2. ``binnen_limiet`` then counts the failed attempts of this user name and of this IP address,
#      its own included, and only an attempt within the limit has its password checked
#      (``probeer_in_te_loggen``, which records the outcome).
# Why this holds: of the attempts let through, the k-th to count saw its own row and those of the
# k-1 let through before it (each committed before it counted), so it counted at least k: no more
# than the limit get through. Counting before recording, as before, let 40 parallel attempts through.
# Changing a password checks the current one the same way (bot/console/wachtwoord.py).


def noteer_poging(*, session: Session, gebruikersnaam: str, ip: str, nu: datetime) -> int:
    """Step 1: record an attempt as failed before anything is checked; commit it before step 2."""
    poging = LoginPoging(gebruikersnaam=normaliseer(gebruikersnaam)[:200], ip=ip[:64], moment=nu, gelukt=False)
    session.add(poging)
    session.flush()
    return poging.id


def binnen_limiet(*, session: Session, poging_id: int, nu: datetime) -> bool:
    """Step 2: whether the attempt ``poging_id`` may check its password.

    Not when its user name has more than 5 failed attempts in the last 15 minutes, or its IP
    address more than 20, this one included. A refused attempt is deleted: it checked nothing,
    and keeping it would make the wait longer with every refused try.
    """
    poging = session.get(LoginPoging, poging_id)
    sinds = nu - POGING_VENSTER
    mislukt = select(func.count(LoginPoging.id)).where(LoginPoging.gelukt.is_(False), LoginPoging.moment > sinds)
    per_naam = session.execute(mislukt.where(LoginPoging.gebruikersnaam == poging.gebruikersnaam)).scalar_one()
    per_ip = session.execute(mislukt.where(LoginPoging.ip == poging.ip)).scalar_one()
    if per_naam > MAX_MISLUKT_PER_GEBRUIKER or per_ip > MAX_MISLUKT_PER_IP:
        session.delete(poging)
        return False
    return True


def probeer_in_te_loggen(*, session: Session, poging_id: int, wachtwoord: str, nu: datetime) -> Account | None:
    """Step 3, after ``binnen_limiet`` said yes: the account when the password is right and the account
    active; records the outcome on the attempt."""
    poging = session.get(LoginPoging, poging_id)
    account = account_op_naam(session=session, gebruikersnaam=poging.gebruikersnaam)
    if account is None:
        wachtwoord_klopt(_DUMMY_HASH, wachtwoord)
        poging.gelukt = False
    else:
        poging.gelukt = wachtwoord_klopt(account.wachtwoord_hash, wachtwoord) and bool(account.actief)
    ruim_op(session=session, nu=nu)
    return account if poging.gelukt else None


def ruim_op(*, session: Session, nu: datetime) -> None:
    """Delete old login attempts and expired sessions (run at every login, so no extra job is needed)."""
    session.execute(delete(LoginPoging).where(LoginPoging.moment < nu - POGINGEN_BEWAREN)
                    .execution_options(synchronize_session=False))
    session.execute(delete(ConsoleSessie).where(ConsoleSessie.verloopt_op < nu)
                    .execution_options(synchronize_session=False))
    session.flush()


# --- sessions ------------------------------------------------------------------------------------


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
    sessie = sessie_van(session=session, sessie_id=sessie_id)
    if sessie is None:
        return None
    if sessie.verloopt_op <= nu or sessie.laatst_gezien_op + SESSIE_INACTIEF <= nu or not sessie.account.actief:
        session.delete(sessie)
        return None
    if nu - sessie.laatst_gezien_op >= SESSIE_BIJWERKEN_NA:
        sessie.laatst_gezien_op = nu
    return Gebruiker.van(sessie.account, via="sessie", csrf_token=sessie.csrf_token)


def beeindig_sessie(*, session: Session, sessie_id: str) -> None:
    sessie = sessie_van(session=session, sessie_id=sessie_id)
    if sessie is not None:
        session.delete(sessie)


def sessie_van(*, session: Session, sessie_id: str) -> ConsoleSessie | None:
    return session.execute(
        select(ConsoleSessie).where(ConsoleSessie.sessie_hash == sha256(sessie_id))
    ).scalar_one_or_none()


def csrf_klopt(verwacht: str | None, gegeven: str | None) -> bool:
    return bool(verwacht) and bool(gegeven) and hmac.compare_digest(verwacht.encode(), gegeven.encode())


# --- API tokens ----------------------------------------------------------------------------------


def gebruiker_van_token(*, session: Session, token: str, nu: datetime) -> Gebruiker | None:
    """The user of an API token that is not revoked or expired (then 401, as for an unknown token)."""
    rij = geldig_token(session=session, token=token, nu=nu)
    return Gebruiker.van(rij.account, via="token") if rij is not None else None
