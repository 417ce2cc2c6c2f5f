"""The rules Open Klant (2.18) applies to the phone numbers and e-mail addresses Ingang sends.

A value Open Klant would refuse makes its POST answer 400 on every attempt, so the export
checks every value with these rules before it creates the first object, and leaves a refused
value out (``controleer``). The rules, as Open Klant applies them:

* phone numbers (DigitaalAdres.adres of soort telefoonnummer, Medewerker.telefoonnummer):
  ``validate_phone_number`` in maykinmedia/open-klant ``src/openklant/utils/validators.py``
  (tag 2.18.0): the regex below, and no number starting with 0800, 0900, 1400 or 140
  (short numbers 14 0xx). Open Klant 2.13 - 2.16 also refused 088 numbers; 2.17 allows them.
* e-mail addresses (DigitaalAdres.adres of soort email, Medewerker.emailadres): Django's
  ``EmailValidator`` (Django 5.2, the version Open Klant 2.18 pins). Django is not installed
  here, so its rule is written out below: at most 320 characters; the part before the last @ a
  dot-atom (no leading, trailing or double dot) or a quoted string; the domain ``localhost``, a
  host name whose last label has two or more letters (internationalised names allowed), or an
  IP literal in brackets. Written down here because it differs from Ingang's own e-mail rule
  (``bot.kern.velden``), which accepts ``jan..piet@voorbeeld.nl``. One detail is not Django's
  own code: an IP literal is checked with ``ipaddress`` plus Django's limit of 39 characters
  for an IPv6 address (Django's own checks also end in ``ipaddress``).
* ``adres`` of a digitaal adres is at most 80 characters; a Medewerker's e-mail at most 254.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

# validate_phone_number of Open Klant 2.18 (src/openklant/utils/validators.py): phonenumber_regex ...
TELEFOONNUMMER = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
# ... and FORBIDDEN_PREFIXES: service numbers (0800, 0900) and municipal short numbers (14 0xx).
GEWEIGERDE_BEGINNEN = ("0800", "0900", "1400", "140")
# What Ingang strips from a number as written by a person before checking it: spaces, dashes, dots, ().
OPMAAK = re.compile(r"[\s\-().]")

# Django 5.2 EmailValidator.user_regex: a dot-atom or a quoted string.
EMAIL_GEBRUIKER = re.compile(
    r"(^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*\Z"
    r'|^"([\001-\010\013\014\016-\037!#-\[\]-\177]|\\[\001-\011\013\014\016-\177])*"\Z)',
    re.IGNORECASE,
)
# Django 5.2 EmailValidator.domain_regex: DomainNameValidator's hostname + domain + tld_no_fqdn parts.
_LETTERS = "\u00a1-\uffff"
EMAIL_DOMEIN = re.compile(
    rf"^[a-z{_LETTERS}0-9](?:[a-z{_LETTERS}0-9-]{{0,61}}[a-z{_LETTERS}0-9])?"  # host name
    rf"(?:\.(?!-)[a-z{_LETTERS}0-9-]{{1,63}}(?<!-))*"  # more labels
    rf"\.(?!-)(?:[a-z{_LETTERS}-]{{2,63}}|xn--[a-z0-9]{{1,59}})(?<!-)\Z",  # top-level domain
    re.IGNORECASE,
)
EMAIL_IP_LITERAL = re.compile(r"\[([A-F0-9:.]+)\]\Z", re.IGNORECASE)
EMAIL_MAXIMUM = 320
IPV6_MAXIMUM = 39  # django.utils.ipv6.MAX_IPV6_ADDRESS_LENGTH
ADRES_MAXIMUM = 80  # DigitaalAdres.adres
MEDEWERKER_EMAIL_MAXIMUM = 254  # Medewerker.emailadres (a Django EmailField)


def telefoonnummer_voor_open_klant(telefoon: str | None) -> str | None:
    """'06-91234502' -> '0691234502'; None when Open Klant would refuse it (or there is none)."""
    if not telefoon:
        return None
    schoon = OPMAAK.sub("", telefoon)
    return schoon if is_telefoonnummer_voor_open_klant(schoon) else None


def is_telefoonnummer_voor_open_klant(nummer: str) -> bool:
    """Whether Open Klant's ``validate_phone_number`` accepts ``nummer`` exactly as written."""
    return TELEFOONNUMMER.fullmatch(nummer) is not None and not nummer.startswith(GEWEIGERDE_BEGINNEN)


def is_email_voor_open_klant(email: str) -> bool:
    """Whether Django's ``EmailValidator`` (and so Open Klant) accepts ``email`` exactly as written."""
    if not email or "@" not in email or len(email) > EMAIL_MAXIMUM:
        return False
    gebruiker, domein = email.rsplit("@", 1)
    return EMAIL_GEBRUIKER.match(gebruiker) is not None and (domein == "localhost" or _is_email_domein(domein))


def _is_email_domein(domein: str) -> bool:
    if EMAIL_DOMEIN.match(domein):
        return True
    literal = EMAIL_IP_LITERAL.match(domein)
    if literal is None:
        return False
    try:
        adres = ipaddress.ip_address(literal[1])
    except ValueError:
        return False
    return adres.version == 4 or len(literal[1]) <= IPV6_MAXIMUM


def email_voor_open_klant(email: str | None, *, maximum: int = ADRES_MAXIMUM) -> str | None:
    """``email`` without surrounding spaces; None when Open Klant would refuse it or it is too long.

    A longer address is left out rather than cut: a cut address is someone else's address.
    """
    if not email:
        return None
    schoon = email.strip()
    return schoon if len(schoon) <= maximum and is_email_voor_open_klant(schoon) else None


@dataclass(frozen=True)
class Contactwaarden:
    """The phone numbers and e-mail addresses of one export as Open Klant accepts them; None = left out."""

    telefoon: str | None
    email: str | None
    medewerker_telefoon: str | None
    medewerker_email: str | None


def controleer(*, telefoon: str | None, email: str | None, medewerker_telefoon: str | None,
               medewerker_email: str | None) -> tuple[Contactwaarden, list[str]]:
    """The values Open Klant accepts, and the names of the fields that had a value it would refuse."""
    waarden = Contactwaarden(
        telefoon=telefoonnummer_voor_open_klant(telefoon),
        email=email_voor_open_klant(email),
        medewerker_telefoon=telefoonnummer_voor_open_klant(medewerker_telefoon),
        medewerker_email=email_voor_open_klant(medewerker_email, maximum=MEDEWERKER_EMAIL_MAXIMUM),
    )
    gegeven = {"telefoon": telefoon, "email": email, "medewerker_telefoon": medewerker_telefoon,
               "medewerker_email": medewerker_email}
    weggelaten = [naam for naam, waarde in gegeven.items() if waarde and getattr(waarden, naam) is None]
    return waarden, weggelaten
