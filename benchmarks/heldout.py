"""Run a question file through the running assistant over REST and print aggregate metrics.

Run: ``python -m benchmarks.heldout <file>... [--url http://127.0.0.1:5005] [--details]``.
Without ``--url`` it starts the assistant (Rasa and the action server, on a fresh database)
like the end-to-end tests do; the trained model must exist (``scripts/setup``).
``--alleen-zoeken`` measures first questions against the search decision alone, without Rasa.

The file is one of four kinds (the kind follows from its content):
- first questions: ``{vragen: [{vraag, id (or null), soort, tweede_id?}]}``;
- follow-ups: ``{vervolgvragen: [{eerste, eerste_id, vervolg, verwacht_id, gedekt, onderdeel}]}``;
- situations: ``{situaties: [{vraag, onderwerpen: [...]}]}``;
- outside the municipality: ``{vragen: [{vraag, instantie}]}``.
Each question (or pair) is a fresh conversation. Only aggregate numbers are printed, so that a
held-out file can be measured without its questions being read; ``--details`` adds one line per
question that did not go right (for development files only).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
import yaml

from benchmarks.uitkomsten import (
    Uitkomst,
    herhaalt_tekst,
    lees_antwoord,
    meet_buiten,
    meet_eerste_vragen,
    meet_situaties,
    meet_vervolgvragen,
)

Praat = Callable[[str, str], list[dict]]


def soort_bestand(data: dict) -> str:
    if "vervolgvragen" in data:
        return "vervolg"
    if "situaties" in data:
        return "situaties"
    vragen = data.get("vragen") or []
    if vragen and all("instantie" in v for v in vragen):
        return "buiten"
    return "eerste"


def rest_prater(url: str, timeout: float = 60) -> Praat:
    def praat(tekst: str, gesprek: str) -> list[dict]:
        antwoord = requests.post(f"{url.rstrip('/')}/webhooks/rest/webhook",
                                 json={"sender": gesprek, "message": tekst}, timeout=timeout)
        antwoord.raise_for_status()
        return antwoord.json()

    return praat


def zoek_prater() -> Praat:
    """The search decision alone, answering like the action does (no NLU, no dialogue)."""
    from bot.kennisbank.service import lees_artikelen_uit_map
    from bot.kennisbank.typfouten import spacy_woordenboek
    from bot.kennisbank.zoeken import Zoekindex, beslis, spacy_lemmatiseerder
    from bot.kern.settings import load_settings
    from bot.kern.taal import load_pipeline

    artikelen = lees_artikelen_uit_map(load_settings())
    nlp = load_pipeline()
    index = Zoekindex(artikelen, lemmatiseer=spacy_lemmatiseerder(nlp), bekend=spacy_woordenboek(nlp))

    def praat(tekst: str, gesprek: str) -> list[dict]:
        beslissing, beste = beslis(index.zoek(tekst), enkel_woord=len(index.inhoudswoorden(tekst)) == 1)
        if beslissing == "antwoord":
            return [{"text": beste[0].titel, "custom": {"kennisbank": {"id": beste[0].artikel_id, "onderdeel": "kort"}}}]
        if beslissing == "keuze":
            return [{"text": "keuze", "custom": {"keuzes": [{"id": t.artikel_id, "titel": t.titel} for t in beste]}}]
        return [{"text": "geen goed antwoord"}]

    return praat


def meet(data: dict, praat: Praat, details: bool = False) -> dict[str, float | int]:
    soort = soort_bestand(data)
    regels: list[str] = []
    if soort == "vervolg":
        gesprekken = []
        for v in data["vervolgvragen"]:
            gesprek = uuid.uuid4().hex
            eerste = lees_antwoord(praat(v["eerste"], gesprek))
            vervolg = lees_antwoord(praat(v["vervolg"], gesprek))
            gesprekken.append((v, eerste, vervolg))
            regels.append(_detail_vervolg(v, eerste, vervolg))
        uitkomst = meet_vervolgvragen(gesprekken)
    else:
        sleutel = "situaties" if soort == "situaties" else "vragen"
        paren = [(v, lees_antwoord(praat(v["vraag"], uuid.uuid4().hex))) for v in data[sleutel]]
        regels = [_detail(soort, v, u) for v, u in paren]
        meting = {"eerste": meet_eerste_vragen, "situaties": meet_situaties, "buiten": meet_buiten}[soort]
        uitkomst = meting(paren)
        uitkomst["geen herhaalde tekst"] = round(sum(not herhaalt_tekst(list(u.teksten)) for _, u in paren) / max(len(paren), 1), 4)
    if details:
        for regel in filter(None, regels):
            print(regel)
    return uitkomst


def _detail(soort: str, v: dict, u: Uitkomst) -> str | None:
    if soort == "eerste":
        if u.kaart_id == v.get("id") and (v.get("id") or u.soort != "keuze"):
            return None
        verwacht = v.get("id")
    elif soort == "situaties":
        if u.soort == "situatie":
            return None
        verwacht = ",".join(v["onderwerpen"])
    else:
        if u.kaart_id is None:
            return None
        verwacht = f"geen kaart ({v.get('instantie')})"
    kreeg = u.kaart_id or (",".join(u.keuzes) if u.keuzes else u.soort)
    return f"  {u.soort:8} verwacht {verwacht}, kreeg {kreeg}: {v['vraag']!r}"


def _detail_vervolg(v: dict, eerste: Uitkomst, vervolg: Uitkomst) -> str | None:
    herhaald = herhaalt_tekst([*eerste.teksten, *vervolg.teksten])
    if vervolg.kaart_id == v.get("verwacht_id") and not herhaald and (v.get("verwacht_id") or vervolg.teksten):
        return None
    return (f"  vervolg verwacht {v.get('verwacht_id')}, kreeg {vervolg.kaart_id or vervolg.soort}"
            f"{' (herhaalde tekst)' if herhaald else ''}: {v['eerste']!r} -> {v['vervolg']!r}")


@contextmanager
def gestarte_assistent() -> Iterator[str]:
    from bot.kennisbank.service import lees_artikelen_uit_map
    from bot.kern.settings import load_settings
    from tests.assistent import start_assistent

    artikelen = lees_artikelen_uit_map(load_settings())
    with tempfile.TemporaryDirectory(prefix="ingang-heldout-") as map_, start_assistent(Path(map_), artikelen) as assistent:
        yield assistent.url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bestanden", type=Path, nargs="+", help="YAML question files (one assistant for all)")
    parser.add_argument("--url", help="a running assistant (default: start one)")
    parser.add_argument("--details", action="store_true", help="also print each question that went wrong")
    parser.add_argument("--alleen-zoeken", action="store_true", help="first questions against the search alone")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = parser.parse_args(argv)

    if args.alleen_zoeken:
        uitkomsten = meet_bestanden(args.bestanden, zoek_prater(), args.details)
    elif args.url:
        uitkomsten = meet_bestanden(args.bestanden, rest_prater(args.url), args.details)
    else:
        with gestarte_assistent() as url:
            uitkomsten = meet_bestanden(args.bestanden, rest_prater(url), args.details)
    if args.json:
        print(json.dumps(uitkomsten, ensure_ascii=False, indent=2))
        return 0
    for naam, uitkomst in uitkomsten.items():
        print(f"{naam}:")
        for maat, waarde in uitkomst.items():
            print(f"  {maat:45} {waarde:.1%}" if isinstance(waarde, float) else f"  {maat:45} {waarde}")
    return 0


def meet_bestanden(bestanden: list[Path], praat: Praat, details: bool) -> dict[str, dict[str, float | int]]:
    """The metrics of each file, under "<folder>/<file name> (<kind>)": the sets share file names."""
    uitkomsten = {}
    for bestand in bestanden:
        data = yaml.safe_load(bestand.read_text(encoding="utf-8"))
        uitkomsten[f"{bestand.parent.name}/{bestand.name} ({soort_bestand(data)})"] = meet(data, praat, details)
    return uitkomsten


if __name__ == "__main__":
    sys.exit(main())
