"""Play whole handoff conversations through the running assistant over REST and measure them.

Run: ``python -m benchmarks.gesprekken <file>... [--url http://127.0.0.1:5005] [--details]``.
Without ``--url`` it starts the assistant like ``benchmarks.heldout`` does.

A file holds ``gesprekken``: each with the entrepreneur's own messages (``beurten``), the
expected ``team`` (or null), what was finally given (``gegevens``) and ``verwacht`` (``urgent``,
``klacht``, ``taal``). The player sends the messages in order, and answers like the
entrepreneur would what the script does not say: "ja" to consent and to the summary, and for any
other question what ``gegevens`` holds, else "weet ik niet". It stops at the handoff
(``custom.overdracht``, see ../shared/berichten.md) or after a few extra turns.

Measured per file, from payloads only (never the Dutch text): the share of conversations that
reach a handoff, the share with the expected team, questions asked before the handoff (steps
of ``custom.vraag`` other than consent and confirmation; median and the share with at most
three), questions the script did not answer, the given facts found back in the last summary,
urgent and English cases marked, and conversations without a repeated bot text. Only aggregate
numbers are printed, so that a held-out file can be measured without reading it; ``--details``
prints one line per conversation (development files only).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from benchmarks.heldout import gestarte_assistent, rest_prater
from benchmarks.uitkomsten import herhaalt_tekst

Praat = Callable[[str, str], list[dict]]
NIET_GETELD = {"toestemming", "bevestiging"}
MAX_EXTRA = 8
TEAMS_BESTAND = Path(__file__).resolve().parents[2] / "shared" / "kennisbank-onderwerpen.yml"


@dataclass
class Verloop:
    """What happened in one conversation."""

    vragen: list[str] = field(default_factory=list)  # steps asked, in order (consent and summary left out)
    onbeantwoord: int = 0  # questions the script did not answer
    teksten: list[str] = field(default_factory=list)
    samenvatting: str = ""
    overdracht: dict | None = None


def laatste_stap(berichten: list[dict]) -> str | None:
    stappen = [(b.get("custom") or {}).get("vraag", {}).get("stap") for b in berichten]
    stappen = [s for s in stappen if s]
    return stappen[-1] if stappen else None


def antwoord_op(stap: str, gegevens: dict) -> str:
    """What the entrepreneur of the script says to a question the script does not answer."""
    if stap == "contact" and gegevens.get("naam"):
        return ", ".join(v for v in (gegevens.get("naam"), gegevens.get("telefoon") or gegevens.get("email")) if v)
    if stap == "bedrijf":
        return " ".join(v for v in (gegevens.get("bedrijf"), f"kvk {gegevens['kvk']}" if gegevens.get("kvk") else None)
                        if v) or "nog geen bedrijf"
    for sleutel in (stap, *stap.split("_")):
        if gegevens.get(sleutel):
            return str(gegevens[sleutel])
    return "weet ik niet"


def speel(gesprek: dict, praat: Praat) -> Verloop:
    verloop, afzender = Verloop(), uuid.uuid4().hex
    gegevens = gesprek.get("gegevens") or {}

    def stuur(tekst: str) -> list[dict]:
        berichten = praat(tekst, afzender)
        for bericht in berichten:
            custom = bericht.get("custom") or {}
            if bericht.get("text"):
                verloop.teksten.append(bericht["text"].strip())
            stap = (custom.get("vraag") or {}).get("stap")
            if stap and stap not in NIET_GETELD:
                verloop.vragen.append(stap)
            if stap == "bevestiging":  # text and payload may come as two items of the reply
                verloop.samenvatting = "\n".join(b.get("text") or "" for b in berichten)
            if custom.get("overdracht"):
                verloop.overdracht = custom["overdracht"]
        return berichten

    laatste: list[dict] = []
    for beurt in gesprek["beurten"]:
        if verloop.overdracht:
            break
        if laatste_stap(laatste) == "toestemming":
            laatste = stuur("ja")  # the entrepreneur consents; the script does not say it
        laatste = stuur(beurt)
    for _ in range(MAX_EXTRA):
        if verloop.overdracht:
            break
        stap = laatste_stap(laatste)
        if stap in NIET_GETELD:
            laatste = stuur("ja")
        elif stap:
            verloop.onbeantwoord += 1
            laatste = stuur(antwoord_op(stap, gegevens))
        else:
            laatste = stuur("kan iemand mij hierover bellen?")
    return verloop


def cijfers(tekst: str) -> str:
    return re.sub(r"\D", "", tekst)


def gevonden_in_samenvatting(gegevens: dict, samenvatting: str) -> tuple[int, int]:
    """(found, given) over name, phone, e-mail, company and KvK: phone numbers compared by digits."""
    gevonden = gegeven = 0
    laag, alle_cijfers = samenvatting.lower(), cijfers(samenvatting)
    for sleutel in ("naam", "telefoon", "email", "bedrijf", "kvk"):
        waarde = gegevens.get(sleutel)
        if not waarde:
            continue
        gegeven += 1
        if sleutel == "telefoon":
            nummer = cijfers(str(waarde)).lstrip("0")
            nummer = nummer[2:] if nummer.startswith("31") else nummer
            gevonden += nummer in alle_cijfers
        else:
            gevonden += str(waarde).lower() in laag
    return gevonden, gegeven


def teams() -> dict[str, str]:
    data = yaml.safe_load(TEAMS_BESTAND.read_text(encoding="utf-8"))
    return {o["id"]: o.get("team") for o in data["onderwerpen"]}


def meet(data: dict, praat: Praat, details: bool = False) -> dict[str, float | int]:
    team_van = teams()
    rijen = []
    for gesprek in data["gesprekken"]:
        verloop = speel(gesprek, praat)
        rijen.append((gesprek, verloop))
        if details:
            print(_detail(gesprek, verloop, team_van))
    met_overdracht = [(g, v) for g, v in rijen if v.overdracht]
    met_team = [(g, v) for g, v in rijen if g.get("team")]
    juist_team = [(g, v) for g, v in met_team if v.overdracht and team_van.get(v.overdracht.get("onderwerp")) == g["team"]]
    aantallen = [len(v.vragen) for _, v in met_overdracht]
    verhaal = [len(v.vragen) for g, v in met_overdracht if g.get("categorie") == "lang_verhaal"]
    velden = [gevonden_in_samenvatting(g.get("gegevens") or {}, v.samenvatting) for g, v in met_overdracht]
    urgent = [(g, v) for g, v in rijen if (g.get("verwacht") or {}).get("urgent")]
    engels = [(g, v) for g, v in rijen if (g.get("verwacht") or {}).get("taal") == "en"]
    return {
        "gesprekken": len(rijen),
        "overdracht bereikt": _deel(len(met_overdracht), len(rijen)),
        "juiste team": _deel(len(juist_team), len(met_team)),
        "vragen tot overdracht (mediaan)": statistics.median(aantallen) if aantallen else 0,
        "vragen tot overdracht, lang verhaal (mediaan)": statistics.median(verhaal) if verhaal else 0,
        "hoogstens 3 vragen": _deel(sum(a <= 3 for a in aantallen), len(aantallen)),
        "vragen die het script niet beantwoordt (gemiddeld)": round(
            sum(v.onbeantwoord for _, v in rijen) / max(len(rijen), 1), 2),
        "gegevens terug in de samenvatting": _deel(sum(g for g, _ in velden), sum(t for _, t in velden)),
        "urgent gemarkeerd": _deel(sum(bool(v.overdracht and v.overdracht.get("urgent")) for _, v in urgent), len(urgent)),
        "Engels gemarkeerd": _deel(sum(bool(v.overdracht and v.overdracht.get("taal") == "en") for _, v in engels),
                                   len(engels)),
        "geen herhaalde tekst": _deel(sum(not herhaalt_tekst(v.teksten) for _, v in rijen), len(rijen)),
    }


def _deel(teller: int, noemer: int) -> float:
    return round(teller / noemer, 4) if noemer else 0.0


def _detail(gesprek: dict, verloop: Verloop, team_van: dict[str, str]) -> str:
    onderwerp = (verloop.overdracht or {}).get("onderwerp")
    team = team_van.get(onderwerp) if onderwerp else None
    teken = "ok " if verloop.overdracht and team == gesprek.get("team") else "-- "
    return (f"{teken}{gesprek.get('naam') or gesprek.get('id', '?'):32} vragen={','.join(verloop.vragen) or '-'} extra={verloop.onbeantwoord} "
            f"onderwerp={onderwerp} team={team} verwacht={gesprek.get('team')}"
            f"{' HERHAALD' if herhaalt_tekst(verloop.teksten) else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bestanden", type=Path, nargs="+")
    parser.add_argument("--url", help="a running assistant (default: start one)")
    parser.add_argument("--details", action="store_true", help="one line per conversation (development files only)")
    args = parser.parse_args(argv)

    def alles(praat: Praat) -> None:
        for bestand in args.bestanden:
            data = yaml.safe_load(bestand.read_text(encoding="utf-8"))
            print(f"{bestand.name}:")
            for maat, waarde in meet(data, praat, args.details).items():
                print(f"  {maat:50} {waarde:.1%}" if isinstance(waarde, float) and waarde <= 1 and "mediaan" not in maat
                      and "gemiddeld" not in maat else f"  {maat:50} {waarde}")

    if args.url:
        alles(rest_prater(args.url))
    else:
        with gestarte_assistent() as url:
            alles(rest_prater(url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
