"""Back-up and restore of Ingang's two PostgreSQL databases: the application's (cases, promises,
kennisbank, accounts) and Rasa's tracker store (the conversations).

``pg_dump --format=custom`` of each database, and ``pg_restore`` into an empty database of the same
name, from Debian's ``postgresql`` package (the tools of the cluster's own version). Both databases
are dumped in one go, the application's first: a case always names a conversation, so a restore
with the tracker a moment newer loses nothing a case points to. ``tests/e2e/test_back_up.py``
restores a back-up into a fresh cluster and the assistant answers from it (docs/productie.md).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from productie.postgres import postgres_bin

DATABASES = ("ingang", "tracker")


def maak_back_up(database_url: str, bestand: Path) -> None:
    """Dump the database at ``database_url`` into ``bestand`` (custom format: compressed, restorable per table)."""
    bestand.parent.mkdir(parents=True, exist_ok=True)
    _draai([str(postgres_bin() / "pg_dump"), "--format=custom", "--no-owner", f"--file={bestand}",
            f"--dbname={database_url}"])


def zet_terug(bestand: Path, database_url: str) -> None:
    """Restore ``bestand`` into the empty database at ``database_url``, in one transaction: all or nothing."""
    _draai([str(postgres_bin() / "pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
            f"--dbname={database_url}", str(bestand)])


def back_up_van(urls: dict[str, str], map_: Path) -> dict[str, Path]:
    """Dump each named database (``{"ingang": url, "tracker": url}``) into ``map_/<name>.dump``."""
    bestanden = {naam: map_ / f"{naam}.dump" for naam in urls}
    for naam in DATABASES:
        if naam in urls:
            maak_back_up(urls[naam], bestanden[naam])
    return bestanden


def _draai(opdracht: list[str]) -> None:
    """A client tool: run as ourselves (it connects over TCP); its output in the error when it fails.
    The URL, which may hold a password, is not repeated in the error."""
    resultaat = subprocess.run(opdracht, capture_output=True, text=True, check=False)
    if resultaat.returncode != 0:
        raise RuntimeError(f"{Path(opdracht[0]).name} mislukte:\n{resultaat.stderr[-2000:]}")
