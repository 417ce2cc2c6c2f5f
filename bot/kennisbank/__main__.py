"""Command line: ``python -m bot.kennisbank check|load|betekenis``.

``check`` validates the article files, the situations (``kennisbank/situaties/``) and the
glossary (``kennisbank/begrippen.yml``); ``load`` validates them and stores them in the database, and embeds
the articles' texts the cache of meanings does not have yet (``betekenis.py``: about 40 s the first time);
``betekenis`` only fills that cache from the files, without a database (for an image built beforehand).
Both exit with status 1 and a list of file-and-field errors when a file is broken.
"""

from __future__ import annotations

import argparse
import sys

from bot.kennisbank.artikel import Artikel
from bot.kennisbank.betekenis import Betekenis, Betekenisindex
from bot.kennisbank.loader import KennisbankFout
from bot.kennisbank.naslag import (
    begrippen_bestand,
    lees_begrippen_uit_bestand,
    lees_situaties_uit_map,
    situaties_map,
    sla_begrippen_op,
    sla_situaties_op,
)
from bot.kennisbank.service import lees_artikelen_uit_map, sla_artikelen_op
from bot.kern.configuratie import ConfiguratieFout
from bot.kern.db import transaction
from bot.kern.settings import Settings, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.kennisbank", description="Kennisbank: controleren en laden.")
    parser.add_argument("opdracht", choices=["check", "load", "betekenis"])
    args = parser.parse_args(argv)
    settings = load_settings()
    try:
        artikelen = lees_artikelen_uit_map(settings)
    except KennisbankFout as fout:
        print(fout, file=sys.stderr)
        return 1
    fouten: list[str] = []
    situaties = begrippen = []
    try:
        situaties = lees_situaties_uit_map(settings, artikelen)
    except ConfiguratieFout as fout:
        fouten.append(str(fout))
    try:
        begrippen = lees_begrippen_uit_bestand(settings, artikelen)
    except ConfiguratieFout as fout:
        fouten.append(str(fout))
    if fouten:
        print("\n".join(fouten), file=sys.stderr)
        return 1
    if args.opdracht == "betekenis":
        return vul_betekenis(settings, artikelen)
    if args.opdracht == "check":
        print(f"Kennisbank in orde: {len(artikelen)} artikelen, {len(situaties)} situaties, {len(begrippen)} begrippen.")
        return 0
    with transaction() as session:
        resultaat = sla_artikelen_op(session=session, artikelen=artikelen, bron_map=settings.kennisbank_dir, door="loader")
        uit_situaties = sla_situaties_op(session=session, situaties=situaties, bron_map=situaties_map(settings),
                                         door="loader")
        uit_begrippen = sla_begrippen_op(session=session, begrippen=begrippen, bron=begrippen_bestand(settings),
                                         door="loader")
    for wat, r in (("Kennisbank", resultaat), ("Situaties", uit_situaties), ("Begrippen", uit_begrippen)):
        print(f"{wat} geladen: {r.nieuw} nieuw, {r.bijgewerkt} bijgewerkt, {r.ongewijzigd} ongewijzigd.")
    return vul_betekenis(settings, artikelen)


def vul_betekenis(settings: Settings, artikelen: list[Artikel]) -> int:
    """Embed the articles' texts the cache does not have yet."""
    betekenisindex = Betekenisindex.bouw(artikelen, Betekenis(settings.betekenis_cache))
    print(f"Betekenis: {len(betekenisindex.artikel_ids)} teksten in {settings.betekenis_cache}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
