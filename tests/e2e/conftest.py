"""The assistant on PostgreSQL for the end-to-end tests (the one on SQLite, ``assistent``, is shared by
the whole suite: tests/conftest.py), and helpers to read its replies."""

from __future__ import annotations

import pytest

from tests.assistent import Assistent, start_assistent


@pytest.fixture(scope="session")
def assistent_op_postgres(tmp_path_factory, artikelen, postgres) -> Assistent:
    """The assistant as in production: the application database and Rasa's SQL tracker store on PostgreSQL."""
    with start_assistent(tmp_path_factory.mktemp("assistent-pg"), artikelen, postgres=postgres) as assistent:
        yield assistent


@pytest.fixture(params=["sqlite", "postgresql"])
def opslag(request) -> str:
    """Where a test's assistant keeps its data: SQLite files (the laptop) or PostgreSQL (production)."""
    return request.param


@pytest.fixture
def assistent_op_elke_opslag(request, opslag, assistent) -> Assistent:
    """The suite's assistant on SQLite, or the one on PostgreSQL (``opslag`` is a parameter of its own:
    parametrizing ``assistent`` itself would make pytest restart the session's assistant for each test)."""
    return assistent if opslag == "sqlite" else request.getfixturevalue("assistent_op_postgres")


def kennisbank_ids(berichten: list[dict]) -> list[str]:
    return [b["custom"]["kennisbank"]["id"] for b in berichten if "kennisbank" in (b.get("custom") or {})]


def teksten(berichten: list[dict]) -> str:
    return "\n".join(b.get("text") or "" for b in berichten)


def custom(berichten: list[dict], sleutel: str) -> list:
    """The ``custom.<sleutel>`` payloads of the bot's messages (shared/berichten.md)."""
    return [b["custom"][sleutel] for b in berichten if sleutel in (b.get("custom") or {})]
