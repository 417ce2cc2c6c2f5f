"""Field extraction by rules and field libraries (no spaCy NER)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.kern.velden import vind_datum, vind_email, vind_kvk_nummer, vind_postcode, vind_telefoonnummer


@pytest.mark.parametrize(
    "tekst, nummer",
    [("bel me op 06-12345678", "+31612345678"), ("020 123 4567", "+31201234567"),
     ("+31 6 1234 5678", "+31612345678"), ("12345", None), ("mijn nummer is 0612", None)],
)
def test_telefoonnummer(tekst, nummer):
    assert vind_telefoonnummer(tekst) == nummer


@pytest.mark.parametrize(
    "tekst, nummer",
    [("KvK 1234 5678", "12345678"), ("kvk-nummer: 87654321", "87654321"), ("0612345678", None),
     ("1234567", None), ("123456789", None)],
)
def test_kvk_nummer(tekst, nummer):
    assert vind_kvk_nummer(tekst) == nummer


def test_email_and_postcode():
    assert vind_email("mail naar Jan@Bakkerij-Jansen.nl graag") == "jan@bakkerij-jansen.nl"
    assert vind_email("geen adres") is None
    assert vind_postcode("Dorpsstraat 1, 1234ab Voorbeeldstad") == "1234 AB"
    assert vind_postcode("0123 AB") is None


def test_dutch_dates_are_read_as_future_dates():
    nu = datetime(2026, 11, 22, 10, 0)
    assert vind_datum("15 maart", nu) == date(2027, 3, 15)
    assert vind_datum("15-3-2027", nu) == date(2027, 3, 15)
    assert vind_datum("morgen", nu) == date(2026, 11, 23)
    assert vind_datum("geen idee", nu) is None
