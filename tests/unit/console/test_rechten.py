"""Who may see and change what (bot/console/rechten.py), on cases made with the factories."""

from __future__ import annotations

import pytest

from bot.accounts.models import Rol
from bot.console.auth import Gebruiker
from bot.console.fouten import GeenToegang, NietGevonden
from bot.console.rechten import (
    mag_kennisbank_bewerken,
    mag_privacyverzoeken_behandelen,
    mag_wijzigen,
    mag_zien,
    moet_beheerder_zijn,
    te_wijzigen_zaak,
    teams_van_zaak,
    zichtbare_zaak,
)
from bot.kennisbank.models import KennisbankArtikel
from bot.kennisbank.service import sla_artikelen_op
from tests import factories as maak

HORECA = "horeca-evenementen"  # the team of the article terrasvergunning


@pytest.fixture
def session_met_artikelen(session, artikelen, tmp_path):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    return session


def gebruiker(rol: Rol, medewerker=None) -> Gebruiker:
    return Gebruiker(account_id=1, gebruikersnaam="test", rol=rol.value,
                     medewerker_id=medewerker.id if medewerker else None, via="token")


def test_the_team_of_a_case_is_that_of_its_first_subject_else_its_medewerker_and_stays(session_met_artikelen):
    session = session_met_artikelen
    anders = maak.medewerker(session, teams=("starters",))
    terras = maak.zaak(session, medewerker=anders, gesprek_id="g1", onderwerpen=("terrasvergunning",))
    onbekend = maak.zaak(session, medewerker=anders, gesprek_id="g2", onderwerpen=("bestaat-niet",))
    zonder_team = maak.zaak(session, medewerker=maak.medewerker(session, teams=()), gesprek_id="g3",
                            onderwerpen=("bestaat-niet",))
    assert [teams_van_zaak(z) for z in (terras, onbekend, zonder_team)] == [{HORECA}, {"starters"}, set()]
    session.get(KennisbankArtikel, "terrasvergunning").team = "starters"  # the article moves, the case stays
    anders.teams = ["belastingen"]
    session.flush()
    session.expire_all()
    assert [teams_van_zaak(z) for z in (terras, onbekend)] == [{HORECA}, {"starters"}]


def test_who_may_see_and_change_a_case(session_met_artikelen):
    session = session_met_artikelen
    horeca = maak.team(session, naam=HORECA, leden=("Behandelaar", "Collega"))
    behandelaar, collega = horeca.leden
    buiten = maak.medewerker(session, teams=("starters",))
    zaak = maak.zaak(session, medewerker=behandelaar, onderwerpen=("terrasvergunning",))

    wie = {
        "behandelaar": gebruiker(Rol.MEDEWERKER, behandelaar),
        "collega": gebruiker(Rol.MEDEWERKER, collega),
        "teamleider": gebruiker(Rol.TEAMLEIDER, horeca.leider),
        "andere teamleider": gebruiker(Rol.TEAMLEIDER, buiten),
        "beheerder": gebruiker(Rol.BEHEERDER),
    }
    zien = {naam: mag_zien(session=session, gebruiker=g, zaak=zaak) for naam, g in wie.items()}
    wijzigen = {naam: mag_wijzigen(session=session, gebruiker=g, zaak=zaak) for naam, g in wie.items()}
    assert zien == {"behandelaar": True, "collega": True, "teamleider": True, "andere teamleider": False,
                    "beheerder": True}
    assert wijzigen == {"behandelaar": True, "collega": False, "teamleider": True, "andere teamleider": False,
                        "beheerder": True}

    with pytest.raises(GeenToegang, match=f"U mag zaak {zaak.nummer} niet wijzigen"):
        te_wijzigen_zaak(session=session, gebruiker=wie["collega"], nummer=zaak.nummer)
    with pytest.raises(NietGevonden, match=f"Zaak {zaak.nummer} bestaat niet, of u mag deze zaak niet zien."):
        zichtbare_zaak(session=session, gebruiker=wie["andere teamleider"], nummer=zaak.nummer)


def test_privacy_requests_are_for_the_privacy_officer_and_beheerders():
    assert [mag_privacyverzoeken_behandelen(gebruiker(rol)) for rol in Rol] == [False, False, True, True]


def test_accounts_are_for_beheerders_and_the_kennisbank_for_teamleiders_and_beheerders():
    assert [mag_kennisbank_bewerken(gebruiker(rol)) for rol in Rol] == [False, True, True, False]
    moet_beheerder_zijn(gebruiker(Rol.BEHEERDER))
    for rol in (Rol.MEDEWERKER, Rol.TEAMLEIDER, Rol.PRIVACY):
        with pytest.raises(GeenToegang, match="Alleen een beheerder mag accounts beheren."):
            moet_beheerder_zijn(gebruiker(rol))
