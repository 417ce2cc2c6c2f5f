"""Phone-style Dutch written out in full, before a text is searched or read for what it asks.

Entrepreneurs type "mn", "vd", "ivm", "max" and "hygiene"; the kennisbank says "mijn", "van de",
"in verband met", "maximaal" and "hygiëne". Without this, such a word is a content word that no
article has: a follow-up ("hoeveel vergunningen krijg je max per bedrijf") then finds no sentence
that answers it, although the article says "maximaal 2 vergunningen".
"""

from __future__ import annotations

import re
import unicodedata

# Abbreviations of chat and text messages, and words typed apart that the kennisbank writes as one.
# Only those with one meaning: "min" (minimaal, minuten), "bv" (bijvoorbeeld, a B.V.) and "nr" are left as typed.
VOLUIT = {
    "mn": "mijn", "zn": "zijn", "vd": "van de", "v/d": "van de", "ivm": "in verband met", "bijv": "bijvoorbeeld",
    "aub": "alstublieft", "svp": "alstublieft", "max": "maximaal", "ipv": "in plaats van",
    "t/m": "tot en met", "wss": "waarschijnlijk", "wrs": "waarschijnlijk", "mss": "misschien", "nie": "niet",
    "gwn": "gewoon", "zsm": "zo snel mogelijk", "wnr": "wanneer", "te voren": "tevoren",
}
_AFKORTING = re.compile(r"(?<![\w/])(" + "|".join(re.escape(a) for a in sorted(VOLUIT, key=len, reverse=True))
                        + r")(?![\w/])")

# Every Latin letter with an accent (Latin-1 and Latin Extended-A and B) to the letters without it;
# "ĳ" to "ij". A table, so that 1 MB of "é" is read in milliseconds.
_ZONDER_ACCENT = {
    teken: kaal
    for teken in range(0x00C0, 0x0250)
    if (kaal := "".join(c for c in unicodedata.normalize("NFKD", chr(teken)) if not unicodedata.combining(c)))
    != chr(teken) and kaal.isascii()
}


# Far beyond any message (2,000 characters) or article read: what is longer is cut, so hostile megabytes cost
# milliseconds (tests/security/test_invoer_lineair.py).
MAX_GELEZEN = 100_000


def voluit(tekst: str) -> str:
    """``tekst`` (in lower case) with its chat abbreviations written out; its first ``MAX_GELEZEN`` characters."""
    return _AFKORTING.sub(lambda m: VOLUIT[m.group(1)], tekst[:MAX_GELEZEN])


def zonder_accenten(tekst: str) -> str:
    """"hygiëne" and "hygiene" are one word for a phone keyboard; the first ``MAX_GELEZEN`` characters."""
    tekst = tekst[:MAX_GELEZEN]
    return tekst if tekst.isascii() else tekst.translate(_ZONDER_ACCENT)
