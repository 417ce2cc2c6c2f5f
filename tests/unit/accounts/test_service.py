"""Account administration (bot/accounts/service.py), shared by the console's API and its command line."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect

from bot.accounts.models import Account, ApiToken, ConsoleSessie, Rol
from bot.accounts.service import (
    MAX_TOKEN_DAGEN,
    TOKEN_DAGEN,
    AccountFout,
    alle_accounts,
    controleer_nieuw_wachtwoord,
    geldig_token,
    maak_account,
    maak_token,
    maak_token_voor,
    rollen_tekst,
    sha256,
    wachtwoord_klopt,
    wijzig_wachtwoord,
    zet_inactief,
)
from bot.kern.db import waarden_in
from tests import factories as maak

NU = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
WACHTWOORD = "een-lang-geheim-wachtwoord"


def test_the_role_enum_gives_the_same_check_constraint_as_the_migrated_database(session):
    # each engine writes the constraint back in its own form: compare the quoted values
    migratie = next(c["sqltext"] for c in inspect(session.connection()).get_check_constraints("account")
                    if "rol" in c["sqltext"])
    assert set(re.findall(r"'(\w+)'", migratie)) == set(re.findall(r"'(\w+)'", waarden_in("rol", Rol))) == set(Rol)
    assert rollen_tekst() == "medewerker, teamleider, beheerder, privacy"


def test_an_account_stores_its_role_as_text_and_the_name_in_small_letters(session):
    mehmet = maak.medewerker(session, naam="Mehmet Yılmaz")
    account = maak_account(session=session, gebruikersnaam=" Mehmet ", wachtwoord=WACHTWOORD, rol=Rol.TEAMLEIDER,
                           medewerker=mehmet, nu=NU)
    session.expire_all()
    opgeslagen = session.get(Account, account.id)
    assert (opgeslagen.gebruikersnaam, opgeslagen.rol, type(opgeslagen.rol)) == ("mehmet", "teamleider", str)
    assert [a.gebruikersnaam for a in alle_accounts(session=session)] == ["mehmet"]


@pytest.mark.parametrize(("rol", "medewerker", "wachtwoord", "melding"), [
    ("baas", False, WACHTWOORD, "Onbekende rol 'baas'. Kies uit: medewerker, teamleider, beheerder."),
    ("medewerker", False, WACHTWOORD, "Een account voor een medewerker of teamleider hoort bij een medewerker."),
    ("beheerder", False, "kort", "Het wachtwoord moet minstens 12 tekens lang zijn."),
])
def test_a_wrong_account_is_refused_with_a_dutch_message(session, rol, medewerker, wachtwoord, melding):
    with pytest.raises(AccountFout, match=melding):
        maak_account(session=session, gebruikersnaam="iemand", wachtwoord=wachtwoord, rol=rol,
                     medewerker=maak.medewerker(session) if medewerker else None, nu=NU)


def test_a_token_is_made_by_name_only_for_an_active_account_and_revoked_when_it_is_switched_off(session):
    account = maak_account(session=session, gebruikersnaam="beheer", wachtwoord=WACHTWOORD, rol=Rol.BEHEERDER,
                           medewerker=None, nu=NU)
    token = maak_token_voor(session=session, gebruikersnaam="Beheer", naam="koppeling-crm", nu=NU)
    assert token.startswith("ing_") and geldig_token(session=session, token=token, nu=NU).account is account
    assert session.query(ApiToken).one().token_hash != token  # only the hash is kept

    zet_inactief(session=session, account=account, nu=NU)
    assert geldig_token(session=session, token=token, nu=NU) is None
    with pytest.raises(AccountFout, match="Account 'beheer' bestaat niet of staat uit."):
        maak_token_voor(session=session, gebruikersnaam="beheer", naam="nog een", nu=NU)
    with pytest.raises(AccountFout, match="Geef het token een naam"):
        maak_token(session=session, account=account, naam=" ", nu=NU)


def test_a_changed_password_follows_the_rules_of_a_new_one_and_ends_the_other_sessions(session):
    account = maak_account(session=session, gebruikersnaam="beheer", wachtwoord=WACHTWOORD, rol=Rol.BEHEERDER,
                           medewerker=None, nu=NU)
    token = maak_token(session=session, account=account, naam="koppeling", nu=NU)
    sessies = [ConsoleSessie(sessie_hash=sha256(naam), account_id=account.id, csrf_token=naam, aangemaakt_op=NU,
                             verloopt_op=NU.replace(hour=19), laatst_gezien_op=NU) for naam in ("hier", "elders", "thuis")]
    session.add_all(sessies)
    session.flush()
    for nieuw, herhaling, melding in (("kort", "kort", "minstens 12 tekens"),
                                      (WACHTWOORD + "!", WACHTWOORD + "?", "niet gelijk")):
        with pytest.raises(AccountFout, match=melding):
            controleer_nieuw_wachtwoord(nieuw, herhaling)
    with pytest.raises(AccountFout, match="minstens 12 tekens"):
        wijzig_wachtwoord(session=session, account=account, nieuw="kort", nu=NU, behoud_sessie=sessies[0])

    assert wijzig_wachtwoord(session=session, account=account, nieuw="nieuw-lang-wachtwoord", nu=NU,
                             behoud_sessie=sessies[0]) == 2
    assert [s.csrf_token for s in session.query(ConsoleSessie)] == ["hier"]
    assert wachtwoord_klopt(account.wachtwoord_hash, "nieuw-lang-wachtwoord")
    assert not wachtwoord_klopt(account.wachtwoord_hash, WACHTWOORD)
    assert geldig_token(session=session, token=token, nu=NU) is not None  # tokens are separate secrets


def test_a_token_works_until_it_expires_and_lives_at_most_a_year(session):
    account = maak_account(session=session, gebruikersnaam="beheer", wachtwoord=WACHTWOORD, rol=Rol.BEHEERDER,
                           medewerker=None, nu=NU)
    standaard = maak_token(session=session, account=account, naam="standaard", nu=NU)
    kort = maak_token(session=session, account=account, naam="kort", nu=NU, dagen=1)
    einde = NU + timedelta(days=TOKEN_DAGEN)
    assert geldig_token(session=session, token=standaard, nu=einde - timedelta(seconds=1)) is not None
    assert geldig_token(session=session, token=standaard, nu=einde) is None
    assert geldig_token(session=session, token=kort, nu=NU + timedelta(hours=23)) is not None
    assert geldig_token(session=session, token=kort, nu=NU + timedelta(days=1)) is None
    for dagen in (0, -1, MAX_TOKEN_DAGEN + 1):
        with pytest.raises(AccountFout, match=f"hoogstens {MAX_TOKEN_DAGEN} dagen"):
            maak_token(session=session, account=account, naam="fout", nu=NU, dagen=dagen)
