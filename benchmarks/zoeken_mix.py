"""Which mix of search signals finds the right article best?

Compares the signals of ``bot.kennisbank.zoeken`` alone and together on the development set
(used for tuning) and the held-out test set, and prints a Markdown table (kept in
docs/zoeken.md). Run: ``.venv/bin/python -m benchmarks.zoeken_mix``.
"""

from __future__ import annotations

import sys
from collections import Counter

from bot.kennisbank.service import lees_artikelen_uit_map
from bot.kennisbank.zoeken import ZoekGewichten, Zoekindex, beslis, spacy_lemmatiseerder
from bot.kern.settings import load_settings
from bot.kern.taal import load_pipeline
from tests.vragensets import lees_vragen

MIXEN = {
    "woorden (zonder lemma)": ZoekGewichten(woorden=1, tekens=0, lemma=False, samenstellingen=False),
    "woorden + lemma": ZoekGewichten(woorden=1, tekens=0, samenstellingen=False),
    "woorden + lemma + samenstellingen": ZoekGewichten(woorden=1, tekens=0),
    "tekens (n-grammen)": ZoekGewichten(woorden=0, tekens=1),
    "woorden + tekens, halve tekens": ZoekGewichten(tekens=0.5),
    "woorden + lemma + samenstellingen + tekens (standaard)": ZoekGewichten(),
}


def evalueer(index: Zoekindex, vragen) -> tuple[float, float, float]:
    """(top-1 accuracy, top-3 accuracy) on questions with a subject, and the share of
    questions without a subject that got no made-up answer."""
    met = [v for v in vragen if v.id]
    zonder = [v for v in vragen if not v.id]
    top1 = top3 = 0
    for v in met:
        ids = [t.artikel_id for t in index.zoek(v.vraag, aantal=3)]
        top1 += bool(ids) and ids[0] == v.id
        top3 += v.id in ids
    eerlijk = Counter(beslis(index.zoek(v.vraag))[0] != "antwoord" for v in zonder)[True]
    return top1 / len(met), top3 / len(met), eerlijk / max(len(zonder), 1)


def main() -> int:
    artikelen = lees_artikelen_uit_map(load_settings())
    lemmatiseer = spacy_lemmatiseerder(load_pipeline())
    dev, test = lees_vragen("vragen_dev.yml"), lees_vragen("vragen_test.yml")
    print("| mix | dev top-1 | dev top-3 | test top-1 | test top-3 | test: geen verzonnen antwoord |")
    print("| --- | --- | --- | --- | --- | --- |")
    for naam, gewichten in MIXEN.items():
        index = Zoekindex(artikelen, lemmatiseer=lemmatiseer, gewichten=gewichten)
        d1, d3, _ = evalueer(index, dev)
        t1, t3, eerlijk = evalueer(index, test)
        print(f"| {naam} | {d1:.1%} | {d3:.1%} | {t1:.1%} | {t3:.1%} | {eerlijk:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
