"""Extract contact and company details from what an entrepreneur types.

Rules and field libraries only (``phonenumbers`` through bot/kern/telefoon.py): nothing here
depends on a spaCy NER model, so it works the same with the offline Dutch pipeline. Each function
reads at most the first ``MAX_TEKENS`` characters, with linear patterns (see bot/kern/invoer.py).
"""

from __future__ import annotations

import re

from bot.kern.invoer import begrens
from bot.kern.telefoon import vind_telefoonnummer

__all__ = ["is_email", "vind_email", "vind_kvk_nummer", "vind_telefoonnummer"]

# The address starts where a run of address characters starts (the lookbehind): a run that turns
# out to hold no address is then scanned once, not once from each of its characters.
EMAIL_PATTERN = re.compile(r"(?<![A-Za-z0-9._%+-])\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
KVK_PATTERN = re.compile(r"(?<!\d)(\d{8})(?!\d)")


def vind_email(tekst: str) -> str | None:
    match = EMAIL_PATTERN.search(begrens(tekst))
    return match.group(0).lower() if match else None


def is_email(tekst: str) -> bool:
    """The whole of ``tekst`` is one e-mail address (the same rule as ``vind_email``)."""
    return EMAIL_PATTERN.fullmatch(begrens(tekst).strip()) is not None


def vind_kvk_nummer(tekst: str) -> str | None:
    """A KvK number: exactly eight digits (spaces or dots between groups allowed)."""
    samengevoegd = re.sub(r"(?<=\d)[\s.](?=\d)", "", begrens(tekst))
    for match in KVK_PATTERN.finditer(samengevoegd):
        nummer = match.group(1)
        if not nummer.startswith("0"):  # Dutch phone numbers start with 0; KvK numbers do not
            return nummer
    return None
