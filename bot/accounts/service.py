"""Console accounts: make one, change its password, switch it off, list them, API tokens, and the
hashes of their secrets.

Used by the console (bot/console) and by its command line (``python -m bot.console``), so both
refuse the same things with the same Dutch messages (``AccountFout``). Functions take a session
and never commit: the caller owns the transaction. Secrets are only kept as hashes: passwords
with argon2, API tokens (and console session ids) with SHA-256; they are long random values, so
a fast hash is enough and allows lookup by hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.accounts.models import Account, ApiToken, ConsoleSessie, LoginPoging, Rol
from bot.medewerkers.models import Medewerker

MIN_WACHTWOORD_LENGTE = 12
GELDIGE_NAAM = re.compile(r"[a-z0-9][a-z0-9._@-]{0,79}")  # also a part of the accounts pages' addresses
TOKEN_VOORVOEGSEL = "ing_"
TOKEN_DAGEN = 90  # how long a new API token works unless told otherwise
MAX_TOKEN_DAGEN = 366  # a token is renewed at least once a year

_hasher = PasswordHasher()


class AccountFout(ValueError):
    """An account could not be made or changed; the message is Dutch and meant for people.

    ``veld`` names the form field it is about (``gebruikersnaam``, ``rol``, ``medewerker``, ``wachtwoord``,
    ``herhaling``, ``naam``, ``dagen``), or None when it is about the account as a whole.
    """

    def __init__(self, melding: str, veld: str | None = None) -> None:
        super().__init__(melding)
        self.veld = veld


# --- secrets -------------------------------------------------------------------------------------


def hash_wachtwoord(wachtwoord: str) -> str:
    return _hasher.hash(wachtwoord)


def wachtwoord_klopt(wachtwoord_hash: str, wachtwoord: str) -> bool:
    try:
        return _hasher.verify(wachtwoord_hash, wachtwoord)
    except (VerificationError, InvalidHashError):
        return False


def sha256(waarde: str) -> str:
    return hashlib.sha256(waarde.encode("utf-8")).hexdigest()


# --- finding -------------------------------------------------------------------------------------


def normaliseer(gebruikersnaam: str) -> str:
    return gebruikersnaam.strip().lower()


def account_op_naam(*, session: Session, gebruikersnaam: str) -> Account | None:
    return session.execute(
        select(Account).where(Account.gebruikersnaam == normaliseer(gebruikersnaam))
    ).scalar_one_or_none()


def alle_accounts(*, session: Session) -> list[Account]:
    return list(session.execute(select(Account).order_by(Account.gebruikersnaam)).scalars())


def medewerkers_zonder_account(*, session: Session) -> list[Medewerker]:
    """The active medewerkers that have no account yet, by name: the choice for a new account."""
    met_account = select(Account.medewerker_id).where(Account.medewerker_id.is_not(None))
    return list(session.execute(
        select(Medewerker).where(Medewerker.actief.is_(True), Medewerker.id.not_in(met_account)).order_by(Medewerker.naam)
    ).scalars())


def is_rol(waarde: object) -> bool:
    return isinstance(waarde, str) and waarde in {rol.value for rol in Rol}


def rollen_tekst() -> str:
    """'medewerker, teamleider, beheerder': the roles for a Dutch message."""
    return ", ".join(rol.value for rol in Rol)


# --- changing ------------------------------------------------------------------------------------


def maak_account(
    *, session: Session, gebruikersnaam: str, wachtwoord: str, rol: str, medewerker: Medewerker | None, nu: datetime,
    tijdelijk: bool = False,
) -> Account:
    """A new active account; ``tijdelijk``: its password is to be replaced at the first login."""
    gebruikersnaam = normaliseer(gebruikersnaam)
    if not gebruikersnaam:
        raise AccountFout("Vul een gebruikersnaam in.", "gebruikersnaam")
    if not GELDIGE_NAAM.fullmatch(gebruikersnaam):
        raise AccountFout("Gebruik in een gebruikersnaam alleen letters zonder accenten, cijfers en de tekens - _ . @, "
                          "zonder spaties. Bijvoorbeeld: sanne-de-vries.", "gebruikersnaam")
    if not is_rol(rol):
        raise AccountFout(f"Onbekende rol {rol!r}. Kies uit: {rollen_tekst()}.", "rol")
    if rol in (Rol.MEDEWERKER, Rol.TEAMLEIDER) and medewerker is None:
        raise AccountFout("Een account voor een medewerker of teamleider hoort bij een medewerker.", "medewerker")
    if rol == Rol.PRIVACY and medewerker is not None:
        raise AccountFout("Een privacy-account hoort niet bij een medewerker: het ziet geen zaken, alleen privacyverzoeken.",
                          "medewerker")
    controleer_nieuw_wachtwoord(wachtwoord)
    if account_op_naam(session=session, gebruikersnaam=gebruikersnaam) is not None:
        raise AccountFout(f"De gebruikersnaam {gebruikersnaam!r} bestaat al.", "gebruikersnaam")
    if medewerker is not None and session.execute(
        select(Account.id).where(Account.medewerker_id == medewerker.id)
    ).first():
        raise AccountFout(f"Medewerker {medewerker.sleutel!r} heeft al een account.", "medewerker")
    account = Account(
        gebruikersnaam=gebruikersnaam, wachtwoord_hash=hash_wachtwoord(wachtwoord), rol=Rol(rol).value,
        medewerker=medewerker, actief=True, wachtwoord_tijdelijk=tijdelijk, aangemaakt_op=nu, bijgewerkt_op=nu,
    )
    session.add(account)
    session.flush()
    return account


def controleer_nieuw_wachtwoord(wachtwoord: str, herhaling: str | None = None) -> None:
    """The rules for a new password, the same for a new account and a changed password; ``herhaling``
    is the second time it was typed, when it was asked twice."""
    if herhaling is not None and herhaling != wachtwoord:
        raise AccountFout("De twee nieuwe wachtwoorden zijn niet gelijk.", "herhaling")
    if len(wachtwoord) < MIN_WACHTWOORD_LENGTE:
        raise AccountFout(f"Het wachtwoord moet minstens {MIN_WACHTWOORD_LENGTE} tekens lang zijn.", "wachtwoord")


def wijzig_wachtwoord(*, session: Session, account: Account, nieuw: str, nu: datetime,
                      behoud_sessie: ConsoleSessie | None, tijdelijk: bool = False) -> int:
    """Give ``account`` the password ``nieuw`` and end its other sessions; returns how many ended.

    The caller has checked the current password (and counted that check towards the login limit).
    ``behoud_sessie`` is the session that asked for the change and goes on. API tokens are left
    alone: they are separate secrets, revoked one by one or with the account. ``tijdelijk``: a password a
    beheerder gave, to be replaced by the user at the next login; the user's own change clears it.
    """
    controleer_nieuw_wachtwoord(nieuw)
    account.wachtwoord_hash = hash_wachtwoord(nieuw)
    account.wachtwoord_tijdelijk = tijdelijk
    account.bijgewerkt_op = nu
    andere = select(ConsoleSessie).where(ConsoleSessie.account_id == account.id)
    if behoud_sessie is not None:
        andere = andere.where(ConsoleSessie.id != behoud_sessie.id)
    beeindigd = list(session.execute(andere).scalars())
    for sessie in beeindigd:
        session.delete(sessie)
    session.flush()
    return len(beeindigd)


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


def controleer_uitzetten(*, session: Session, account: Account, door: Account | None) -> None:
    """Refuse switching off one's own account (``door``) or the last active beheerder: then nobody could
    manage accounts any more. The active beheerders are locked (PostgreSQL) so two at once cannot both pass."""
    if door is not None and door.id == account.id:
        raise AccountFout("U kunt uw eigen account niet uitzetten. Vraag een andere beheerder om dat te doen.")
    if account.rol == Rol.BEHEERDER and account.actief:
        beheerders = session.execute(
            select(Account.id).where(Account.rol == Rol.BEHEERDER.value, Account.actief.is_(True)).with_for_update()
        ).all()
        if len(beheerders) <= 1:
            raise AccountFout("Dit is de laatste actieve beheerder. Maak eerst een andere beheerder; anders kan niemand "
                              "meer accounts beheren.")


def zet_actief(*, session: Session, account: Account, nu: datetime) -> None:
    """Switch an account on again; it logs in with its password. Tokens revoked when it was switched off stay
    revoked: make new ones."""
    account.actief = True
    account.bijgewerkt_op = nu
    session.flush()


def genereer_wachtwoord() -> str:
    """A random password of 20 characters for a new account or a reset, shown once to the beheerder."""
    return secrets.token_urlsafe(15)


def laatste_logins(*, session: Session) -> dict[str, datetime]:
    """The last successful login per user name, as far as the login attempts are kept (30 days)."""
    rijen = session.execute(
        select(LoginPoging.gebruikersnaam, func.max(LoginPoging.moment))
        .where(LoginPoging.gelukt.is_(True)).group_by(LoginPoging.gebruikersnaam)
    )
    return {naam: moment for naam, moment in rijen}


# --- API tokens ----------------------------------------------------------------------------------


def maak_token(*, session: Session, account: Account, naam: str, nu: datetime, dagen: int = TOKEN_DAGEN) -> str:
    """A new API token for ``account`` that works ``dagen`` days from ``nu``; returns the token itself,
    which is shown only this once."""
    if not naam.strip():
        raise AccountFout("Geef het token een naam, bijvoorbeeld de koppeling die het gebruikt.", "naam")
    if not 1 <= dagen <= MAX_TOKEN_DAGEN:
        raise AccountFout(f"Een token werkt minstens 1 en hoogstens {MAX_TOKEN_DAGEN} dagen. Kies een aantal dagen "
                          "daartussen.", "dagen")
    token = TOKEN_VOORVOEGSEL + secrets.token_urlsafe(32)
    session.add(ApiToken(account_id=account.id, naam=naam.strip(), token_hash=sha256(token), aangemaakt_op=nu,
                         verloopt_op=nu + timedelta(days=dagen)))
    session.flush()
    return token


def geldig_token(*, session: Session, token: str, nu: datetime) -> ApiToken | None:
    """The token row of ``token`` when it is not revoked, not expired at ``nu``, and its account is active;
    otherwise None."""
    rij = session.execute(
        select(ApiToken).where(ApiToken.token_hash == sha256(token), ApiToken.ingetrokken_op.is_(None),
                               ApiToken.verloopt_op > nu)
    ).scalar_one_or_none()
    return rij if rij is not None and rij.account.actief else None


def maak_token_voor(*, session: Session, gebruikersnaam: str, naam: str, nu: datetime,
                    dagen: int = TOKEN_DAGEN) -> str:
    """A new API token for the active account ``gebruikersnaam`` (see ``maak_token``)."""
    account = account_op_naam(session=session, gebruikersnaam=gebruikersnaam)
    if account is None or not account.actief:
        raise AccountFout(f"Account {gebruikersnaam!r} bestaat niet of staat uit.")
    return maak_token(session=session, account=account, naam=naam, nu=nu, dagen=dagen)


def tokens_van(*, session: Session, account: Account) -> list[ApiToken]:
    """The account's API tokens, newest first, revoked and expired ones included."""
    return list(session.execute(
        select(ApiToken).where(ApiToken.account_id == account.id).order_by(ApiToken.aangemaakt_op.desc(), ApiToken.id.desc())
    ).scalars())


def trek_token_in(*, session: Session, token: ApiToken, nu: datetime) -> None:
    """Revoke one API token; it stops working at once."""
    if token.ingetrokken_op is None:
        token.ingetrokken_op = nu
        session.flush()
