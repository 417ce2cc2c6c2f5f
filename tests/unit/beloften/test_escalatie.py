"""A missed promise is escalated above the person who missed it (bot/beloften/escalatie.py and the
promise job): the team lead, or who is above the lead (``boven_teamleiders`` in the staff directory)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from bot.beloften.escalatie import Reden, escalatie_voor
from bot.kern.db import transaction
from bot.medewerkers.directory import laad_medewerkers
from bot.medewerkers.models import MedewerkerAfwezigheid
from tests import factories as maak
from tests.unit.beloften.hulp import DEADLINE, MAANDAG, audit, berichten, emails, medewerker, run

VANDAAG = date(2026, 11, 23)
HORECA = maak.HORECA


@pytest.fixture
def team(session):
    """A horeca team (lead, member) and a manager above the lead, made with the factories."""
    horeca = maak.team(session, naam=HORECA, leider="Sanne de Vries", leden=("Mehmet Yılmaz",))
    manager = maak.medewerker(session, naam="Thomas Kok", functie="afdelingshoofd", teams=("economie",),
                              boven_teamleider_voor=(HORECA,))
    return horeca.leider, horeca.leden[0], manager


def test_a_medewerker_who_missed_it_goes_to_the_team_lead(team):
    leider, lid, manager = team
    escalatie = escalatie_voor(verantwoordelijk=lid, teamleider=leider, boven=manager, dag=VANDAAG)
    assert (escalatie.aan, escalatie.kijkt_mee, escalatie.reden) == (leider, leider, Reden.TEAMLEIDER)
    assert escalatie.cc == (lid,) and not escalatie.terugval


def test_a_lead_who_missed_it_goes_above_the_lead(team):
    leider, _, manager = team
    escalatie = escalatie_voor(verantwoordelijk=leider, teamleider=leider, boven=manager, dag=VANDAAG)
    assert (escalatie.aan, escalatie.kijkt_mee, escalatie.reden) == (manager, manager, Reden.LEIDT_ZELF)
    assert escalatie.cc == (leider,)


def test_an_absent_lead_goes_above_the_lead_with_a_copy_to_the_lead(session, team):
    _, lid, manager = team
    afwezig = maak.medewerker(session, naam="Afwezige Leider", leidt_teams=(HORECA,),
                              afwezig=[(VANDAAG - timedelta(days=2), VANDAAG)])
    escalatie = escalatie_voor(verantwoordelijk=lid, teamleider=afwezig, boven=manager, dag=VANDAAG)
    assert (escalatie.aan, escalatie.reden) == (manager, Reden.TEAMLEIDER_AFWEZIG)
    assert escalatie.cc == (lid, afwezig)
    terug = escalatie_voor(verantwoordelijk=lid, teamleider=afwezig, boven=manager, dag=VANDAAG + timedelta(days=1))
    assert terug.aan == afwezig  # back the next day


def test_an_inactive_or_missing_lead_goes_above_the_lead(session, team):
    leider, lid, manager = team
    leider.actief = False
    assert escalatie_voor(verantwoordelijk=lid, teamleider=leider, boven=manager, dag=VANDAAG).aan == manager
    zonder = escalatie_voor(verantwoordelijk=lid, teamleider=None, boven=manager, dag=VANDAAG)
    assert (zonder.aan, zonder.reden) == (manager, Reden.GEEN_TEAMLEIDER)


@pytest.mark.parametrize("boven", ["niemand", "afwezig", "inactief"])
def test_with_no_one_above_a_lead_who_missed_it_is_told_plainly_it_is_no_escalation(session, team, boven):
    leider, _, manager = team
    if boven == "afwezig":
        manager.afwezigheden.append(MedewerkerAfwezigheid(van=VANDAAG, tot_en_met=VANDAAG))
    elif boven == "inactief":
        manager.actief = False
    boven_leider = None if boven == "niemand" else manager
    escalatie = escalatie_voor(verantwoordelijk=leider, teamleider=leider, boven=boven_leider, dag=VANDAAG)
    assert escalatie.terugval and escalatie.kijkt_mee is None
    assert escalatie.aan == leider and escalatie.cc == ()


def test_with_no_one_above_an_absent_lead_still_gets_it(session, team):
    _, lid, _ = team
    afwezig = maak.medewerker(session, naam="Afwezige Leider", leidt_teams=(HORECA,), afwezig=[(VANDAAG, VANDAAG)])
    escalatie = escalatie_voor(verantwoordelijk=lid, teamleider=afwezig, boven=None, dag=VANDAAG)
    assert escalatie.terugval and escalatie.aan == afwezig and escalatie.cc == (lid,)


# --- through the promise job, with the tests' directory --------------------------------------


def schrijf_directory(tmp_path: Path, boven: dict[str, str]) -> Path:
    data = yaml.safe_load(maak.TESTDIRECTORY.read_text(encoding="utf-8"))
    data["boven_teamleiders"] = boven
    pad = tmp_path / "medewerkers.yml"
    pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return pad


def belofte_van_sanne(engine) -> None:
    """A terrace case whose promise Sanne de Vries (lead of horeca-evenementen) made, due at DEADLINE."""
    with transaction(engine) as session:
        sanne = medewerker(session, "sanne-de-vries")
        zaak = maak.zaak(session, medewerker=sanne, onderwerpen=("terrasvergunning",), moment=MAANDAG)
        maak.belofte(session, zaak=zaak, deadline=DEADLINE, moment=MAANDAG)


def test_a_lead_who_missed_it_is_escalated_above_and_the_entrepreneur_hears_who_watches(
    gevuld, tmp_path, mailer, smtp
):
    with transaction(gevuld) as session:
        laad_medewerkers(session=session, pad=schrijf_directory(tmp_path, {HORECA: "thomas-kok"}))
        thomas = medewerker(session, "thomas-kok")
        naam, functie = thomas.naam, thomas.functie
    belofte_van_sanne(gevuld)
    assert run(gevuld, mailer, DEADLINE)["escalaties"] == 1

    [(_, mail)] = smtp.berichten
    assert mail["To"] == "t.kok@voorbeeldstad.nl" and mail["Cc"] == "s.devries@voorbeeldstad.nl"
    inhoud = mail.get_content()
    assert inhoud.startswith(f"Beste {naam},") and "zelf teamleider" in inhoud
    assert "geen melding aan een hogere leidinggevende" not in inhoud
    [bericht] = berichten(gevuld)
    assert f"{naam}, {functie}, kijkt nu mee" in bericht.tekst
    [gemeld] = audit(gevuld, "escalatie_verstuurd")
    assert gemeld.details["reden"] == "leidt_zelf" and gemeld.details["kijkt_mee"] == "thomas-kok"
    assert gemeld.details["teamleider"] == "sanne-de-vries"


def test_a_medewerker_who_missed_it_is_still_escalated_to_the_lead(gevuld, tmp_path, mailer, smtp):
    with transaction(gevuld) as session:
        laad_medewerkers(session=session, pad=schrijf_directory(tmp_path, {HORECA: "thomas-kok"}))
        mehmet = medewerker(session, "mehmet-yilmaz")
        zaak = maak.zaak(session, medewerker=mehmet, onderwerpen=("terrasvergunning",), moment=MAANDAG)
        maak.belofte(session, zaak=zaak, deadline=DEADLINE, moment=MAANDAG)
    run(gevuld, mailer, DEADLINE)
    [(_, mail)] = smtp.berichten
    assert mail["To"] == "s.devries@voorbeeldstad.nl" and mail["Cc"] == "m.yilmaz@voorbeeldstad.nl"
    [bericht] = berichten(gevuld)
    assert "Sanne de Vries, teamleider horeca en evenementen, kijkt nu mee" in bericht.tekst


def test_an_absent_lead_is_passed_over(gevuld, tmp_path, mailer, smtp):
    data_pad = schrijf_directory(tmp_path, {HORECA: "thomas-kok"})
    data = yaml.safe_load(data_pad.read_text(encoding="utf-8"))
    sanne = next(m for m in data["medewerkers"] if m["sleutel"] == "sanne-de-vries")
    sanne["afwezig"] = [{"van": VANDAAG, "tot_en_met": VANDAAG}]
    data_pad.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with transaction(gevuld) as session:
        laad_medewerkers(session=session, pad=data_pad)
        zaak = maak.zaak(session, medewerker=medewerker(session, "mehmet-yilmaz"), moment=MAANDAG)
        maak.belofte(session, zaak=zaak, deadline=DEADLINE, moment=MAANDAG)
    run(gevuld, mailer, DEADLINE)
    [(ontvangers, mail)] = smtp.berichten
    assert mail["To"] == "t.kok@voorbeeldstad.nl"
    assert sorted(ontvangers) == ["m.yilmaz@voorbeeldstad.nl", "s.devries@voorbeeldstad.nl", "t.kok@voorbeeldstad.nl"]
    assert "Sanne de Vries, afwezig is" in mail.get_content()
    assert "Thomas Kok" in berichten(gevuld)[0].tekst


def test_with_no_one_above_the_lead_the_email_says_so_and_the_entrepreneur_hears_no_name(gevuld, mailer, smtp):
    belofte_van_sanne(gevuld)  # the tests' directory names no one above any lead
    run(gevuld, mailer, DEADLINE)
    [(ontvangers, mail)] = smtp.berichten
    assert ontvangers == ["s.devries@voorbeeldstad.nl"] and mail["Cc"] is None
    inhoud = " ".join(mail.get_content().split())
    assert "geen melding aan een hogere leidinggevende" in inhoud
    assert "Sanne de Vries zelf teamleider is van dit team" in inhoud
    assert "niemand boven de teamleider" in inhoud
    [bericht] = berichten(gevuld)
    assert "kijkt nu mee" not in bericht.tekst and "intern gemeld" in bericht.tekst
    [gemeld] = audit(gevuld, "escalatie_verstuurd")
    assert gemeld.details["kijkt_mee"] is None and gemeld.details["aan"] == "s.devries@voorbeeldstad.nl"
    assert [m.soort for m in emails(gevuld)] == ["escalatie"]
