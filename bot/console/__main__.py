"""The staff console from the command line.

    python -m bot.console serve [--host 127.0.0.1] [--port 8080]
    python -m bot.console maak-beheerder --gebruikersnaam X
    python -m bot.console maak-privacy --gebruikersnaam X      (the privacy officer: /privacy only)
    python -m bot.console maak-account --medewerker <sleutel> --rol medewerker|teamleider|beheerder
    python -m bot.console maak-token --gebruikersnaam X --naam Y [--dagen 90]

Passwords come from INGANG_CONSOLE_WACHTWOORD or are asked twice at the prompt. Accounts and
tokens are made by bot/accounts/service.py, the same functions the console's API uses. A token
works for ``--dagen`` days (default 90, at most 366); then make a new one.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Mapping, Sequence

from bot.accounts.models import Rol
from bot.accounts.service import MAX_TOKEN_DAGEN, TOKEN_DAGEN, AccountFout, geldig_token, maak_account, maak_token_voor
from bot.kern.db import transaction
from bot.kern.logboek import installeer_maskering
from bot.kern.tijd import datum_en_tijd, utcnow
from bot.medewerkers.directory import medewerker_op_sleutel


def main(argv: Sequence[str] | None = None) -> int:
    installeer_maskering()  # no tokens, phone numbers or e-mail addresses in the logs
    parser = argparse.ArgumentParser(prog="python -m bot.console", description="Ingang, console voor medewerkers")
    sub = parser.add_subparsers(dest="opdracht", required=True)
    serve = sub.add_parser("serve", help="start de console")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    beheerder = sub.add_parser("maak-beheerder", help="maak een beheerder-account (zonder medewerker)")
    beheerder.add_argument("--gebruikersnaam", required=True)
    privacy = sub.add_parser("maak-privacy", help="maak een account voor de privacyfunctionaris (zonder medewerker)")
    privacy.add_argument("--gebruikersnaam", required=True)
    account = sub.add_parser("maak-account", help="maak een account voor een medewerker")
    account.add_argument("--medewerker", required=True, help="sleutel uit config/medewerkers.yml")
    account.add_argument("--rol", required=True, choices=[Rol.MEDEWERKER.value, Rol.TEAMLEIDER.value, Rol.BEHEERDER.value])
    account.add_argument("--gebruikersnaam", help="standaard de sleutel van de medewerker")
    token = sub.add_parser("maak-token", help="maak een API-token; het token wordt één keer getoond")
    token.add_argument("--gebruikersnaam", required=True)
    token.add_argument("--naam", required=True, help="waarvoor het token is, bijvoorbeeld 'koppeling-crm'")
    token.add_argument("--dagen", type=int, default=TOKEN_DAGEN,
                       help=f"hoeveel dagen het token werkt (standaard {TOKEN_DAGEN}, hoogstens {MAX_TOKEN_DAGEN})")
    args = parser.parse_args(argv)
    try:
        if args.opdracht == "serve":
            return serveer(args.host, args.port)
        if args.opdracht == "maak-beheerder":
            return nieuw_account(gebruikersnaam=args.gebruikersnaam, rol=Rol.BEHEERDER.value, sleutel=None)
        if args.opdracht == "maak-privacy":
            return nieuw_account(gebruikersnaam=args.gebruikersnaam, rol=Rol.PRIVACY.value, sleutel=None)
        if args.opdracht == "maak-account":
            return nieuw_account(gebruikersnaam=args.gebruikersnaam or args.medewerker, rol=args.rol,
                                 sleutel=args.medewerker)
        return nieuw_token(gebruikersnaam=args.gebruikersnaam, naam=args.naam, dagen=args.dagen)
    except AccountFout as fout:
        print(f"Fout: {fout}", file=sys.stderr)
        return 1


def serveer(host: str, port: int) -> int:
    import uvicorn

    from bot.console.app import maak_app

    # ws="none": the console has no websockets, and Rasa pins an older websockets than uvicorn's default needs.
    uvicorn.run(maak_app(), host=host, port=port, ws="none", **proxy_instellingen(os.environ))
    return 0


def proxy_instellingen(omgeving: Mapping[str, str]) -> dict[str, object]:
    """X-Forwarded-For is believed only from the proxies named in INGANG_CONSOLE_PROXY_IPS (the load
    balancer's addresses); without them, never: the login limit per IP counts the real client."""
    proxies = omgeving.get("INGANG_CONSOLE_PROXY_IPS", "").strip()
    return {"proxy_headers": True, "forwarded_allow_ips": proxies} if proxies else {"proxy_headers": False}


def vraag_wachtwoord() -> str:
    uit_omgeving = os.environ.get("INGANG_CONSOLE_WACHTWOORD")
    if uit_omgeving:
        return uit_omgeving
    eerste = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nog een keer: ") != eerste:
        raise AccountFout("De twee wachtwoorden zijn niet gelijk.")
    return eerste


def nieuw_account(*, gebruikersnaam: str, rol: str, sleutel: str | None) -> int:
    with transaction() as session:
        medewerker = None
        if sleutel is not None:
            medewerker = medewerker_op_sleutel(session=session, sleutel=sleutel)
            if medewerker is None:
                raise AccountFout(f"Medewerker {sleutel!r} bestaat niet. Laad eerst: python -m bot.medewerkers load")
        account = maak_account(session=session, gebruikersnaam=gebruikersnaam, wachtwoord=vraag_wachtwoord(), rol=rol,
                               medewerker=medewerker, nu=utcnow())
        print(f"Account {account.gebruikersnaam} ({account.rol}) is gemaakt.")
    return 0


def nieuw_token(*, gebruikersnaam: str, naam: str, dagen: int) -> int:
    nu = utcnow()
    with transaction() as session:
        token = maak_token_voor(session=session, gebruikersnaam=gebruikersnaam, naam=naam, nu=nu, dagen=dagen)
        verloopt_op = geldig_token(session=session, token=token, nu=nu).verloopt_op
    print(f"Het token is geldig tot {datum_en_tijd(verloopt_op)}. Maak daarvoor een nieuw token.")
    print("Bewaar dit token goed; het wordt maar één keer getoond:")
    print(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
