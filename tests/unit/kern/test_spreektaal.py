import pytest

from bot.kern.spreektaal import voluit, zonder_accenten


@pytest.mark.parametrize("getypt, gelezen", [
    ("hoeveel krijg je max per bedrijf", "hoeveel krijg je maximaal per bedrijf"),
    ("mn zaak ligt ivm werkzaamheden stil", "mijn zaak ligt in verband met werkzaamheden stil"),
    ("hoe ver van te voren", "hoe ver van tevoren"),
    ("open t/m zaterdag", "open tot en met zaterdag"),
    ("wnr komt iemand vd gemeente", "wanneer komt iemand van de gemeente"),
])
def test_chat_abbreviations_are_written_out(getypt, gelezen):
    assert voluit(getypt) == gelezen


@pytest.mark.parametrize("tekst", ["maxima", "admn", "15 min", "ivmx", "de mnr", "v/dag", "mijn bv"])
def test_only_whole_abbreviations_are_written_out(tekst):
    assert voluit(tekst) == tekst


def test_accents_are_folded_as_a_phone_keyboard_types():
    assert zonder_accenten("Verklaring Sociale Hygiëne, café, één") == "Verklaring Sociale Hygiene, cafe, een"
