"""How a bot message reads on a chat app: one renderer for Telegram and WhatsApp.

A Rasa bot message (``text``, ``buttons``, ``custom``; see shared/berichten.md) becomes the
text and choices a chat app can show:

- ``custom.medewerker``: the text starts with who wrote it (``teksten/kanalen/medewerker.txt``);
- ``custom.kennisbank``: "Lees meer: <url>" is added, unless the text already shows that link;
- ``image`` / ``attachment``: the address goes under the text;
- choices: the message's own buttons, else its ``custom.keuzes`` as buttons that ask about
  the chosen subject (``/ask_question{"onderwerp": id}``);
- long texts are split by the channel's limit, measured the way the channel measures it.

The web chat needs none of this: the widget shows the staff member's name, the kennisbank card
and the choices itself (web/src/messages.js). Each channel turns the result into its own
format (Telegram: bot/kanalen/telegram/opmaak.py, WhatsApp: bot/kanalen/whatsapp/opmaak.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from bot.kern.teksten import tekst as sjabloon_tekst

Lengte = Callable[[str], int]

# Where a long text may be cut, strongest first: a paragraph break, a line break, the end of a
# sentence, a space. Only a text without any of these is cut in the middle of a word.
GRENZEN = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…](?=\s)"), re.compile(r"\s"))


def berichttekst(bericht: Mapping[str, Any], *, kanaal: str) -> str:
    """The text of a bot message as ``kanaal`` shows it: staff prefix, "Lees meer" link, image."""
    custom = _custom(bericht)
    tekst = str(bericht.get("text") or "").strip()
    tekst = met_medewerker(tekst, custom.get("medewerker"), kanaal=kanaal)
    tekst = met_lees_meer(tekst, custom.get("kennisbank"))
    for sleutel in ("image", "attachment"):
        if isinstance(bericht.get(sleutel), str) and bericht[sleutel]:
            tekst = f"{tekst}\n\n{bericht[sleutel]}".strip()
    return tekst


def met_medewerker(tekst: str, medewerker: Any, *, kanaal: str) -> str:
    """A staff member's message starts with their name and function (the wording per channel)."""
    if not isinstance(medewerker, Mapping) or not medewerker.get("naam"):
        return tekst
    wie = {"naam": str(medewerker["naam"]), "functie": medewerker.get("functie") or None}
    return sjabloon_tekst("kanalen/medewerker.txt", kanaal=kanaal, medewerker=wie, tekst=tekst)


def met_lees_meer(tekst: str, kennisbank: Any) -> str:
    """Add "Lees meer: <url>" for a kennisbank answer, unless the text already shows that link."""
    if not isinstance(kennisbank, Mapping) or not kennisbank.get("url"):
        return tekst
    url = str(kennisbank["url"])
    if url in tekst:
        return tekst
    return f"{tekst}\n\n{sjabloon_tekst('kanalen/lees_meer.txt', url=url)}".strip()


def keuzetekst() -> str:
    """The text above buttons that came without a text of their own."""
    return sjabloon_tekst("kanalen/maak_een_keuze.txt")


def knoppen(bericht: Mapping[str, Any]) -> list[dict[str, str]]:
    """The choices of a message as ``{"title", "payload"}``: its buttons, else its ``custom.keuzes``.

    A button without a title shows its payload; a button without either is left out.
    """
    eigen = [_knop(knop) for knop in bericht.get("buttons") or [] if isinstance(knop, Mapping)]
    eigen = [knop for knop in eigen if knop is not None]
    return eigen or knoppen_uit_keuzes(_custom(bericht).get("keuzes"))


def knoppen_uit_keuzes(keuzes: Any) -> list[dict[str, str]]:
    """Buttons for ``custom.keuzes`` (``[{id, titel}]``): a press asks about that subject."""
    if not isinstance(keuzes, list):
        return []
    return [
        {"title": str(keuze["titel"]), "payload": f"/ask_question{json.dumps({'onderwerp': keuze['id']})}"}
        for keuze in keuzes
        if isinstance(keuze, Mapping) and keuze.get("id") and keuze.get("titel")
    ]


def _knop(knop: Mapping[str, Any]) -> dict[str, str] | None:
    titel = str(knop.get("title") or knop.get("payload") or "").strip()
    if not titel:
        return None
    return {"title": titel, "payload": str(knop.get("payload") or titel)}


def _custom(bericht: Mapping[str, Any]) -> Mapping[str, Any]:
    custom = bericht.get("custom")
    return custom if isinstance(custom, Mapping) else {}


# --- splitting ---------------------------------------------------------------------------------


def utf16_lengte(tekst: str) -> int:
    """Length in UTF-16 code units, as Telegram counts: a character outside the BMP (most emoji) counts 2."""
    return len(tekst.encode("utf-16-le")) // 2


def tekens(tekst: str) -> int:
    """Length in characters (Unicode code points), as WhatsApp's documented limits count."""
    return len(tekst)


def splits_tekst(tekst: str, *, maximum: int, lengte: Lengte) -> list[str]:
    """Split ``tekst`` into parts of at most ``maximum``, measured with the channel's ``lengte``.

    Each part ends at the strongest boundary it contains: a paragraph break, else a line break,
    else the end of a sentence, else a space; a text without any of these is cut where the limit
    falls. White space around the cuts is dropped, nothing else is lost. The channel chooses the
    measure: Telegram counts UTF-16 code units (``utf16_lengte``), WhatsApp characters
    (``tekens``).
    """
    delen: list[str] = []
    rest = tekst.strip()
    while lengte(rest) > maximum:
        kop = rest[:_past(rest, maximum, lengte)]
        knip = _knippunt(kop)
        delen.append(rest[:knip].rstrip())
        rest = rest[knip:].lstrip()
    if rest:
        delen.append(rest)
    return delen


def _past(tekst: str, maximum: int, lengte: Lengte) -> int:
    """How many characters of ``tekst`` fit in ``maximum`` (at least one, so splitting always ends)."""
    laag, hoog = 1, len(tekst)
    while laag < hoog:
        midden = (laag + hoog + 1) // 2
        if lengte(tekst[:midden]) <= maximum:
            laag = midden
        else:
            hoog = midden - 1
    return laag


def _knippunt(kop: str) -> int:
    """Where to end a part that may be at most ``kop``: after its last strongest boundary.

    ``kop`` starts with a character that is not white space, so every cut leaves a part.
    """
    for grens in GRENZEN:
        einden = [m.end() for m in grens.finditer(kop)]
        if einden:
            return einden[-1]
    return len(kop)
