"""The difference between two versions of an article, per field and word by word (difflib).

Each field is compared as the text of its form field (a list one item per line), so the
difference reads like the form the editor used. The pieces are plain text: the template escapes
them and marks removed text with <del> and added text with <ins>.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.console.kennisbank_formulier import VELDEN, formulier_uit_data

WOORDEN_EN_RUIMTE = re.compile(r"\s+|\S+\s*")  # a word with the spaces after it: spaces alone never match


@dataclass(frozen=True)
class Stuk:
    """A piece of text that stayed (``gelijk``), was removed (``weg``) or was added (``erbij``)."""

    soort: str
    tekst: str


@dataclass(frozen=True)
class VeldVerschil:
    naam: str
    label: str
    stukken: tuple[Stuk, ...]

    @property
    def gewijzigd(self) -> bool:
        return any(stuk.soort != "gelijk" for stuk in self.stukken)


def woordverschil(oud: str, nieuw: str) -> tuple[Stuk, ...]:
    """The pieces that turn ``oud`` into ``nieuw``, word by word; spaces and line breaks are kept."""
    a, b = WOORDEN_EN_RUIMTE.findall(oud), WOORDEN_EN_RUIMTE.findall(nieuw)
    stukken: list[Stuk] = []
    for soort, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if soort == "equal":
            _voeg_toe(stukken, "gelijk", "".join(a[i1:i2]))
            continue
        _voeg_toe(stukken, "weg", "".join(a[i1:i2]))
        _voeg_toe(stukken, "erbij", "".join(b[j1:j2]))
    return tuple(stukken)


def _voeg_toe(stukken: list[Stuk], soort: str, tekst: str) -> None:
    if not tekst:
        return
    if stukken and stukken[-1].soort == soort:
        stukken[-1] = Stuk(soort, stukken[-1].tekst + tekst)
    else:
        stukken.append(Stuk(soort, tekst))


def verschil_per_veld(oud: Mapping[str, Any], nieuw: Mapping[str, Any]) -> list[VeldVerschil]:
    """Every field of the article form, with the pieces from the content ``oud`` to ``nieuw``."""
    oude_teksten, nieuwe_teksten = formulier_uit_data(VELDEN, oud), formulier_uit_data(VELDEN, nieuw)
    return [VeldVerschil(naam=veld.naam, label=veld.label,
                         stukken=woordverschil(oude_teksten[veld.naam], nieuwe_teksten[veld.naam]))
            for veld in VELDEN]
