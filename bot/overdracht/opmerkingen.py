"""Remarks about the conversation itself in what the entrepreneur types: "dat zei ik toch al", "NEE. ik vraag
niet wat het kost", "waarom zeg je dat dan niet meteen", "hoi", "kan iemand mij bellen?". They say something about the assistant's
answers, not about what the entrepreneur wants, so the story for the medewerker leaves them out and a
reference back is no answer to a question of the form.
"""

from __future__ import annotations

import re

from bot.kern.invoer import begrens

# "zie hierboven": the answer was given before.
TERUGVERWIJZING = re.compile(
    r"\b(zie (hier)?boven|(dat|dit|heb|had) (heb|had|ik) (ik |u )?(toch |net |al )+(gezegd|verteld|geschreven|gezet|gegeven|getypt)|"
    r"((dat|dit) )?(zei|schreef|zeg) ik (u )?((toch|net|al)\b\s*)+|"
    r"zoals ik (al |net )?(zei|schreef|zeg)|staat (hier)?boven|al gezegd|al verteld|see above|already (said|told)|"
    r"i (just |already )?(told you|said (that|so|it)|gave (you )?(that|it|this|my \w+))|as i (said|told you|wrote))",
    re.IGNORECASE,
)
# A remark about the conversation itself, not about what the entrepreneur wants ("NEE.", "ik vraag niet wat
# het kost", "waarom zeg je dat dan niet meteen", "laat maar").
OPMERKING_OVER_GESPREK = re.compile(
    r"^\W*(?:nee|neen|no|huh|pff+)\W*$|"
    # "nee andere vraag.", "ja graag.", "ok top": a yes or no of a few words, a choice of the conversation
    r"^\W*(?:ja|nee|neen|ok\w*|oké|prima|top|yes|no)\b(?:\W+\w+){0,2}\W*$|\b(?:ik vraag(?:de)? niet|ik vroeg (?:niet|of|naar)|waarom (?:zeg|vraag|doe|snap) (?:je|jij|u)|"
    r"laat maar|(?:snap|begrijp) (?:je|jij|u) (?:het|me|mij) niet|luister (?:je|jij|u) (?:wel|eigenlijk))\b",
    re.IGNORECASE,
)
# A greeting that opens the message ("hoi", "goedemorgen,"): no part of what the entrepreneur wants.
GROET = re.compile(r"^\W*(?:hoi|hallo|hey|hee|hi|hello|goede(?:morgen|middag|avond)|goeiemorgen|dag|beste)\b[\s,.!]*",
                   re.IGNORECASE)
# A clause that only asks for a person ("kan iemand mij bellen?"): the handoff itself, not what is wanted.
ALLEEN_PERSOON = re.compile(r"^\W*(?:kan|kunt|wil|mag|zou|can) (?:iemand|u|jij|je|een medewerker|someone|you)"
                            r"(?: (?:mij|me|ons|even|eens|graag|terug|dan|maar)){0,3} (?:bellen|terugbellen|mailen|call|email)"
                            r"(?: (?:me|us))?\W*$", re.IGNORECASE)
# Where a clause ends within a sentence.
BIJZINSGRENS = re.compile(r"(?<=[,;?])\s+")
# Where a sentence ends: punctuation and a space (not the dots of "w.jansen@voorbeeld.nl" or "B.V.").
ZINSGRENS = re.compile(r"(?<=[.!?])\s+")


def zonder_opmerkingen(tekst: str) -> str:
    """``tekst`` without its remarks about the conversation (``OPMERKING_OVER_GESPREK``: the whole sentence),
    references back ("dat zei ik toch al"), an opening greeting and a clause that only asks for a person ("kan
    iemand mij bellen?"): what is left says what the entrepreneur wants."""
    delen = []
    for zin in ZINSGRENS.split(begrens(tekst)):
        if OPMERKING_OVER_GESPREK.search(zin):
            continue
        if TERUGVERWIJZING.search(zin):  # the rest of the sentence stays as typed
            zin = re.sub(r"^[\W_]+", "", TERUGVERWIJZING.sub(" ", zin)).strip()
        zin = " ".join(deel for deel in BIJZINSGRENS.split(GROET.sub("", zin)) if not ALLEEN_PERSOON.match(deel))
        if re.search(r"\w", zin):
            delen.append(zin)
    return " ".join(delen)
