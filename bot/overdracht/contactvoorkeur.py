"""How and when the entrepreneur wants to be contacted.

Whether they asked to be e-mailed rather than called ("email is easier for me", "liever mailen", "please email me,
not call"). With a phone number and an e-mail address both given, the promise is then an e-mail, not a call back;
the latest message that states a preference decides ("bel toch maar" after "liever mail"). And whether a short
message proposes a moment ("kan dat volgende week donderdag?"): after the offer to arrange something, that is a
yes, with the moment for the case."""

from __future__ import annotations

import re

from bot.kern.invoer import begrens
from bot.overdracht.uitlezen import BELMOMENT, DATUM

# A wish for e-mail: "liever (per) mail", "mail me", "per e-mail graag", "email is easier", "EMAIL please",
# "niet bellen", "don't call".
MAIL_GEWENST = re.compile(
    r"\b(?:liever|liefst|graag|bij voorkeur|prefer|rather)\b[^.?!]{0,20}?\b(?:e-?mail\w*|mailen|gemaild|per mail)\b|"
    r"\b(?:e-?mail|mail)\w* (?:me|mij|ons|us)\b|\b(?:stuur|send) (?:me|mij|ons|us) (?:een |an? )?(?:e-?mail|mail)\b|"
    r"\b(?:e-?mail|mail)\w*(?: is)? (?:easier|better|makkelijker|beter|handiger|fijner|please|graag|a\.u\.b\.?|aub)\b|"
    r"\b(?:niet|geen|never|not|don'?t|do not|no) (?:\w+ )?(?:bellen|gebeld|call|calls|calling|phone)\b",
    re.IGNORECASE,
)
# A wish for a call: "liever bellen", "bel me maar", "call me" (with a wish for e-mail beside it: no preference).
BELLEN_GEWENST = re.compile(
    r"\b(?:liever|liefst|prefer|rather)\b[^.?!]{0,20}?\b(?:bellen|gebeld|telefoon|call|phone)\b|"
    r"\bbel (?:me|mij|ons) (?:maar|liever|toch)\b|\b(?:call|ring) (?:me|us)\b",
    re.IGNORECASE,
)


def wil_gemaild_worden(berichten: list[str]) -> bool:
    """Whether the latest of ``berichten`` (oldest first) that states a preference asks for e-mail."""
    for bericht in reversed(berichten):
        tekst = begrens(bericht)
        mail = MAIL_GEWENST.search(tekst) is not None
        bellen = BELLEN_GEWENST.search(tekst) is not None
        if mail != bellen:
            return mail
    return False


# A proposed moment is a short message; a longer one tells a story and is read as a question.
MAX_WOORDEN_MOMENT = 15
# "kan dat volgende week donderdag?", "morgen na 2 uur is goed", "liefst donderdagochtend": the moment first, or after
# "kan dat" (a question about a rule names its day later: "zijn jullie ook op zaterdag open?").
VOORSTEL = re.compile(rf"^\W*(?:(?:ja|ok\w*|prima|graag|top|liefst|liever|bij voorkeur)\W+){{0,3}}"
                      rf"(?:kan (?:dat|het|iemand|u|hij|zij|ze|jullie|(?:de|die|een) \w+|wethouder \w+)(?: \w+)?\s+)?(?:(?:op|om|na|voor|vanaf|tussen)\s+)?"
                      rf"(?:{DATUM.pattern}|{BELMOMENT.pattern})", re.IGNORECASE)
# "hoe lang duurt het", "wanneer kan ik beginnen": a question about a moment; "kan dat ook op zaterdag?": about a rule.
GEEN_VOORSTEL = re.compile(r"\b(?:hoe (?:lang|snel)|hoelang|wanneer|how (?:long|soon)|when|ook)\b", re.IGNORECASE)


def stelt_moment_voor(tekst: str) -> bool:
    """Whether a short message proposes a day or a time ("kan dat volgende week donderdag?", "morgen na 2 uur is
    goed"), rather than asking when, or whether a rule holds on a day ("zijn jullie ook op zaterdag open?")."""
    tekst = begrens(tekst)
    return (len(tekst.split()) <= MAX_WOORDEN_MOMENT and GEEN_VOORSTEL.search(tekst) is None
            and VOORSTEL.match(tekst) is not None)
