"""Command line: ``python -m bot.medewerkers check|load [--pad config/medewerkers.yml]``.

``check`` validates the staff directory file; ``load`` validates it and stores it in the
database. Without ``--pad`` they read the file named by ``INGANG_MEDEWERKERS_BESTAND`` (default
``config/medewerkers.yml``). Both exit with status 1 and a list of file-and-field errors when the
file is broken. Teams and expertise subjects are checked against the shared subject list when it exists.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.kennisbank.loader import Onderwerp, lees_onderwerpen
from bot.kern.db import transaction
from bot.kern.settings import load_settings
from bot.medewerkers.bestand import MedewerkersFout, lees_medewerkers
from bot.medewerkers.directory import sla_medewerkers_op


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.medewerkers", description="Medewerkers: controleren en laden.")
    parser.add_argument("opdracht", choices=["check", "load"])
    standaard = load_settings().medewerkers_bestand
    parser.add_argument(
        "--pad", type=Path, default=standaard,
        help=f"het medewerkersbestand (standaard INGANG_MEDEWERKERS_BESTAND, nu {standaard})",
    )
    args = parser.parse_args(argv)
    try:
        lijst = lees_medewerkers(args.pad, onderwerpen=gedeelde_onderwerpen())
    except MedewerkersFout as fout:
        print(fout, file=sys.stderr)
        return 1
    if args.opdracht == "check":
        print(f"Medewerkersbestand in orde: {len(lijst.medewerkers)} medewerkers.")
        return 0
    with transaction() as session:
        resultaat = sla_medewerkers_op(session=session, lijst=lijst)
    print(
        f"Medewerkers geladen: {resultaat.nieuw} nieuw, {resultaat.bijgewerkt} bijgewerkt, "
        f"{resultaat.ongewijzigd} ongewijzigd, {resultaat.gedeactiveerd} op inactief gezet."
    )
    return 0


def gedeelde_onderwerpen() -> list[Onderwerp] | None:
    pad = load_settings().shared_dir / "kennisbank-onderwerpen.yml"
    return lees_onderwerpen(pad) if pad.exists() else None


if __name__ == "__main__":
    sys.exit(main())
