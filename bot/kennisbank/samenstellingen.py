"""Dutch compound words, as the search and the follow-ups read them.

Dutch writes a compound as one word ("terrasvergunning", "gasflessen"), and it ends in what it is: a
"vergunningcheck" is a check. Entrepreneurs type a compound apart ("gas flessen", "bedrijfs afval") or name
only its last part ("die check"); the kennisbank writes it whole. These functions let both meet.
"""

from __future__ import annotations

from collections.abc import Collection

# What goes before a verb to make another verb, not a compound word: "verkopen" is no kind of "kopen".
VOORVOEGSELS = {"be", "er", "ge", "her", "mis", "ont", "ver"}
MIN_DEEL = 5  # the shortest word that counts as part of a compound ("check" in "vergunningcheck")
MIN_SAMENGEVOEGD = 7  # two words typed apart are read as one only when that makes a word this long ("gasfles")


def is_kop_van(woord: str, samenstelling: str) -> bool:
    """``woord`` (from ``MIN_DEEL`` letters) ends the longer ``samenstelling``, and not after a verb's prefix:
    "check" ends "vergunningcheck"; "kopen" does not end "verkopen"."""
    return (len(woord) >= MIN_DEEL and len(samenstelling) > len(woord) and samenstelling.endswith(woord)
            and samenstelling[: -len(woord)] not in VOORVOEGSELS)


def komt_voor(woord: str, vraagwoorden: Collection[str]) -> bool:
    """The word is in the question, or (from ``MIN_DEEL`` letters) begins or ends one of its compound words:
    "winkel" is in "kledingwinkel" and "winkelpand"."""
    if woord in vraagwoorden:
        return True
    return len(woord) >= MIN_DEEL and any(v.startswith(woord) or is_kop_van(woord, v) for v in vraagwoorden)


def voeg_samen(woorden: list[str], vormen: Collection[str], bekend: Collection[str]) -> list[str]:
    """The words, with after two that were typed apart ("gas flessen", "bedrijfs afval": a phone keyboard or speech)
    the one word the kennisbank writes (one of its ``vormen``). Not when the two and the whole word are all words it
    knows (``bekend``, its lemmas): the article's "bedrijfstarten" is split into the "bedrijf" and "starten" typed,
    and counting it again would weigh it double. "gas flessen" does need it: the article's "gasflessen" is read as
    "gasfles", which "flessen" alone never meets. The two stay: "licht reklame" keeps the typo of "reklame" to be
    corrected. One pass, left to right."""
    uitkomst: list[str] = []
    for i, woord in enumerate(woorden):
        uitkomst.append(woord)
        vorig = woorden[i - 1] if i else None
        if (vorig and len(samen := vorig + woord) >= MIN_SAMENGEVOEGD and samen in vormen
                and not (vorig in bekend and woord in bekend and samen in bekend)):
            uitkomst.append(samen)
    return uitkomst


def delen(woord: str, woordenschat: set[str]) -> list[str]:
    """The known parts of a compound word ("drankvergunning" -> "drank", "vergunning"; a linking "s" dropped), or
    none."""
    if len(woord) < 7:
        return []
    for i in range(3, len(woord) - 2):
        links, rechts = woord[:i], woord[i:]
        for links_kandidaat in (links, links[:-1] if links.endswith("s") else None):
            if links_kandidaat and links_kandidaat in woordenschat and len(links_kandidaat) >= 3:
                if rechts in woordenschat:
                    return [links_kandidaat, rechts]
                tweede = delen(rechts, woordenschat)
                if tweede:
                    return [links_kandidaat, *tweede]
    return []
