"""The structure rules of docs/architectuur.md that the import contract (.importlinter) does not cover."""

from __future__ import annotations

import re
from pathlib import Path

from bot.kern.settings import PROJECT_ROOT

MAX_REGELS = 400
CODE = [*sorted((PROJECT_ROOT / "bot").rglob("*.py")), *sorted((PROJECT_ROOT / "actions").rglob("*.py"))]
# A longer file says why in its first lines.
REDEN = re.compile(r"^# Longer than 400 lines: ", re.MULTILINE)


def _tekst(pad: Path) -> str:
    return pad.read_text(encoding="utf-8")


def test_no_file_over_400_lines_without_a_reason():
    te_lang = [
        f"{pad.relative_to(PROJECT_ROOT)} ({len(_tekst(pad).splitlines())} regels)"
        for pad in CODE
        if len(_tekst(pad).splitlines()) > MAX_REGELS and not REDEN.search("\n".join(_tekst(pad).splitlines()[:15]))
    ]
    assert te_lang == []


def test_the_time_zone_and_utc_conversion_are_written_once():
    eigen_zone = [
        str(pad.relative_to(PROJECT_ROOT)) for pad in CODE
        if 'ZoneInfo("Europe/Amsterdam")' in _tekst(pad) and pad.name != "tijd.py"
    ]
    eigen_utc = [str(pad.relative_to(PROJECT_ROOT)) for pad in CODE if re.search(r"^def _utc\(", _tekst(pad), re.M)]
    assert eigen_zone == []
    assert eigen_utc == []


def test_claims_are_made_with_the_one_claim_mechanism():
    """A conditional UPDATE on claimed_until lives only in bot/kern/claims.py."""
    eigen = [
        str(pad.relative_to(PROJECT_ROOT)) for pad in CODE
        if re.search(r"claimed_until\.is_\(None\)", _tekst(pad)) and pad.name != "claims.py"
    ]
    assert eigen == []
