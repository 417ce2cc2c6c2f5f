"""Extract contact and company details from what an entrepreneur types.

Rules and field libraries only (``phonenumbers``, ``dateparser``): nothing here depends on a
spaCy NER model, so it works the same with the offline Dutch pipeline.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser
import phonenumbers

EMAIL_PATTERN = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
KVK_PATTERN = re.compile(r"(?<!\d)(\d{8})(?!\d)")
POSTCODE_PATTERN = re.compile(r"\b([1-9][0-9]{3})\s?(?!SA|SD|SS)([A-Za-z]{2})\b")
PHONE_CANDIDATE_PATTERN = re.compile(r"(?:\+|00)?[\d][\d\s\-().]{7,}\d")


def vind_email(tekst: str) -> str | None:
    match = EMAIL_PATTERN.search(tekst)
    return match.group(0).lower() if match else None


def vind_kvk_nummer(tekst: str) -> str | None:
    """A KvK number: exactly eight digits (spaces or dots between groups allowed)."""
    samengevoegd = re.sub(r"(?<=\d)[\s.](?=\d)", "", tekst)
    for match in KVK_PATTERN.finditer(samengevoegd):
        nummer = match.group(1)
        if not nummer.startswith("0"):  # Dutch phone numbers start with 0; KvK numbers do not
            return nummer
    return None


def vind_postcode(tekst: str) -> str | None:
    match = POSTCODE_PATTERN.search(tekst)
    return f"{match.group(1)} {match.group(2).upper()}" if match else None


def vind_telefoonnummer(tekst: str) -> str | None:
    """A valid Dutch (or international) phone number, in E.164 form (+31612345678)."""
    for match in PHONE_CANDIDATE_PATTERN.finditer(tekst):
        try:
            nummer = phonenumbers.parse(match.group(0), "NL")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(nummer):
            return phonenumbers.format_number(nummer, phonenumbers.PhoneNumberFormat.E164)
    return None


def vind_datum(tekst: str, nu: datetime | None = None) -> date | None:
    """A date in Dutch words or numbers ("15 maart", "volgende week vrijdag", "15-3-2027"),
    read as a future date."""
    instellingen = {"PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY"}
    if nu is not None:
        instellingen["RELATIVE_BASE"] = nu
    gevonden = dateparser.parse(tekst, languages=["nl"], settings=instellingen)
    return gevonden.date() if gevonden else None
