"""Choosing the one responsible medewerker: team, expertise, sector, area, availability, workload, lead.

Unless a test says otherwise the case is handed off on Tuesday 3 March 2026 at 10:00 in
Voorbeeldstad, and everyone works Monday to Friday 08:30-17:00.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kern.werktijden import Afwezigheid
from bot.medewerkers.models import Medewerker
from bot.overdracht.routing import kies_medewerker
from bot.zaken.models import ZaakStatus
from tests import factories as maak

AMS = ZoneInfo("Europe/Amsterdam")
DINSDAG = datetime(2026, 3, 3, 10, 0, tzinfo=AMS)
HORECA = "horeca-evenementen"
TEAMS = {
    "terrasvergunning": HORECA,
    "sluitingstijden": HORECA,
    "evenementenvergunning": HORECA,
    "weekmarkt": "detailhandel-centrum",
}


def persoon(
    sleutel: str,
    *,
    teams: tuple[str, ...] = (HORECA,),
    onderwerpen: tuple[str, ...] = (),
    sectoren: tuple[str, ...] = (),
    gebieden: tuple[str, ...] = (),
    dagen: frozenset[int] = frozenset(range(5)),
    afwezig: tuple[Afwezigheid, ...] = (),
) -> dict:
    """The factory fields of one medewerker (tests/factories.py); the name is made from the sleutel."""
    return dict(sleutel=sleutel, naam=sleutel.replace("-", " ").title(), teams=teams, onderwerpen=onderwerpen,
                sectoren=sectoren, gebieden=gebieden, dagen=dagen, afwezig=[(a.van, a.tot_en_met) for a in afwezig])


def team(session, *personen: dict, leider: str = "lea-leider") -> None:
    """Store ``personen`` plus the lead of the horeca team (no expertise) and a market team."""
    for velden in personen:
        maak.medewerker(session, **velden)
    maak.teamleider(session, team=HORECA, **persoon(leider))
    maak.teamleider(session, team="detailhandel-centrum", **persoon("mia-markt", teams=("detailhandel-centrum",)))


def kies(session, onderwerpen=("terrasvergunning",), sector=None, gebied=None, moment=DINSDAG, gewenst=None,
         coordinerend_team=None) -> str:
    gekozen = kies_medewerker(
        session=session,
        onderwerp_ids=list(onderwerpen),
        teams_per_onderwerp=TEAMS,
        sector=sector,
        gebied=gebied,
        moment=moment,
        gewenst=gewenst,
        coordinerend_team=coordinerend_team,
    )
    return gekozen.sleutel


def geef_zaken(session, sleutel: str, aantal: int, status: ZaakStatus = ZaakStatus.TOEGEWEZEN) -> None:
    medewerker = session.execute(select(Medewerker).where(Medewerker.sleutel == sleutel)).scalar_one()
    for _ in range(aantal):
        maak.zaak(session, medewerker=medewerker, met_ondernemer=False, gesprek_id="eerder", status=status,
                  moment=DINSDAG)


# --- expertise, sector, area ---------------------------------------------------------------------


def test_expertise_wins_over_sector_and_area(session):
    team(
        session,
        persoon("anna-algemeen", sectoren=("horeca",), gebieden=("binnenstad",)),
        persoon("ties-terras", onderwerpen=("terrasvergunning",)),
    )
    assert kies(session, sector="horeca", gebied="binnenstad") == "ties-terras"


def test_expertise_in_more_of_the_cases_subjects_wins(session):
    team(
        session,
        persoon("ties-terras", onderwerpen=("terrasvergunning",)),
        persoon("bram-beide", onderwerpen=("terrasvergunning", "sluitingstijden")),
    )
    assert kies(session, onderwerpen=("terrasvergunning", "sluitingstijden")) == "bram-beide"


def test_sector_breaks_a_tie_in_expertise_even_against_more_open_cases(session):
    team(
        session,
        persoon("anna-terras", onderwerpen=("terrasvergunning",)),
        persoon("henk-horeca", onderwerpen=("terrasvergunning",), sectoren=("horeca",)),
    )
    geef_zaken(session, "henk-horeca", 3)
    assert kies(session, sector="Horeca") == "henk-horeca"


def test_area_breaks_a_tie_in_expertise_and_sector(session):
    team(
        session,
        persoon("anna-terras", onderwerpen=("terrasvergunning",), sectoren=("horeca",)),
        persoon("bea-binnenstad", onderwerpen=("terrasvergunning",), sectoren=("horeca",), gebieden=("binnenstad",)),
    )
    assert kies(session, sector="horeca", gebied="binnenstad") == "bea-binnenstad"


def test_sector_counts_before_area(session):
    team(
        session,
        persoon("bea-binnenstad", gebieden=("binnenstad",)),
        persoon("henk-horeca", sectoren=("horeca",)),
    )
    assert kies(session, sector="horeca", gebied="binnenstad") == "henk-horeca"


def test_only_the_team_of_the_first_subject_is_considered(session):
    team(session, persoon("ties-terras", onderwerpen=("terrasvergunning", "weekmarkt")))
    assert kies(session, onderwerpen=("weekmarkt", "terrasvergunning")) == "mia-markt"


# --- availability --------------------------------------------------------------------------------


def test_an_absent_medewerker_is_skipped(session):
    vakantie = (Afwezigheid(van=date(2026, 3, 2), tot_en_met=date(2026, 3, 6)),)
    team(
        session,
        persoon("ties-terras", onderwerpen=("terrasvergunning",), afwezig=vakantie),
        persoon("anna-algemeen"),
    )
    assert kies(session) == "anna-algemeen"


def test_a_part_timer_is_skipped_on_a_day_off(session):
    team(
        session,
        persoon("ties-terras", onderwerpen=("terrasvergunning",), dagen=frozenset({0, 1, 3})),  # ma, di, do
        persoon("anna-algemeen"),
    )
    assert kies(session) == "ties-terras"  # Tuesday: works
    assert kies(session, moment=datetime(2026, 3, 4, 10, 0, tzinfo=AMS)) == "anna-algemeen"  # Wednesday: day off


def test_when_no_one_works_today_those_of_the_next_working_day_are_chosen(session):
    team(
        session,
        persoon("ties-terras", onderwerpen=("terrasvergunning",), dagen=frozenset({4})),  # only Fridays
        persoon("anna-algemeen", dagen=frozenset({1})),  # only Tuesdays
        leider="lea-leider",
    )
    # Saturday 2 May: the next working day is Monday 4 May, on which of the team only the lead works.
    assert kies(session, moment=datetime(2026, 5, 2, 10, 0, tzinfo=AMS)) == "lea-leider"
    # Koningsdag, Monday 27 April, is a public holiday: the next working day is Tuesday 28 April,
    # on which Anna and the lead work; neither knows the subject, so the name decides.
    assert kies(session, moment=datetime(2026, 4, 27, 10, 0, tzinfo=AMS)) == "anna-algemeen"


def test_the_local_date_decides_today(session):
    team(
        session,
        persoon("vera-vrijdag", onderwerpen=("terrasvergunning",), dagen=frozenset({4})),
        persoon("dirk-donderdag", onderwerpen=("terrasvergunning",), dagen=frozenset({3})),
    )
    donderdagavond_utc = datetime(2026, 3, 5, 23, 30, tzinfo=ZoneInfo("UTC"))  # already Friday 00:30 in Voorbeeldstad
    assert kies(session, moment=donderdagavond_utc) == "vera-vrijdag"


# --- workload, name, team lead -------------------------------------------------------------------


def test_the_fewest_open_cases_wins_and_finished_cases_do_not_count(session):
    team(
        session,
        persoon("anna-terras", onderwerpen=("terrasvergunning",)),
        persoon("bram-terras", onderwerpen=("terrasvergunning",)),
    )
    geef_zaken(session, "anna-terras", 2)
    geef_zaken(session, "bram-terras", 1)
    geef_zaken(session, "bram-terras", 5, status=ZaakStatus.AFGEROND)
    assert kies(session) == "bram-terras"


def test_the_name_decides_when_everything_else_is_equal(session):
    team(
        session,
        persoon("zoe-terras", onderwerpen=("terrasvergunning",)),
        persoon("bram-terras", onderwerpen=("terrasvergunning",)),
    )
    assert kies(session) == "bram-terras"


def test_the_team_lead_takes_the_case_when_no_one_in_the_team_is_available(session):
    vakantie = (Afwezigheid(van=date(2026, 3, 2), tot_en_met=date(2026, 3, 13)),)
    maak.medewerker(session, **persoon("ties-terras", onderwerpen=("terrasvergunning",), afwezig=vakantie))
    maak.teamleider(session, team=HORECA, **persoon("lea-leider", afwezig=vakantie))
    assert kies(session) == "lea-leider"  # even though the lead is away too


def test_inactive_medewerkers_are_never_chosen(session):
    ties = persoon("ties-terras", onderwerpen=("terrasvergunning",))
    team(session, persoon("anna-algemeen"))
    maak.medewerker(session, **ties, actief=False)  # Ties left the directory
    assert kies(session) == "anna-algemeen"


def test_a_case_needs_a_subject_with_a_team_and_an_aware_moment(session):
    team(session, persoon("anna-algemeen"))
    with pytest.raises(ValueError, match="at least one subject"):
        kies(session, onderwerpen=())
    with pytest.raises(ValueError, match="no team"):
        kies(session, onderwerpen=("onbekend",))
    with pytest.raises(ValueError, match="time zone"):
        kies(session, moment=datetime(2026, 3, 3, 10, 0))


# --- a realistic directory (the tests' copy of the demo directory) ------------------------------


@pytest.mark.parametrize(
    ("onderwerp", "sector", "gebied", "moment", "verwacht"),
    [
        # Tuesday: Mehmet and Sanne both know terrassen, horeca and the binnenstad; the name decides.
        ("terrasvergunning", "horeca", "binnenstad", datetime(2026, 11, 24, 10, 0, tzinfo=AMS), "mehmet-yilmaz"),
        # Wednesday is Mehmet's day off.
        ("terrasvergunning", "horeca", "binnenstad", datetime(2026, 11, 25, 10, 0, tzinfo=AMS), "sanne-de-vries"),
        # Lotte knows evenementen but is away until 4 December; no one else knows the subject.
        ("evenementenvergunning", None, "buitengebied", datetime(2026, 11, 24, 10, 0, tzinfo=AMS), "mehmet-yilmaz"),
        # After her absence Lotte is back.
        ("evenementenvergunning", None, None, datetime(2026, 12, 7, 10, 0, tzinfo=AMS), "lotte-bakker"),
        # A factory on the industrial estate asking for building permission: Pieter (sector industrie and bouw).
        (
            "omgevingsvergunning-bouwen", "industrie", "bedrijventerrein-noord",
            datetime(2026, 11, 24, 10, 0, tzinfo=AMS), "pieter-jansen",
        ),
    ],
)
def test_a_realistic_directory_routes_as_expected(session, onderwerpen, onderwerp, sector, gebied, moment, verwacht):
    maak.testdirectory(session)
    gekozen = kies_medewerker(
        session=session,
        onderwerp_ids=[onderwerp],
        teams_per_onderwerp={o.id: o.team for o in onderwerpen},
        sector=sector,
        gebied=gebied,
        moment=moment,
    )
    assert gekozen.sleutel == verwacht


# --- a medewerker asked for by name --------------------------------------------------------------


def test_the_medewerker_asked_for_by_name_gets_the_case_when_it_is_their_teams(session):
    team(session, persoon("eva-expert", onderwerpen=("terrasvergunning",)), persoon("jan-collega"),
         persoon("joost-markt", teams=("detailhandel-centrum",)), persoon("anna-accountmanager", teams=("economie",)))
    assert kies(session, gewenst="jan-collega") == "jan-collega"
    assert kies(session) == "eva-expert"
    # another team's subject: the rules decide (the action tells the entrepreneur why)
    assert kies(session, gewenst="joost-markt") == "eva-expert"
    assert kies(session, onderwerpen=("terrasvergunning", "weekmarkt"), gewenst="joost-markt") == "joost-markt"
    # the coordinating team's accountmanagers take any question
    assert kies(session, gewenst="anna-accountmanager", coordinerend_team="economie") == "anna-accountmanager"


def test_the_medewerker_asked_for_by_name_who_is_away_or_gone_does_not_get_the_case(session):
    week_weg = Afwezigheid(van=date(2026, 3, 2), tot_en_met=date(2026, 3, 13))
    team(session, persoon("eva-expert", onderwerpen=("terrasvergunning",)), persoon("otto-weg", afwezig=(week_weg,)))
    maak.medewerker(session, **persoon("vera-vertrokken"), actief=False)
    assert kies(session, gewenst="otto-weg") == "eva-expert"
    assert kies(session, gewenst="vera-vertrokken") == "eva-expert"
    assert kies(session, gewenst="niemand-bekend") == "eva-expert"
