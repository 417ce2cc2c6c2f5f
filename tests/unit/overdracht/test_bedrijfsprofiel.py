"""Sector and area recognised in what the entrepreneur wrote, and used to pick the person."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.kennisbank.service import sla_artikelen_op
from bot.kern.settings import PROJECT_ROOT
from bot.medewerkers.bestand import lees_medewerkers
from bot.overdracht.bedrijfsprofiel import ProfielFout, herken_gebied, herken_sector, lees_profielregels
from bot.overdracht.service import draag_over
from tests import factories as maak

REGELS = lees_profielregels()
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize(
    "tekst, sector",
    [
        ("Ik wil een pizzeria beginnen", "horeca"),
        ("we hebben een Eetcafé aan de rand van de stad", "horeca"),
        ("mijn snackbar wil langer open", "horeca"),
        ("ik heb een kledingwinkel", "detailhandel"),
        ("wij zijn een machinefabriek met 40 man", "industrie"),
        ("ik sta met een foodtruck op festivals", "foodtrucks"),
        ("als zzp'er werk ik vanuit huis", "zzp"),
        ("het is haalbaar en zichtbaar", None),  # 'bar' only at the end of a real word
        ("ik wil iets vragen over de regels", None),
    ],
)
def test_the_sector_is_recognised_in_the_text(tekst, sector):
    assert herken_sector([tekst], None, REGELS) == sector


def test_without_words_the_subject_tells_the_sector():
    assert herken_sector(["ik wil tafels buiten zetten"], "terrasvergunning", REGELS) == "horeca"
    assert herken_sector(["hoe zit het met de openingstijden"], "winkeltijden", REGELS) == "detailhandel"
    assert herken_sector(["iets anders"], "subsidies", REGELS) is None


@pytest.mark.parametrize(
    "tekst, gebied",
    [
        ("een pand in de binnenstad", "binnenstad"),
        ("vlak bij het Station", "stationsgebied"),
        ("op bedrijventerrein Zuid, aan de Ambachtsweg", "bedrijventerrein-zuid"),
        ("onze boerderij ligt in de polder", "buitengebied"),
        ("ergens in Nederland", None),
    ],
)
def test_the_area_is_recognised_in_the_text(tekst, gebied):
    assert herken_gebied([tekst], REGELS) == gebied


def test_every_sector_and_area_is_one_that_staff_know():
    """The names must match config/medewerkers.yml, or routing can never use them.

    A check of the shipped configuration (the two files must agree), not of names in it.
    """
    staf = lees_medewerkers(PROJECT_ROOT / "config" / "medewerkers.yml").medewerkers
    sectoren = {s for m in staf for s in m.expertise_sectoren}
    gebieden = {g for m in staf for g in m.gebieden}
    assert {r.naam for r in REGELS.sectoren} <= sectoren
    assert {r.naam for r in REGELS.gebieden} <= gebieden


def test_a_broken_file_names_the_file_and_the_field(tmp_path: Path):
    pad = tmp_path / "bedrijfsprofiel.yml"
    pad.write_text("sectoren:\n  horeca:\n    woorden: []\ngebieden:\n  binnenstad:\n    woorden: [centrum]\n")
    with pytest.raises(ProfielFout, match=r"bedrijfsprofiel.yml.*sectoren\.horeca\.woorden"):
        lees_profielregels(pad)
    pad.write_text("sectoren:\n  horeca:\n    woorden: [cafe]\n    onderwerpen: [bestaat-niet]\n"
                   "gebieden:\n  binnenstad:\n    woorden: [centrum]\n")
    with pytest.raises(ProfielFout, match=r"sectoren\.horeca\.onderwerpen.*bestaat-niet"):
        lees_profielregels(pad, frozenset({"terrasvergunning"}))


@pytest.mark.parametrize(
    "wat, verwacht",
    [
        ("Ik wil in ons distributiecentrum een deel verhuren als opslag", "Fatima El Amrani"),  # logistiek
        ("Ik wil als aannemersbedrijf een loods gebruiken als werkplaats", "Pieter Jansen"),  # bouw
    ],
)
def test_routing_prefers_the_medewerker_who_knows_the_sector(session, artikelen, tmp_path, wat, verwacht):
    sla_artikelen_op(session=session, artikelen=artikelen, bron_map=tmp_path, door="test")
    # Anna knows the subject but no sector: without the sector her name would win.
    bouwen = maak.team(session, naam="vestiging-bouwen", leden=("Anna Algemeen", "Pieter Jansen", "Fatima El Amrani"),
                       onderwerpen=("gebruik-pand-wijzigen",))
    _, pieter, fatima = bouwen.leden
    pieter.expertise_sectoren = ["bouw", "industrie"]
    fatima.expertise_sectoren = ["industrie", "logistiek"]
    moment = datetime(2026, 11, 24, 10, 0, tzinfo=AMSTERDAM)  # a Tuesday: both work, both know the subject
    gegevens = maak.vraag(onderwerp="gebruik-pand-wijzigen", wat=wat, waarom="groei", hoe="volgend jaar",
                          bedrijfsnaam="Bedrijf BV")
    payload = draag_over(session=session, gegevens=gegevens, kanaal="rest", gesprek_id=f"g-{verwacht}", moment=moment)
    assert payload["medewerker"]["naam"] == verwacht
