"""The rules the fake Open Klant (tests/fakes/openklant.py) applies to phone numbers and e-mail addresses.

They are Open Klant 2.18's own: ``validate_phone_number`` from maykinmedia/open-klant
``src/openklant/utils/validators.py`` (tag 2.18.0), transcribed here on its own (never with
Ingang's rule), and Django's ``EmailValidator`` for e-mail addresses. A refused value gets the
body of Open Klant's 400 answer (``validatiefout``).
"""

from __future__ import annotations

import re
import uuid as uuidlib
from typing import Any

from bot.integraties.openklant.validatie import is_email_voor_open_klant

__all__ = ["EMAIL_ONGELDIG", "is_email", "is_telefoonnummer", "telefoon_fout", "validatiefout"]

# Open Klant 2.18, src/openklant/utils/validators.py: validate_phone_number is a RegexValidator (re.search,
# so ``$`` also matches before a final newline) that first refuses these prefixes, whatever follows.
TELEFOON_REGEX = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
GEWEIGERDE_BEGINNEN = ("0800", "0900", "1400", "140")
TELEFOON_ONGELDIG = "Het opgegeven telefoonnummer is ongeldig."
TELEFOON_GEWEIGERD = ("Het opgegeven telefoonnummer is ongeldig, telefoonnummers beginnend met 0800, 0900, 1400 of "
                      "140xx zijn niet toegestaan.")
EMAIL_ONGELDIG = "Voer een geldig e-mailadres in."


def validatiefout(naam: str, reden: str) -> dict[str, Any]:
    """The body of Open Klant's 400 answer (vng-api-common's ValidationError) for one refused field."""
    return {
        "type": "http://openklant.test/ref/fouten/ValidationError/", "code": "invalid", "title": "Invalid input.",
        "status": 400, "detail": "", "instance": f"urn:uuid:{uuidlib.uuid4()}",
        "invalidParams": [{"name": naam, "code": "invalid", "reason": reden}],
    }


def telefoon_fout(adres: str) -> str | None:
    """Why Open Klant 2.18 refuses ``adres`` as a telefoonnummer (digitale adressen, actors), or None.

    Its ``validate_phone_number``, transcribed here on its own (never with Ingang's rule): a
    Dutch number of ten digits (0612345678, 0201234567), or a country code after + or 00
    (+31612345678, 0031612345678), but nothing that starts with 0800, 0900, 1400 or 140.
    """
    if adres.startswith(GEWEIGERDE_BEGINNEN):
        return TELEFOON_GEWEIGERD
    return None if TELEFOON_REGEX.search(adres) else TELEFOON_ONGELDIG


def is_telefoonnummer(adres: str) -> bool:
    """Whether Open Klant accepts ``adres`` as a telefoonnummer."""
    return telefoon_fout(adres) is None


def is_email(adres: str) -> bool:
    """Whether Open Klant (Django's EmailValidator) accepts ``adres`` as an e-mail address.

    The one rule here that is Ingang's own transcription (Django is not installed); its verdicts
    are pinned to Django's by the table in tests/unit/integraties/openklant/test_validatie.py.
    """
    return is_email_voor_open_klant(adres)
