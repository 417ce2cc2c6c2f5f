"""The figures as files for a spreadsheet: one CSV per table, all of them together in one ZIP.

Each CSV has semicolons, UTF-8 with BOM (Excel in Dutch reads it right), decimal commas, one header
row, and cells that could start a formula made harmless. The headers come from the caller (the
console's template ``cijfers_namen.html``), so this module holds no words staff read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


@dataclass(frozen=True)
class Tabel:
    bestand: str  # the file name without .csv
    kolommen: list[str]
    rijen: list[list[object]]


def als_csv(tabel: Tabel) -> bytes:
    """One table: its header row, then its rows."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([veilig(k) for k in tabel.kolommen])
    for rij in tabel.rijen:
        schrijver.writerow([veilig(c) for c in rij])
    return (BOM + uit.getvalue()).encode("utf-8")


def als_zip(tabellen: Sequence[Tabel]) -> bytes:
    """Every table as its own CSV in one ZIP (deflated)."""
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", compression=zipfile.ZIP_DEFLATED) as archief:
        for tabel in tabellen:
            archief.writestr(f"{tabel.bestand}.csv", als_csv(tabel))
    return uit.getvalue()


def veilig(waarde: object) -> str:
    """A cell as text; one that a spreadsheet would run as a formula gets a leading quote."""
    if waarde is None:
        return ""
    if isinstance(waarde, float):
        tekst = f"{waarde:.2f}".rstrip("0").rstrip(".")
        return tekst.replace(".", ",")
    tekst = str(waarde)
    return "'" + tekst if tekst.startswith(FORMULE_TEKENS) else tekst
