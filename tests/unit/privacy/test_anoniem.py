"""Anonymised question text (bot/privacy/anoniem.py): who asked goes, what was asked stays.

How much it catches on held-out sentences is measured by benchmarks/anonimiseren.py; these are
the cases it must always get right."""

from __future__ import annotations

import pytest

from bot.privacy.anoniem import anonimiseer, met_hoofdletters, vervang


@pytest.mark.parametrize("tekst, weg, blijft", [
    ("Goedemiddag, met Wilhelmina Oosterbroek, KvK 73920481. Mag ik bloemen verkopen op de markt? Bel 06-48213795",
     ["Oosterbroek", "73920481", "48213795"], ["bloemen", "markt"]),
    ("mijn naam is Fatima el Amrani, ik wil een foodtruck starten. mail fatima@voorbeeld.nl",
     ["Fatima", "Amrani", "fatima@voorbeeld.nl"], ["foodtruck"]),
    ("hoeveel precario betaal ik voor 4 tafeltjes", [], ["precario", "tafeltjes"]),
    ("ik ben jan de vries en heb een kapsalon, wat kost een reclamebord", ["jan", "vries"], ["kapsalon", "reclamebord"]),
    ("ons café zit op Kerkstraat 12, 1234 AB, mag daar een terras", ["Kerkstraat 12", "1234 AB"], ["terras"]),
])
def test_personal_details_go_and_the_subject_stays(tekst, weg, blijft):
    uit = anonimiseer(tekst)
    assert [stuk for stuk in weg if stuk.lower() in uit.lower()] == [], uit
    assert [woord for woord in blijft if woord not in uit] == [], uit


def test_empty_text_stays_empty():
    assert anonimiseer("") == "" and anonimiseer("  ") == "  "


def test_the_capitalised_reading_keeps_every_position():
    tekst = "ik ben ŝtefan ßauer, tel 06-12345678"
    assert len(met_hoofdletters(tekst)) == len(tekst) and met_hoofdletters("jan de vries") == "Jan De Vries"


def test_overlapping_finds_become_one_tag():
    assert vervang("bel jan de vries nu", [(4, 7, "persoon"), (4, 16, "persoon"), (8, 16, "persoon")]) == "bel [PERSOON] nu"
    assert vervang("a b c", []) == "a b c"

