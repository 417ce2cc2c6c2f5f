"""The register of processing (docs/privacy.md) names every table and column that stores data.

The privacy officer reads docs/privacy.md as Ingang's AVG register: per table, every column with
the kind of personal data it holds, or ``-``. A migration that adds a table or column without a
row there, or a row for a column that no longer exists, fails here, so the register cannot go
stale either way. The truth is a freshly migrated database, reflected, plus Rasa's tracker store
table ``events``, whose ``data`` column holds every message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import MetaData

from bot.kern.db import make_engine
from bot.kern.settings import PROJECT_ROOT
from tests.conftest import migrate

REGISTER = PROJECT_ROOT / "docs" / "privacy.md"
TABLE_HEADING = re.compile(r"^### tabel `(\w+)`\s*$")
COLUMN_ROW = re.compile(r"^\|\s*`(\w+)`\s*\|([^|]*)\|")
NOT_OURS = {"alembic_version"}  # Alembic's own bookkeeping

Tables = dict[str, dict[str, str]]  # table -> column -> kind of personal data (empty when not known)


def read_register(path: Path = REGISTER) -> Tables:
    """The rows of every ``### tabel `name``` section: column -> kind of personal data."""
    register: Tables = {}
    rows: dict[str, str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if heading := TABLE_HEADING.match(line):
            rows = register.setdefault(heading[1], {})
        elif line.startswith("#"):
            rows = None
        elif rows is not None and (row := COLUMN_ROW.match(line)):
            rows[row[1]] = row[2].strip()
    return register


def missing_from(tables: Tables, other: Tables) -> list[str]:
    """The tables and columns of ``tables`` that ``other`` lacks."""
    missing = []
    for table, columns in tables.items():
        if table not in other:
            missing.append(f"table {table}")
        else:
            missing += [f"column {table}.{column}" for column in columns if column not in other[table]]
    return missing


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    """Every table and column of a freshly migrated application database, and Rasa's ``events``."""
    url = f"sqlite:///{tmp_path_factory.mktemp('register') / 'ingang.db'}"
    migrate(url)
    engine = make_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
    finally:
        engine.dispose()
    tables = [table for table in metadata.sorted_tables if table.name not in NOT_OURS]
    tables.append(SQLTrackerStore.SQLEvent.__table__)
    return {table.name: {column.name: "" for column in table.columns} for table in tables}


@pytest.fixture(scope="module")
def register() -> Tables:
    return read_register()


def test_every_table_and_column_has_an_entry_in_the_register(stored: Tables, register: Tables) -> None:
    missing = missing_from(stored, register)
    assert not missing, (
        f"Not in the register of processing: {', '.join(missing)}. Add them to docs/privacy.md: a "
        "'### tabel `name`' section per table, a '| `column` | kind of personal data or - | note |' row per column."
    )


def test_the_register_names_no_table_or_column_that_does_not_exist(stored: Tables, register: Tables) -> None:
    stale = missing_from(register, stored)
    assert not stale, f"docs/privacy.md names what does not exist: {', '.join(stale)}. Remove or rename it there."


def test_every_row_says_what_personal_data_its_column_holds(register: Tables) -> None:
    unsaid = [f"{table}.{column}" for table, rows in register.items() for column, kind in rows.items() if not kind]
    assert not unsaid, f"Say in docs/privacy.md what personal data these hold, or '-': {', '.join(unsaid)}."


def test_the_tracker_store_events_and_their_data_are_in_the_register(register: Tables) -> None:
    assert "data" in register.get("events", {}), (
        "Add Rasa's tracker store table events and its column data (every message) to docs/privacy.md."
    )
    assert register["events"]["data"] != "-", "events.data holds every message: say so in docs/privacy.md."


def test_the_reader_takes_only_rows_under_a_table_heading(tmp_path: Path) -> None:
    path = tmp_path / "privacy.md"
    path.write_text("### tabel `zaak`\n\n| kolom | persoonsgegeven | toelichting |\n| --- | --- | --- |\n"
                    "| `wat` | vrije tekst | |\n\n## Next\n\n| `los` | - | |\n", encoding="utf-8")
    register = read_register(path)
    assert register == {"zaak": {"wat": "vrije tekst"}}
    assert missing_from({"zaak": {"wat": "", "hoe": ""}, "belofte": {}}, register) == ["column zaak.hoe",
                                                                                      "table belofte"]
