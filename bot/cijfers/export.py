"""The figures as CSV for a spreadsheet: semicolons, UTF-8 with BOM (Excel in Dutch reads it
right), decimal commas, and cells that could start a formula made harmless."""

from __future__ import annotations

import csv
import io

from bot.cijfers.overzicht import Overzicht

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def als_csv(overzicht: Overzicht, titels: dict[str, str] | None = None) -> str:
    """All figures of ``overzicht`` as one CSV text: a section per table, with a heading row each."""
    titels = titels or {}
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    rij = lambda *cellen: schrijver.writerow([veilig(c) for c in cellen])  # noqa: E731
    rij("Periode", overzicht.van.isoformat(), overzicht.tot_en_met.isoformat())
    rij()
    rij("Kerncijfer", "Waarde")
    for naam, waarde in overzicht.kerncijfers().items():
        rij(naam, waarde)
    rij()
    rij("Dag", "Kanaal", "Gesprekken", "Vragen")
    vragen = overzicht.gesprekken.vragen_per_dag_kanaal
    for (dag, kanaal), aantal in sorted(overzicht.gesprekken.gesprekken_per_dag_kanaal.items()):
        rij(dag.isoformat(), kanaal, aantal, vragen.get((dag, kanaal), 0))
    rij()
    rij("Onderwerp", "Titel", "Keer beantwoord")
    for artikel_id, aantal in overzicht.gesprekken.onderwerpen:
        rij(artikel_id, titels.get(artikel_id, ""), aantal)
    rij()
    rij("Artikel dat niet hielp", "Titel", "Keer")
    for artikel_id, aantal in overzicht.gesprekken.niet_geholpen:
        rij(artikel_id, titels.get(artikel_id, ""), aantal)
    rij()
    rij("Team", "Open beloften", "Te laat")
    for stand in overzicht.beloften.per_team:
        rij(stand.team, stand.open, stand.te_laat)
    return "\ufeff" + uit.getvalue()


def veilig(waarde: object) -> str:
    """A cell as text; one that a spreadsheet would run as a formula gets a leading quote."""
    if waarde is None:
        return ""
    if isinstance(waarde, float):
        return f"{waarde:.3f}".replace(".", ",")
    tekst = str(waarde)
    return "'" + tekst if tekst.startswith(FORMULE_TEKENS) else tekst
