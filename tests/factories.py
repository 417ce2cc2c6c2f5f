"""Small factories for test data: staff, teams, entrepreneurs, cases and promises.

Tests make the people and cases they need here instead of loading the demo directory
(config/medewerkers.yml), which the municipality edits. Every factory takes a session, writes
through the same models and services as the code under test, flushes, and never commits.
Keyword arguments override the defaults::

    from tests import factories as maak

    mehmet = maak.medewerker(session, naam="Mehmet Yılmaz", onderwerpen=("terrasvergunning",))
    horeca = maak.team(session, leden=("Mehmet Yılmaz",), onderwerpen=("terrasvergunning",))
    zaak = maak.zaak(session, medewerker=horeca.leden[0], moment=MAANDAG)
    belofte = maak.belofte(session, zaak=zaak, deadline=DINSDAG)

``horecateam`` makes the three horeca people of the demo (Sanne de Vries, Mehmet Yılmaz, Lotte
Bakker) and ``testdirectory`` loads all of the tests' own copy of the demo directory.

Without a ``naam`` a medewerker is called "Medewerker 1", "Medewerker 2", ...; the ``sleutel``
is made from the name ("Mehmet Yılmaz" -> "mehmet-yilmaz"), the e-mail address from the sleutel.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.kern.settings import PROJECT_ROOT
from bot.kern.tijd import utcnow
from bot.medewerkers.directory import laad_medewerkers
from bot.medewerkers.models import Medewerker, MedewerkerAfwezigheid
from bot.overdracht.service import Vraaggegevens
from bot.zaken import service
from bot.zaken.models import Belofte, BelofteActie, BelofteStatus, Ondernemer, Zaak, ZaakStatus

HORECA = "horeca-evenementen"
TESTDIRECTORY = PROJECT_ROOT / "tests" / "data" / "medewerkers.yml"
WERKWEEK = (0, 1, 2, 3, 4)  # Monday to Friday
_volgnummer = itertools.count(1)


# --- staff ---------------------------------------------------------------------------------------


def medewerker(
    session: Session,
    *,
    naam: str | None = None,
    sleutel: str | None = None,
    functie: str = "medewerker",
    teams: Iterable[str] = (HORECA,),
    leidt_teams: Iterable[str] = (),
    boven_teamleider_voor: Iterable[str] = (),
    onderwerpen: Iterable[str] = (),
    sectoren: Iterable[str] = (),
    gebieden: Iterable[str] = (),
    telefoon: str = "06-90000000",
    email: str | None = None,
    dagen: Iterable[int] = WERKWEEK,
    begin: time = time(8, 30),
    eind: time = time(17, 0),
    afwezig: Iterable[tuple[date, date]] = (),
    actief: bool = True,
) -> Medewerker:
    """An active medewerker in ``teams`` who works Monday to Friday 08:30-17:00.

    ``onderwerpen`` and ``sectoren`` are the expertise; ``afwezig`` holds (van, tot_en_met) pairs;
    ``boven_teamleider_voor`` the teams whose lead this medewerker is above.
    """
    naam = naam or f"Medewerker {next(_volgnummer)}"
    sleutel = sleutel or _sleutel_van(naam)
    rij = Medewerker(
        sleutel=sleutel,
        naam=naam,
        functie=functie,
        teams=list(teams),
        leidt_teams=list(leidt_teams),
        boven_teamleider_voor=list(boven_teamleider_voor),
        expertise_onderwerpen=list(onderwerpen),
        expertise_sectoren=list(sectoren),
        gebieden=list(gebieden),
        telefoon=telefoon,
        email=email or f"{sleutel}@voorbeeldstad.nl",
        werkdagen=sorted(set(dagen)),
        werktijd_begin=begin,
        werktijd_eind=eind,
        actief=actief,
        afwezigheden=[MedewerkerAfwezigheid(van=van, tot_en_met=tot) for van, tot in afwezig],
    )
    session.add(rij)
    session.flush()
    return rij


_nieuwe_medewerker = medewerker  # for the factories below whose argument is called medewerker


def teamleider(session: Session, *, team: str = HORECA, **velden: Any) -> Medewerker:
    """A medewerker who is a member of ``team`` and leads it."""
    velden.setdefault("functie", f"teamleider {team}")
    teams = list(velden.pop("teams", ()))
    leidt_teams = list(velden.pop("leidt_teams", ()))
    return medewerker(session, teams=[team, *(t for t in teams if t != team)],
                      leidt_teams=[team, *(t for t in leidt_teams if t != team)], **velden)


@dataclass(frozen=True)
class Team:
    naam: str
    leider: Medewerker
    leden: tuple[Medewerker, ...]


def team(
    session: Session,
    *,
    naam: str = HORECA,
    leider: str | None = None,
    leden: Iterable[str] = ("Medewerker van het team",),
    onderwerpen: Iterable[str] = (),
    **velden: Any,
) -> Team:
    """A team: a lead without expertise and members (by name) who know ``onderwerpen``.

    Further keyword arguments (``dagen``, ``sectoren`` ...) apply to every member.
    """
    hoofd = teamleider(session, team=naam, naam=leider or f"Teamleider {naam}")
    onderwerpen = tuple(onderwerpen)
    return Team(
        naam=naam,
        leider=hoofd,
        leden=tuple(medewerker(session, naam=lid, teams=(naam,), onderwerpen=onderwerpen, **velden) for lid in leden),
    )


def horecateam(session: Session) -> Team:
    """The horeca team as in the demo directory, for tests of the whole handoff.

    Sanne de Vries leads it; Mehmet Yılmaz (works ma, di, do) gets a terrace question, because
    both know the subject and his name comes first; Lotte Bakker (evenementen) is a colleague,
    away from 16 November to 4 December 2026.
    """
    sanne = teamleider(
        session, naam="Sanne de Vries", functie="teamleider horeca en evenementen", telefoon="06-91234501",
        email="s.devries@voorbeeldstad.nl", onderwerpen=("exploitatievergunning", "alcoholvergunning", "terrasvergunning"),
        sectoren=("horeca",), gebieden=("binnenstad",),
    )
    mehmet = medewerker(
        session, naam="Mehmet Yılmaz", functie="accountmanager horeca", telefoon="06-91234502",
        email="m.yilmaz@voorbeeldstad.nl", dagen=(0, 1, 3),
        onderwerpen=("terrasvergunning", "sluitingstijden", "speelautomaten", "alcoholvergunning", "exploitatievergunning"),
        sectoren=("horeca", "recreatie"), gebieden=("binnenstad", "stationsgebied"),
    )
    lotte = medewerker(
        session, naam="Lotte Bakker", functie="vergunningverlener evenementen", telefoon="06-91234503",
        email="l.bakker@voorbeeldstad.nl",
        onderwerpen=("evenementenvergunning", "alcohol-ontheffing-evenement", "geluid-ontheffing"),
        sectoren=("evenementen", "sport", "recreatie"), gebieden=("binnenstad", "buitengebied"),
        afwezig=[(date(2026, 11, 16), date(2026, 12, 4))],
    )
    return Team(naam=HORECA, leider=sanne, leden=(mehmet, lotte))


def testdirectory(session: Session) -> None:
    """Every medewerker of the tests' copy of the demo directory (tests/data/medewerkers.yml).

    For tests that hand off any subject of any team, as the assistant does end to end.
    """
    laad_medewerkers(session=session, pad=TESTDIRECTORY)


def _sleutel_van(naam: str) -> str:
    """'Mehmet Yılmaz' -> 'mehmet-yilmaz' (the form of the directory's sleutels)."""
    zonder_accenten = unicodedata.normalize("NFKD", naam.lower().replace("ı", "i"))
    ascii_ = zonder_accenten.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


# --- cases and promises --------------------------------------------------------------------------


def ondernemer(
    session: Session,
    *,
    kanaal: str = "rest",
    kanaal_id: str = "g1",
    contactnaam: str | None = "Ans Bos",
    bedrijfsnaam: str | None = "Café De Hoek",
    kvk_nummer: str | None = "12345678",
    telefoon: str | None = "+31612345678",
    email: str | None = None,
    moment: datetime | None = None,
) -> Ondernemer:
    """The entrepreneur known by this channel identity (made when new), as the assistant records one."""
    return service.zoek_of_maak_ondernemer(
        session=session, kanaal=kanaal, kanaal_id=kanaal_id, contactnaam=contactnaam, bedrijfsnaam=bedrijfsnaam,
        kvk_nummer=kvk_nummer, telefoon=telefoon, email=email, moment=moment,
    )


_nieuwe_ondernemer = ondernemer


def zaak(
    session: Session,
    *,
    medewerker: Medewerker | None = None,
    ondernemer: Ondernemer | None = None,
    met_ondernemer: bool = True,
    kanaal: str = "rest",
    gesprek_id: str = "g1",
    onderwerpen: Iterable[str] = ("terrasvergunning",),
    wat: str | None = "een terras",
    waarom: str | None = "meer klanten",
    hoe: str | None = "in maart",
    samenvatting: str = "Wat: een terras\nWaarom: meer klanten\nHoe en wanneer: in maart",
    details: dict[str, Any] | None = None,
    status: ZaakStatus = ZaakStatus.TOEGEWEZEN,
    door: str = "test",
    moment: datetime | None = None,
) -> Zaak:
    """A case on a channel and conversation, with its number and audit row.

    Without ``medewerker`` a new one is made; without ``ondernemer`` the entrepreneur of this
    conversation is made (unless ``met_ondernemer=False``). A ``status`` other than
    ``toegewezen`` is set afterwards (``afgerond`` also sets ``afgerond_op``).
    """
    if medewerker is None:
        medewerker = _nieuwe_medewerker(session)
    if ondernemer is None and met_ondernemer:
        ondernemer = _nieuwe_ondernemer(session, kanaal=kanaal, kanaal_id=gesprek_id, moment=moment)
    nieuw = service.maak_zaak(
        session=session, onderwerpen=list(onderwerpen), wat=wat, waarom=waarom, hoe=hoe, samenvatting=samenvatting,
        kanaal=kanaal, gesprek_id=gesprek_id, medewerker=medewerker, ondernemer=ondernemer, details=details,
        door=door, moment=moment,
    )
    if status != ZaakStatus.TOEGEWEZEN:
        nieuw.status = status
        if status == ZaakStatus.AFGEROND:
            nieuw.afgerond_op = nieuw.aangemaakt_op
        session.flush()
    return nieuw


_nieuwe_zaak = zaak


def belofte(
    session: Session,
    *,
    zaak: Zaak | None = None,
    medewerker: Medewerker | None = None,
    actie: BelofteActie = BelofteActie.TERUGBELLEN,
    deadline: datetime | None = None,
    zin: str | None = None,
    status: BelofteStatus = BelofteStatus.OPEN,
    door: str = "test",
    moment: datetime | None = None,
) -> Belofte:
    """A promise on ``zaak`` (a new case when not given) by its medewerker, due a day after ``moment``."""
    if zaak is None:
        zaak = _nieuwe_zaak(session, medewerker=medewerker, moment=moment)
    medewerker = medewerker or zaak.medewerker
    deadline = deadline or (moment or utcnow()) + timedelta(days=1)
    zin = zin or f"{medewerker.naam} neemt contact met u op over zaak {zaak.nummer}."
    nieuw = service.maak_belofte(session=session, zaak=zaak, medewerker=medewerker, actie=actie, deadline=deadline,
                                 zin=zin, door=door, moment=moment)
    if status != BelofteStatus.OPEN:
        nieuw.status = status
        session.flush()
    return nieuw


def vraag(**velden: Any) -> Vraaggegevens:
    """What the probing form collected, as ``draag_over`` takes it: a terrace for Café De Hoek."""
    standaard: dict[str, Any] = dict(
        onderwerp="terrasvergunning", wat="een terras", waarom="meer klanten", hoe="in maart",
        bedrijfsnaam="Café De Hoek", kvk_nummer="12345678", contactnaam="Ans Bos", telefoon="+31612345678",
        email=None,
    )
    return Vraaggegevens(**(standaard | velden))


def verhuis_artikel(session: Session, artikel_id: str, *, naar_team: str) -> None:
    """Publish a new version of ``artikel_id`` that belongs to ``naar_team`` (as a beheerder can)."""
    from bot.kennisbank.models import KennisbankArtikel
    from bot.kennisbank.service import publiceer_artikel

    inhoud = session.get(KennisbankArtikel, artikel_id).inhoud
    publiceer_artikel(session=session, data={**inhoud, "team": naar_team}, door="test",
                      toelichting="naar een ander team", vandaag=date(2026, 11, 23))
