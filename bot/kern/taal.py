"""The Dutch spaCy pipeline: prepared once by the set-up, loaded by Rasa and the search.

With internet, ``nl_core_news_sm`` is downloaded and saved; offline (CI, an air-gapped server),
a pipeline is built from spaCy's Dutch language and the lookup lemmatizer of
``spacy-lookups-data``. Either way it is saved in one folder (``build/spacy-nl``) that
``config.yml`` points at, and ``meta.json`` there tells which one it is.

Nothing in Ingang relies on the pipeline's tagger, parser or NER: only tokens and lemmas.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from bot.kern.settings import load_settings

logger = logging.getLogger(__name__)

ONLINE_PIPELINE = "nl_core_news_sm"
OFFLINE_PIPELINE = "ingang_nl_lookup"


def build_offline_pipeline():
    """spaCy's blank Dutch with the lookup lemmatizer (tables from spacy-lookups-data)."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = OFFLINE_PIPELINE
    nlp.meta["description"] = "Offline Dutch pipeline of Ingang: tokenizer and lookup lemmatizer."
    return nlp


def try_download_online_pipeline() -> bool:
    """Try ``spacy download nl_core_news_sm``; False when there is no internet (or it fails)."""
    if os.environ.get("INGANG_OFFLINE") == "1":
        return False
    command = [sys.executable, "-m", "spacy", "download", ONLINE_PIPELINE]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    except (subprocess.TimeoutExpired, OSError):
        return False
    return result.returncode == 0


def prepare_pipeline(target: Path) -> str:
    """Make sure ``target`` holds a Dutch pipeline; return the name of the one prepared."""
    if (target / "meta.json").exists():
        return pipeline_name(target)
    import spacy

    if try_download_online_pipeline():
        nlp = spacy.load(ONLINE_PIPELINE, exclude=["ner", "parser"])
    else:
        nlp = build_offline_pipeline()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return nlp.meta["name"]


def pipeline_name(target: Path) -> str:
    import json

    meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
    return f"{meta.get('lang', 'nl')}_{meta['name']}" if meta["name"] == "core_news_sm" else meta["name"]


@lru_cache(maxsize=1)
def load_pipeline():
    """The prepared pipeline, loaded once per process (read-only, safe to share)."""
    import spacy

    target = load_settings().spacy_pipeline_dir
    if not (target / "meta.json").exists():
        raise RuntimeError(f"Geen Nederlandse spaCy-pijplijn in {target}: draai eerst scripts/setup.")
    nlp = spacy.load(target)
    logger.info("Nederlandse taalpijplijn: %s (%s)", pipeline_name(target), target)
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Prepare the Dutch spaCy pipeline for Ingang.")
    parser.add_argument("--target", type=Path, default=load_settings().spacy_pipeline_dir)
    args = parser.parse_args(argv)
    name = prepare_pipeline(args.target)
    print(f"Nederlandse taalpijplijn: {name} in {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
