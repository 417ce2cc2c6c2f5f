"""Command line: ``python -m bot.kennisbank check|load``.

``check`` validates the article files; ``load`` validates them and stores them in the database.
Both exit with status 1 and a list of file-and-field errors when a file is broken.
"""

from __future__ import annotations

import argparse
import sys

from bot.kennisbank.loader import KennisbankFout
from bot.kennisbank.service import lees_artikelen_uit_map, sla_artikelen_op
from bot.kern.db import transaction
from bot.kern.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.kennisbank", description="Kennisbank: controleren en laden.")
    parser.add_argument("opdracht", choices=["check", "load"])
    args = parser.parse_args(argv)
    settings = load_settings()
    try:
        artikelen = lees_artikelen_uit_map(settings)
    except KennisbankFout as fout:
        print(fout, file=sys.stderr)
        return 1
    if args.opdracht == "check":
        print(f"Kennisbank in orde: {len(artikelen)} artikelen.")
        return 0
    with transaction() as session:
        resultaat = sla_artikelen_op(session=session, artikelen=artikelen, bron_map=settings.kennisbank_dir, door="loader")
    print(
        f"Kennisbank geladen: {resultaat.nieuw} nieuw, {resultaat.bijgewerkt} bijgewerkt, "
        f"{resultaat.ongewijzigd} ongewijzigd."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
