"""Field extraction by rules and field libraries (no spaCy NER)."""

from __future__ import annotations

import pytest

from bot.kern.velden import is_email, vind_email, vind_kvk_nummer, vind_telefoonnummer


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


def test_email():
    assert vind_email("mail naar Jan@Bakkerij-Jansen.nl graag") == "jan@bakkerij-jansen.nl"
    assert vind_email("geen adres") is None


def test_a_whole_value_is_checked_with_the_same_email_rule():
    assert is_email(" s.devries@voorbeeldstad.nl ")
    assert not is_email("daan-at-voorbeeldstad")
    assert not is_email("mail naar jan@example.nl graag")
