"""A PostgreSQL cluster of Debian's ``postgresql`` package, run from a folder of its own.

One mechanism for the two users of a local cluster: the production topology on one machine
(``productie``: a lasting cluster with password authentication and durable writes) and the test
suite (``tests/postgres.py``: a throwaway cluster without fsync). PostgreSQL refuses to run as
root, so as root its commands run as Debian's ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

GEBRUIKER = "ingang"


def postgres_bin() -> Path:
    """The folder with ``initdb``/``pg_ctl``/``postgres``: ``INGANG_PG_BIN``, else the newest Debian installation."""
    if os.environ.get("INGANG_PG_BIN"):
        return Path(os.environ["INGANG_PG_BIN"])
    kandidaten = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not kandidaten:
        raise FileNotFoundError("PostgreSQL ontbreekt: draai scripts/services (installeert het pakket postgresql).")
    return Path(kandidaten[-1]).parent


def als_eigenaar() -> list[str]:
    """The prefix that runs a PostgreSQL command as its owner: ``postgres`` when we are root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def geef_aan_eigenaar(map_: Path) -> None:
    """As root: hand a folder to the ``postgres`` user, who runs the cluster."""
    if os.geteuid() == 0:
        shutil.chown(map_, "postgres", "postgres")


def initdb(data: Path, *, wachtwoordbestand: Path | None = None) -> None:
    """A new cluster in ``data`` with the superuser ``ingang``: trusted on loopback for the tests,
    or (with ``wachtwoordbestand``) a password over TCP and the owner's socket only, as in production."""
    opties = ["--auth=trust"] if wachtwoordbestand is None else [
        "--auth-host=scram-sha-256", "--auth-local=peer", f"--pwfile={wachtwoordbestand}"]
    draai([str(postgres_bin() / "initdb"), "-D", str(data), "-U", GEBRUIKER, *opties, "--encoding=UTF8",
           "--locale=C.UTF-8", "--no-sync"])


def server_opties(poort: int, socketmap: Path, instellingen: tuple[str, ...] = ()) -> list[str]:
    """The options of ``postgres``: loopback only, its socket in a folder of its own."""
    return [f"-p {poort}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={socketmap}",
            *(f"-c {instelling}" for instelling in instellingen)]


def pg_ctl_start(data: Path, log: Path, opties: list[str]) -> None:
    draai([str(postgres_bin() / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", " ".join(opties),
           "-w", "-t", "60", "start"])


def pg_ctl_stop(data: Path, modus: str = "fast") -> None:
    subprocess.run([*als_eigenaar(), str(postgres_bin() / "pg_ctl"), "-D", str(data), "-m", modus, "-w", "stop"],
                   capture_output=True, check=False)


def draai(opdracht: list[str]) -> None:
    """Run a PostgreSQL command as its owner; its output in the error when it fails."""
    resultaat = subprocess.run([*als_eigenaar(), *opdracht], capture_output=True, text=True, check=False)
    if resultaat.returncode != 0:
        raise RuntimeError(f"{' '.join(opdracht[:1])} mislukte:\n{resultaat.stdout}\n{resultaat.stderr}")
