"""Which mix of search signals, and which decision thresholds, work best?

Compares the signals of ``bot.kennisbank.zoeken`` alone and together, with and without
negative evidence (``niet_voor``), and the decision between answer, choice and "geen goed
antwoord", on the development sets (used for tuning: ``vragen_dev.yml`` and the phone-style
``vragen_dev2.yml``) and the older held-out test set (top-1 only, not used for tuning).
Prints Markdown tables (kept in docs/zoeken.md). Run: ``.venv/bin/python -m benchmarks.zoeken_mix``.

The articles' example questions (``voorbeeldvragen``) come from the development sets, so every set is
measured leave-one-set-out: without the examples taken from that set (its first questions and its
follow-up conversations' first questions), as if its questions were new.
"""

from __future__ import annotations

import sys
from dataclasses import replace

import yaml

from benchmarks.uitkomsten import lees_antwoord, meet_eerste_vragen
from bot.kennisbank.artikel import Artikel
from bot.kennisbank.loader import vraag_sleutel
from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kennisbank.zoeken import ZoekDrempels, ZoekGewichten, Zoekindex, beslis, spacy_lemmatiseerder
from bot.kern.settings import load_settings
from bot.kern.taal import load_pipeline
from tests.vragensets import DATA

ZONDER_NIET_VOOR = 1.0
# The decision as it was before issue 11: a lower floor, a choice at 85% of the best score.
OUDE_DREMPELS = ZoekDrempels(minimum=0.25, keuze_verhouding=0.85, twijfel=0.0)
# The decision as it was before the example questions counted.
DREMPELS_ZONDER_VOORBEELDEN = ZoekDrempels(minimum=0.26, twijfel=0.30, voorstel=0.18)
# Each development set: its first questions, and the file whose conversations' first questions are examples too.
ONTWIKKELSETS = {
    "vragen_dev": ("vragen_dev.yml", None), "vragen_dev2": ("vragen_dev2.yml", None),
    "dev3": ("dev3/eerste_vragen.yml", "dev3/vervolgvragen.yml"), "dev5": ("dev5/eerste_vragen.yml", "dev5/vervolgvragen.yml"),
    "dev7": ("dev7/eerste_vragen.yml", "dev7/vervolgvragen.yml"), "dev8": ("dev8/eerste_vragen.yml", "dev8/vervolgvragen.yml"),
    "vragen_test (nooit voorbeeld)": ("vragen_test.yml", None),
}

MIXEN = {
    "woorden (zonder lemma)": ZoekGewichten(woorden=1, tekens=0, lemma=False, samenstellingen=False),
    "woorden + lemma": ZoekGewichten(woorden=1, tekens=0, samenstellingen=False),
    "woorden + lemma + samenstellingen": ZoekGewichten(woorden=1, tekens=0),
    "tekens (n-grammen)": ZoekGewichten(woorden=0, tekens=1),
    "woorden + tekens, halve tekens": ZoekGewichten(tekens=0.5),
    "woorden + lemma + samenstellingen + tekens, zonder niet_voor": ZoekGewichten(niet_voor=ZONDER_NIET_VOOR),
    "woorden + lemma + samenstellingen + tekens + niet_voor (standaard)": ZoekGewichten(),
}
BESLISSINGEN = {
    "vóór issue 11: zonder niet_voor, oude drempels": (ZoekGewichten(niet_voor=ZONDER_NIET_VOOR), OUDE_DREMPELS),
    "niet_voor, oude drempels": (ZoekGewichten(), OUDE_DREMPELS),
    "zonder niet_voor, nieuwe drempels": (ZoekGewichten(niet_voor=ZONDER_NIET_VOOR), DREMPELS_ZONDER_VOORBEELDEN),
    "niet_voor + nieuwe drempels (standaard)": (ZoekGewichten(), DREMPELS_ZONDER_VOORBEELDEN),
}


def lees(naam: str) -> list[dict]:
    return yaml.safe_load((DATA / naam).read_text(encoding="utf-8"))["vragen"]


def zonder_voorbeelden_uit(artikelen: list[Artikel], *bestanden: str | None) -> list[Artikel]:
    """The articles without the example questions that are questions of these files."""
    weg = set()
    for bestand in filter(None, bestanden):
        data = yaml.safe_load((DATA / bestand).read_text(encoding="utf-8"))
        weg |= {vraag_sleutel(v["vraag"]) for v in data.get("vragen", [])}
        weg |= {vraag_sleutel(v["eerste"]) for v in data.get("vervolgvragen", [])}
    return [replace(a, voorbeeldvragen=tuple(v for v in a.voorbeeldvragen if vraag_sleutel(v) not in weg))
            for a in artikelen]


def voorbeelden_tabel(artikelen: list[Artikel], lemmatiseer) -> None:
    """Per development set, leave-one-set-out: the search without example questions (and the decision
    calibrated for it) against the search with the other sets' examples."""
    print("\nVoorbeeldvragen (per set zonder de voorbeelden uit die set):\n")
    print("| set | zonder voorbeelden: goede eerste kaart | zeker fout | geen antwoord | met: goede eerste kaart | zeker fout | geen antwoord |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    zonder = Zoekindex(artikelen, lemmatiseer=lemmatiseer, gewichten=ZoekGewichten(voorbeelden=0))
    for naam, (eerste, vervolg) in ONTWIKKELSETS.items():
        vragen = lees(eerste)
        met = Zoekindex(zonder_voorbeelden_uit(artikelen, eerste, vervolg), lemmatiseer=lemmatiseer)
        a, b = beslissingen(zonder, vragen, DREMPELS_ZONDER_VOORBEELDEN), beslissingen(met, vragen, ZoekDrempels())
        print(f"| {naam} | {a['goede eerste kaart']:.1%} | {a['zeker fout (kaart)']:.1%} | {a['geen antwoord']:.1%} | "
              f"{b['goede eerste kaart']:.1%} | {b['zeker fout (kaart)']:.1%} | {b['geen antwoord']:.1%} |")


def top(index: Zoekindex, vragen: list[dict], n: int) -> float:
    met = [v for v in vragen if v["id"]]
    return sum(v["id"] in [t.artikel_id for t in index.zoek(v["vraag"], aantal=n)] for v in met) / len(met)


def beslissingen(index: Zoekindex, vragen: list[dict], drempels: ZoekDrempels) -> dict:
    """The metrics of ``benchmarks.heldout`` for the search decision alone."""
    paren = []
    for v in vragen:
        beslissing, beste = beslis(index.zoek(v["vraag"]), drempels)
        if beslissing == "antwoord":
            berichten = [{"custom": {"kennisbank": {"id": beste[0].artikel_id}}}]
        elif beslissing == "keuze":
            berichten = [{"custom": {"keuzes": [{"id": t.artikel_id} for t in beste]}}]
        else:
            berichten = []
        paren.append((v, lees_antwoord(berichten)))
    return meet_eerste_vragen(paren)


def main() -> int:
    artikelen = lees_artikelen_uit_map(load_settings())
    lemmatiseer = spacy_lemmatiseerder(load_pipeline())
    voorbeelden_tabel(artikelen, lemmatiseer)
    # the tables below measure the other signals and the decision: without the example questions
    artikelen = [replace(a, voorbeeldvragen=()) for a in artikelen]
    dev, dev2, test = lees("vragen_dev.yml"), lees("vragen_dev2.yml"), lees("vragen_test.yml")
    ontwikkel = dev + dev2
    print(f"Signalen (beslissing: standaard drempels; ontwikkeling = {len(dev)} + {len(dev2)} vragen):\n")
    print("| mix | dev top-1 | dev2 top-1 | ontwikkeling: goede eerste kaart | zeker fout | keuze | geen antwoord | test top-1 | test top-3 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for naam, gewichten in MIXEN.items():
        index = Zoekindex(artikelen, lemmatiseer=lemmatiseer, gewichten=gewichten)
        m = beslissingen(index, ontwikkel, DREMPELS_ZONDER_VOORBEELDEN)
        print(f"| {naam} | {top(index, dev, 1):.1%} | {top(index, dev2, 1):.1%} | {m['goede eerste kaart']:.1%} | "
              f"{m['zeker fout (kaart)']:.1%} | {m['keuze']:.1%} | {m['geen antwoord']:.1%} | "
              f"{top(index, test, 1):.1%} | {top(index, test, 3):.1%} |")
    print("\nBeslissing (dev2, telefoonstijl):\n")
    print("| mix | goede eerste kaart | zeker fout | keuze | nodeloze keuze | geen antwoord | geen onderwerp: geen kaart |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for naam, (gewichten, drempels) in BESLISSINGEN.items():
        index = Zoekindex(artikelen, lemmatiseer=lemmatiseer, gewichten=gewichten)
        m = beslissingen(index, dev2, drempels)
        print(f"| {naam} | {m['goede eerste kaart']:.1%} | {m['zeker fout (kaart)']:.1%} | {m['keuze']:.1%} | "
              f"{m['nodeloze keuze']:.1%} | {m['geen antwoord']:.1%} | {m['geen onderwerp: geen kaart']:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
