"""Words of a phrase found close together in a text: the one mechanism behind situations (``situaties``)
and an article's ``niet_voor`` phrases (``zoeken``). In a long story, words far apart do not form the phrase:
"klanten ... feestje" is no party for customers, "terras ... buren" no complaint about the neighbours' terrace.
"""

from __future__ import annotations

from collections.abc import Sequence

# At most this many other words between two words of a phrase (on average): "een cafe in het centrum
# beginnen" is a situation; in a long story, "klanten" and a "feestje" far apart are no party for customers.
MAX_TUSSEN = 4


def vind(
    plekken: Sequence[frozenset[str]], tekst_treffers: Sequence[frozenset[str]], max_tussen: int | None = None
) -> tuple[int, ...] | None:
    """Places of the text's words that fill every place of a phrase, each with another word; or None.

    ``tekst_treffers`` holds, per word of the text, the content words it matches. The order of
    the words does not matter ("beginnen met een cafe" = "cafe beginnen"). With ``max_tussen`` the
    phrase's words must stand close together: at most that many other words between each two of
    them, on average ("wij nemen volgende maand de kroeg op de hoek over"); in a long story
    "klanten ... feestje" is no party for customers. Each window is a few words, so the cost stays
    linear in the text's length.
    """
    gevonden = _vul(plekken, tekst_treffers)
    if gevonden is None or max_tussen is None:
        return gevonden
    ruimte = max_tussen * max(1, len(plekken) - 1)
    if _tussen(gevonden) <= ruimte:
        return gevonden
    breedte = len(plekken) + ruimte
    for begin in range(len(tekst_treffers) - len(plekken) + 1):
        if not any(tekst_treffers[begin] & plek for plek in plekken):
            continue
        in_venster = _vul(plekken, tekst_treffers[begin:begin + breedte])
        if in_venster is not None:
            return tuple(begin + i for i in in_venster)
    return None


def _tussen(plaatsen: tuple[int, ...]) -> int:
    return plaatsen[-1] - plaatsen[0] + 1 - len(plaatsen)


def _vul(plekken: Sequence[frozenset[str]], tekst_treffers: Sequence[frozenset[str]]) -> tuple[int, ...] | None:
    """One way to fill every place with another word of the text (a small matching), or None."""
    kandidaten = [[i for i, t in enumerate(tekst_treffers) if t & plek] for plek in plekken]
    if not all(kandidaten):
        return None
    volgorde = sorted(range(len(plekken)), key=lambda p: len(kandidaten[p]))
    gekozen: dict[int, int] = {}

    def zoek(n: int) -> bool:
        if n == len(volgorde):
            return True
        plek = volgorde[n]
        for i in kandidaten[plek]:
            if i not in gekozen.values():
                gekozen[plek] = i
                if zoek(n + 1):
                    return True
                del gekozen[plek]
        return False

    return tuple(sorted(gekozen.values())) if zoek(0) else None
