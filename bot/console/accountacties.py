"""What a beheerder does with accounts, for the JSON API and the accounts pages alike: list, add,
switch off and on, reset a password, API tokens.

Thin handlers on bot/accounts/service.py (the same functions the command line uses): each takes a
session (the caller owns the transaction) and the ``Gebruiker``, checks that it is a beheerder
(bot/console/rechten.py), turns the service's refusal into ``OngeldigeInvoer`` (400, on the field
it is about) and writes an audit row, never with a password or token.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.accounts import service
from bot.accounts.models import Account, ApiToken
from bot.accounts.service import AccountFout
from bot.console.auth import Gebruiker
from bot.console.fouten import NietGevonden, OngeldigeInvoer
from bot.console.rechten import moet_beheerder_zijn
from bot.medewerkers.directory import medewerker_op_sleutel
from bot.zaken.service import schrijf_audit

VERPLICHT = "Dit veld is verplicht."


def accounts(*, session: Session, gebruiker: Gebruiker) -> list[Account]:
    moet_beheerder_zijn(gebruiker)
    return service.alle_accounts(session=session)


def account(*, session: Session, gebruiker: Gebruiker, gebruikersnaam: str) -> Account:
    moet_beheerder_zijn(gebruiker)
    gevonden = service.account_op_naam(session=session, gebruikersnaam=gebruikersnaam)
    if gevonden is None:
        raise NietGevonden(f"Account {gebruikersnaam} bestaat niet.")
    return gevonden


def _als_invoer(actie) -> Any:
    try:
        return actie()
    except AccountFout as fout:
        raise OngeldigeInvoer(str(fout), {fout.veld: str(fout)} if fout.veld else {}) from fout


def _audit(session: Session, gebruiker: Gebruiker, wat: str, account: Account, nu: datetime, **details: Any) -> None:
    schrijf_audit(session=session, wie=gebruiker.wie, wat=wat, moment=nu,
                  details={"account_id": account.id, "gebruikersnaam": account.gebruikersnaam, **details})


def velden_van_nieuw_account(*, session: Session, gegevens: dict[str, Any]) -> dict[str, str]:
    """The problems of a new account's fields that can be seen without making it, per field."""
    velden = {}
    for naam in ("gebruikersnaam", "wachtwoord", "rol"):
        if not isinstance(gegevens.get(naam), str) or not gegevens[naam].strip():
            velden[naam] = VERPLICHT
    if isinstance(gegevens.get("rol"), str) and gegevens["rol"] and not service.is_rol(gegevens["rol"]):
        velden["rol"] = f"Kies uit: {service.rollen_tekst()}."
    if gegevens.get("medewerker") and medewerker_op_sleutel(session=session, sleutel=str(gegevens["medewerker"])) is None:
        velden["medewerker"] = "Onbekende medewerker (sleutel)."
    return velden


def nieuw_account(*, session: Session, gebruiker: Gebruiker, gegevens: dict[str, Any], nu: datetime) -> Account:
    """``gegevens``: gebruikersnaam, wachtwoord, rol and optionally medewerker (its sleutel); ``tijdelijk`` (true:
    the password is to be replaced at the first login; the accounts page always sets it)."""
    moet_beheerder_zijn(gebruiker)
    velden = velden_van_nieuw_account(session=session, gegevens=gegevens)
    if velden:
        raise OngeldigeInvoer("Niet alle velden zijn goed ingevuld.", velden)
    medewerker = (medewerker_op_sleutel(session=session, sleutel=str(gegevens["medewerker"]))
                  if gegevens.get("medewerker") else None)
    nieuw = _als_invoer(lambda: service.maak_account(
        session=session, gebruikersnaam=gegevens["gebruikersnaam"], wachtwoord=gegevens["wachtwoord"],
        rol=gegevens["rol"], medewerker=medewerker, nu=nu, tijdelijk=gegevens.get("tijdelijk") is True))
    _audit(session, gebruiker, "account_aangemaakt", nieuw, nu, rol=nieuw.rol,
           medewerker=medewerker.sleutel if medewerker else None)
    return nieuw


def account_uitzetten(*, session: Session, gebruiker: Gebruiker, gebruikersnaam: str, nu: datetime) -> Account:
    """Switch an account off: its sessions end, its tokens are revoked. Not one's own, not the last beheerder."""
    doel = account(session=session, gebruiker=gebruiker, gebruikersnaam=gebruikersnaam)
    if not doel.actief:
        return doel
    door = session.get(Account, gebruiker.account_id)
    _als_invoer(lambda: service.controleer_uitzetten(session=session, account=doel, door=door))
    service.zet_inactief(session=session, account=doel, nu=nu)
    _audit(session, gebruiker, "account_uitgezet", doel, nu)
    return doel


def account_aanzetten(*, session: Session, gebruiker: Gebruiker, gebruikersnaam: str, nu: datetime) -> Account:
    doel = account(session=session, gebruiker=gebruiker, gebruikersnaam=gebruikersnaam)
    if doel.actief:
        return doel
    service.zet_actief(session=session, account=doel, nu=nu)
    _audit(session, gebruiker, "account_aangezet", doel, nu)
    return doel


def wachtwoord_resetten(*, session: Session, gebruiker: Gebruiker, gebruikersnaam: str, wachtwoord: str,
                        herhaling: str | None, nu: datetime) -> Account:
    """Give another account a new password (chosen or generated by the caller); all its sessions end.

    One's own password is changed on /wachtwoord, with the current one (bot/console/wachtwoord.py).
    """
    doel = account(session=session, gebruiker=gebruiker, gebruikersnaam=gebruikersnaam)
    if doel.id == gebruiker.account_id:
        raise OngeldigeInvoer("Uw eigen wachtwoord wijzigt u via 'Wachtwoord wijzigen' bovenaan de pagina, "
                              "met uw huidige wachtwoord.")
    _als_invoer(lambda: service.controleer_nieuw_wachtwoord(wachtwoord, herhaling))
    beeindigd = service.wijzig_wachtwoord(session=session, account=doel, nieuw=wachtwoord, nu=nu, behoud_sessie=None,
                                          tijdelijk=True)  # the beheerder knows it: the user replaces it
    _audit(session, gebruiker, "wachtwoord_gereset", doel, nu, sessies_beeindigd=beeindigd)
    return doel


def tokens(*, session: Session, gebruiker: Gebruiker, account: Account) -> list[ApiToken]:
    moet_beheerder_zijn(gebruiker)
    return service.tokens_van(session=session, account=account)


def token_maken(*, session: Session, gebruiker: Gebruiker, gebruikersnaam: str, naam: str, dagen: str | int,
                nu: datetime) -> str:
    """A new API token for the account; returns the token itself, to be shown once."""
    doel = account(session=session, gebruiker=gebruiker, gebruikersnaam=gebruikersnaam)
    if not doel.actief:
        raise OngeldigeInvoer(f"Account {doel.gebruikersnaam} staat uit. Zet het eerst aan.")
    velden = {} if naam.strip() else {"naam": VERPLICHT}
    try:
        aantal = int(str(dagen).strip() or service.TOKEN_DAGEN)
    except ValueError:
        aantal = 0
        velden["dagen"] = f"Vul een aantal dagen in, bijvoorbeeld {service.TOKEN_DAGEN}."
    if velden:
        raise OngeldigeInvoer("Niet alle velden zijn goed ingevuld.", velden)
    token = _als_invoer(lambda: service.maak_token(session=session, account=doel, naam=naam, nu=nu, dagen=aantal))
    _audit(session, gebruiker, "token_gemaakt", doel, nu, naam=naam.strip(), dagen=aantal)
    return token


def token_intrekken(*, session: Session, gebruiker: Gebruiker, gebruikersnaam: str, token_id: int,
                    nu: datetime) -> ApiToken:
    doel = account(session=session, gebruiker=gebruiker, gebruikersnaam=gebruikersnaam)
    token = session.get(ApiToken, token_id)
    if token is None or token.account_id != doel.id:
        raise NietGevonden(f"Dit token hoort niet bij account {doel.gebruikersnaam}.")
    if token.ingetrokken_op is None:
        service.trek_token_in(session=session, token=token, nu=nu)
        _audit(session, gebruiker, "token_ingetrokken", doel, nu, token_id=token.id, naam=token.naam)
    return token
