"""Settings read from the environment, with defaults that run everything on a laptop.

Every process (Rasa server, action server, loaders, tests) reads the same variables, so a
deployment changes behaviour by environment only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    database_url: str
    kennisbank_dir: Path
    shared_dir: Path
    spacy_pipeline_dir: Path
    gemeente_naam: str
    loket_telefoon: str
    loket_email: str
    # Rasa's SQL tracker store (the conversations), read by the figures (bot/cijfers)
    tracker_url: str = ""
    # the staff directory that ``python -m bot.medewerkers check|load`` reads
    medewerkers_bestand: Path = PROJECT_ROOT / "config" / "medewerkers.yml"
    # local files of a laptop run (SQLite databases, the mail sink, a generated web chat secret)
    data_dir: Path = PROJECT_ROOT / "data"
    # the vectors of the kennisbank's texts by meaning (bot/kennisbank/betekenis.py): a cache, rebuilt when lost
    betekenis_cache: Path = PROJECT_ROOT / "build" / "betekenis" / "vectoren.npz"
    # the municipality's privacy statement, linked in the greeting, the consent question and the widget
    privacy_url: str = "https://www.voorbeeldstad.nl/privacy"


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


def load_settings() -> Settings:
    data_dir = _path_from_env("INGANG_DATA_DIR", PROJECT_ROOT / "data")
    default_db = f"sqlite:///{data_dir / 'ingang.db'}"
    return Settings(
        database_url=os.environ.get("INGANG_DATABASE_URL", default_db),
        kennisbank_dir=_path_from_env("INGANG_KENNISBANK_DIR", PROJECT_ROOT / "kennisbank" / "artikelen"),
        shared_dir=_path_from_env("INGANG_SHARED_DIR", PROJECT_ROOT.parent / "shared"),
        spacy_pipeline_dir=_path_from_env("INGANG_SPACY_DIR", PROJECT_ROOT / "build" / "spacy-nl"),
        gemeente_naam=os.environ.get("INGANG_GEMEENTE", "Voorbeeldstad"),
        loket_telefoon=os.environ.get("INGANG_LOKET_TELEFOON", "14 0123"),
        loket_email=os.environ.get("INGANG_LOKET_EMAIL", "ondernemersloket@voorbeeldstad.nl"),
        tracker_url=os.environ.get("INGANG_TRACKER_URL", f"sqlite:///{data_dir / 'tracker.db'}"),
        medewerkers_bestand=_path_from_env("INGANG_MEDEWERKERS_BESTAND", PROJECT_ROOT / "config" / "medewerkers.yml"),
        data_dir=data_dir,
        betekenis_cache=_path_from_env("INGANG_BETEKENIS_CACHE", PROJECT_ROOT / "build" / "betekenis" / "vectoren.npz"),
        privacy_url=os.environ.get("INGANG_PRIVACY_URL", "https://www.voorbeeldstad.nl/privacy"),
    )
