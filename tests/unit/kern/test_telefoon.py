"""Phone numbers: one set of rules for what entrepreneurs type and for the staff directory."""

from __future__ import annotations

import pytest

from bot.kern.telefoon import is_telefoonnummer, telefoonnummer, vind_telefoonnummer


@pytest.mark.parametrize(
    "tekst, nummer",
    [("06-12345678", "+31612345678"), ("020 123 4567", "+31201234567"), ("+31 (0)6 1234 5678", "+31612345678"),
     ("0031 6 12345678", "+31612345678"), ("+32 470 12 34 56", "+32470123456"),
     # 06 and eight digits is taken as typed, even in a range not assigned yet
     ("06-92837465", "+31692837465"), ("0673829104", "+31673829104")],
)
def test_an_existing_number_in_any_usual_notation_becomes_e164(tekst, nummer):
    assert telefoonnummer(tekst) == nummer


@pytest.mark.parametrize("tekst", ["06-9123450", "06-123456789", "14 0123", "0612", "12345", "06-1234567a", "0800-FLOWERS", ""])
def test_what_does_not_exist_or_is_no_number_is_refused(tekst):
    assert telefoonnummer(tekst) is None


@pytest.mark.parametrize("tekst", ["06-91234501", "14 0123", "06-12345678", "+31 20 123 4567"])
def test_the_directory_accepts_the_form_of_a_number_such_as_fictional_and_short_numbers(tekst):
    assert is_telefoonnummer(tekst, bestaand=False)


@pytest.mark.parametrize("tekst", ["06", "0612", "bel maar", "06-1234567a", "0800-FLOWERS"])
def test_the_directory_still_refuses_what_is_not_a_number(tekst):
    assert not is_telefoonnummer(tekst, bestaand=False)


def test_the_first_existing_number_is_found_in_a_text():
    assert vind_telefoonnummer("mijn oude 06-9123450, nu 06-12345678 of 020 123 4567") == "+31612345678"
    assert vind_telefoonnummer("bel me maar") is None


@pytest.mark.parametrize("tekst", ["mijn zaaknummer is ON-2026-44812", "over zaak 2026-44812", "kvk 12345678"])
def test_a_case_number_or_other_digits_in_a_text_are_no_phone_number(tekst):
    """Read without its 0, "2026-44812" would be the Amsterdam number 020 264 4812."""
    assert vind_telefoonnummer(tekst) is None


def test_a_foreign_number_in_a_text_is_found():
    assert vind_telefoonnummer("bel me op +32 470 12 34 56 aub") == "+32470123456"
    assert vind_telefoonnummer("of 0049 151 23456789") == "+4915123456789"
