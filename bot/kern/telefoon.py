"""Phone numbers, with one set of rules (``phonenumbers``, Dutch numbers by default).

Two strengths, because two kinds of text need them:

- what an entrepreneur types must be a number that exists (``is_valid_number``), or have the
  form of a Dutch mobile number (06 and eight digits: not every 06 range is assigned, but a
  number of the right length is not a typo, and asking for it again and again loses the case);
  a number of the wrong length is asked again rather than stored;
- the staff directory may hold numbers that merely have the form of a Dutch or international
  number (``is_possible_number``): the demo directory's fictional 06-9 numbers, a municipal
  short number such as 14 0123.

Letters are never read as keypad digits (phonenumbers would turn "0800-FLOWERS" into digits).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from bot.kern.invoer import begrens

REGIO = "NL"
# only digits, spaces, dashes, dots, parentheses and a leading + (or 00)
TELEFOON_TEKENS = re.compile(r"^\+?[\d\s\-().]+$")
# a candidate inside a longer text: at least nine characters from the first to the last digit
KANDIDAAT_IN_TEKST = re.compile(r"(?:\+|00)?\d[\d\s\-().]{7,}\d")


def telefoonnummer(tekst: str, *, bestaand: bool = True) -> str | None:
    """``tekst`` as one phone number in E.164 form (+31612345678), or None when it is not one.

    With ``bestaand`` the number must exist (an assigned range); without it, it only needs the
    form of a number (length and country code), which is what the staff directory checks.
    """
    tekst = tekst.strip()
    if not TELEFOON_TEKENS.match(tekst):
        return None
    try:
        nummer = phonenumbers.parse(tekst, REGIO)
    except phonenumbers.NumberParseException:
        return None
    if bestaand:
        geldig = phonenumbers.is_valid_number(nummer) or _heeft_vorm_van_mobiel(nummer)
    else:
        geldig = phonenumbers.is_possible_number(nummer)
    return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164) if geldig else None


def _heeft_vorm_van_mobiel(nummer: phonenumbers.PhoneNumber) -> bool:
    nationaal = str(nummer.national_number)
    return nummer.country_code == 31 and len(nationaal) == 9 and nationaal.startswith("6")


def is_telefoonnummer(tekst: str, *, bestaand: bool = True) -> bool:
    return telefoonnummer(tekst, bestaand=bestaand) is not None


def vind_telefoonnummer(tekst: str) -> str | None:
    """The first existing phone number in a free text (its first MAX_TEKENS characters), in E.164 form, or None."""
    return next(_nummers_in(begrens(tekst)), None)


def _nummers_in(tekst: str) -> Iterator[str]:
    for kandidaat in KANDIDAAT_IN_TEKST.finditer(tekst):
        if not kandidaat.group(0).startswith(("+", "0")):
            continue  # in a text a phone number starts with 0, 00 or +: "ON-2026-44812" is a case number
        nummer = telefoonnummer(kandidaat.group(0))
        if nummer is not None:
            yield nummer
