"""Start, stop or show the production topology on one machine (``scripts/productie``).

    python -m productie start   # PostgreSQL, Redis, two Rasa replicas and action servers, HAProxy, ...
    python -m productie status
    python -m productie stop
    python -m productie opdracht python -m bot.console beheerder --gebruikersnaam anna
                                # a command with the topology's variables (database, Redis, secrets)
    python -m productie back-up [map]   # pg_dump of both databases (default data/productie/back-up/<moment>)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from productie.back_up import DATABASES, back_up_van
from productie.beheer import draait, standaard_topologie, start, stop, supervisorctl
from productie.topologie import PROJECT, gedeelde_omgeving, lees_of_maak_geheimen


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/productie", description=__doc__.splitlines()[0])
    parser.add_argument("opdracht", choices=["start", "stop", "status", "opdracht", "back-up"])
    parser.add_argument("argumenten", nargs=argparse.REMAINDER,
                        help="opdracht: the command to run; back-up: the folder to write to")
    args = parser.parse_args(argv)
    topologie = standaard_topologie()
    if args.opdracht == "back-up":
        geheimen = lees_of_maak_geheimen(topologie)
        map_ = Path(args.argumenten[0]) if args.argumenten else (
            topologie.map_ / "back-up" / datetime.now().strftime("%Y-%m-%d-%H%M%S"))
        bestanden = back_up_van({naam: topologie.database_url(geheimen, naam) for naam in DATABASES}, map_)
        print("Back-up gemaakt: " + ", ".join(str(pad) for pad in bestanden.values()))
        return 0
    if args.opdracht == "opdracht":
        omgeving = {**os.environ, **gedeelde_omgeving(topologie, lees_of_maak_geheimen(topologie))}
        return subprocess.run(args.argumenten, cwd=PROJECT, env=omgeving, check=False).returncode
    if args.opdracht == "start":
        start(topologie)
    elif args.opdracht == "stop":
        stop(topologie)
    else:
        print(supervisorctl(topologie, "status") if draait(topologie) else "Ingang (productievorm) draait niet.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
