"""Small charts as SVG, drawn on the server: no JavaScript, no chart library, readable by screen readers.

Every chart has a ``<title>`` and ``<desc>`` (role="img", aria-labelledby) and every text is
escaped, so a subject title or channel name can never inject markup.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from html import escape

KLEUREN = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#444444"]  # contrast >= 4.5:1 on white


def staafdiagram(*, titel: str, labels: Sequence[str], waarden: Sequence[float], eenheid: str = "",
                 breedte: int = 640) -> str:
    """Horizontal bars, one per label (e.g. subjects asked most)."""
    regel, marge = 26, 190
    hoogte = max(1, len(labels)) * regel + 40
    grootste = max(waarden, default=0) or 1
    beschikbaar = breedte - marge - 60
    delen = [_kop(titel, _beschrijving(labels, waarden, eenheid), breedte, hoogte)]
    for i, (label, waarde) in enumerate(zip(labels, waarden, strict=False)):
        y = 30 + i * regel
        lengte = beschikbaar * waarde / grootste
        delen.append(
            f'<text x="{marge - 8}" y="{y + 14}" text-anchor="end" font-size="13">{escape(_kort(label, 28))}</text>'
            f'<rect x="{marge}" y="{y}" width="{lengte:.1f}" height="18" fill="{KLEUREN[0]}"/>'
            f'<text x="{marge + lengte + 6:.1f}" y="{y + 14}" font-size="13">{escape(_getal(waarde))}{escape(eenheid)}</text>'
        )
    if not labels:
        delen.append('<text x="10" y="40" font-size="13">Geen gegevens in deze periode.</text>')
    return "".join(delen) + "</svg>"


def lijndiagram(*, titel: str, dagen: Sequence[str], reeksen: dict[str, Sequence[int]], breedte: int = 640,
                hoogte: int = 240) -> str:
    """One line per series (e.g. conversations per day per channel), with a legend."""
    links, onder, boven = 40, 40, 30
    grootste = max((max(r, default=0) for r in reeksen.values()), default=0) or 1
    stap = (breedte - links - 20) / max(1, len(dagen) - 1)
    schaal = (hoogte - onder - boven) / grootste
    beschrijving = "; ".join(f"{naam}: {sum(r)} in totaal" for naam, r in reeksen.items()) or "Geen gegevens."
    delen = [_kop(titel, beschrijving, breedte, hoogte),
             f'<line x1="{links}" y1="{hoogte - onder}" x2="{breedte - 10}" y2="{hoogte - onder}" stroke="#666"/>',
             f'<text x="{links - 6}" y="{boven + 4}" text-anchor="end" font-size="11">{grootste}</text>',
             f'<text x="{links - 6}" y="{hoogte - onder}" text-anchor="end" font-size="11">0</text>']
    for i, dag in enumerate(dagen):
        if len(dagen) <= 10 or i % max(1, len(dagen) // 7) == 0:
            x = links + i * stap
            delen.append(f'<text x="{x:.1f}" y="{hoogte - onder + 16}" text-anchor="middle" font-size="11">'
                         f'{escape(dag)}</text>')
    for nummer, (naam, reeks) in enumerate(reeksen.items()):
        kleur = KLEUREN[nummer % len(KLEUREN)]
        punten = " ".join(f"{links + i * stap:.1f},{hoogte - onder - w * schaal:.1f}" for i, w in enumerate(reeks))
        delen.append(f'<polyline fill="none" stroke="{kleur}" stroke-width="2" points="{punten}"/>')
        delen.append(f'<rect x="{links + nummer * 130}" y="{hoogte - 14}" width="12" height="12" fill="{kleur}"/>'
                     f'<text x="{links + nummer * 130 + 16}" y="{hoogte - 4}" font-size="12">{escape(naam)}</text>')
    return "".join(delen) + "</svg>"


def _kop(titel: str, beschrijving: str, breedte: int, hoogte: int) -> str:
    sleutel = f"g{zlib.crc32((titel + beschrijving).encode()):08x}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{sleutel}t {sleutel}d" '
            f'viewBox="0 0 {breedte} {hoogte}" width="100%" font-family="sans-serif">'
            f'<title id="{sleutel}t">{escape(titel)}</title><desc id="{sleutel}d">{escape(beschrijving)}</desc>')


def _beschrijving(labels: Sequence[str], waarden: Sequence[float], eenheid: str) -> str:
    return "; ".join(f"{label}: {_getal(w)}{eenheid}" for label, w in zip(labels, waarden, strict=False)) or "Geen gegevens."


def _getal(waarde: float) -> str:
    return str(int(waarde)) if float(waarde).is_integer() else f"{waarde:.1f}".replace(".", ",")


def _kort(tekst: str, lengte: int) -> str:
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"
