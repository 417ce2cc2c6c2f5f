"""Urgency in the entrepreneur's own words (config/urgentie.yml, bot/overdracht/urgentie.py)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.overdracht.urgentie import Gevraagd, haalbaar, herken_urgentie, lees_urgentieregels

# a Tuesday morning in Amsterdam (09:00 local)
NU = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("tekst", "gevraagd"),
    [
        ("Het moet vandaag nog geregeld worden.", Gevraagd.VANDAAG),
        ("Kan iemand mij NOG VANDAAG bellen?", Gevraagd.VANDAAG),
        ("ik heb het vóór vanavond nodig", Gevraagd.VANDAAG),
        ("Morgen gaan we al open en ik heb nog geen vergunning!", Gevraagd.MORGEN),
        ("ik heb de ontheffing uiterlijk morgen nodig", Gevraagd.MORGEN),
        ("Het is spoed, de keuring is overmorgen", Gevraagd.SPOED),
        ("graag zo snel mogelijk, het is dringend", Gevraagd.SPOED),
        ("Ik moet de aanvraag vóór vrijdag binnen hebben", Gevraagd.DATUM),
        ("het festival is op 12 juni, ik heb de vergunning nodig voor 1 juni", Gevraagd.DATUM),
        ("we gaan over 5 dagen open en er is nog niks geregeld", Gevraagd.DATUM),
        ("mijn ontheffing verloopt en ik hoor niks", Gevraagd.DATUM),
        ("als dit niet lukt moet ik de zaak sluiten, anders moet ik dicht", Gevraagd.DATUM),
    ],
)
def test_urgency_in_the_entrepreneurs_words_is_recognised(tekst, gevraagd):
    urgentie = herken_urgentie([tekst])
    assert urgentie is not None and urgentie.gevraagd == gevraagd


@pytest.mark.parametrize(
    "tekst",
    [
        "ik ben vandaag begonnen met mijn bedrijf",
        "Morgen heb ik een afspraak bij de bank, maar ik wil nu weten wat een terras kost",
        "Er is geen haast, ik oriënteer me alleen",
        "Het is niet dringend hoor",
        "Ik wil volgend voorjaar een lunchroom openen",
        "wat kost een vergunning voor een evenement in juni?",
        "ik heb 5 medewerkers en 2 vestigingen",
    ],
)
def test_words_that_only_look_urgent_do_not_count(tekst):
    assert herken_urgentie([tekst]) is None


def test_all_messages_of_the_conversation_count_and_the_first_kind_in_the_file_wins():
    urgentie = herken_urgentie(["ik wil een terras", None, "spoed graag", "het moet vandaag nog"])
    assert urgentie.gevraagd == Gevraagd.VANDAAG and urgentie.zin == "vandaag nog"


def test_honest_about_the_day_asked_for():
    vandaag = herken_urgentie(["vandaag nog graag"])
    assert haalbaar(vandaag, datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc), NU) is True
    assert haalbaar(vandaag, datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc), NU) is False
    morgen = herken_urgentie(["morgen gaan we al open"])
    assert haalbaar(morgen, datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc), NU) is True
    assert haalbaar(herken_urgentie(["het is spoed"]), datetime(2026, 11, 30, tzinfo=timezone.utc), NU) is None


def test_a_broken_urgency_file_names_the_file_and_the_field(tmp_path: Path):
    pad = tmp_path / "urgentie.yml"
    pad.write_text("urgentie:\n  signalen:\n    - gevraagd: gisteren\n      zinnen: [spoed]\n"
                   "    - gevraagd: datum\n      zinnen: ['voor {week}']\n", encoding="utf-8")
    with pytest.raises(ValueError) as fout:
        lees_urgentieregels(pad)
    assert str(pad) in str(fout.value) and "signalen" in str(fout.value)


def test_the_configured_phrases_are_read():
    regels = lees_urgentieregels()
    assert [gevraagd for gevraagd, _ in regels.signalen] == list(Gevraagd)
    assert "vrijdag" in regels.groepen["dag"]
