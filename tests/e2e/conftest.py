"""The running assistant for the end-to-end tests, and helpers to read its replies."""

from __future__ import annotations

import pytest

from tests.assistent import Assistent, start_assistent


@pytest.fixture(scope="session")
def assistent(tmp_path_factory, artikelen) -> Assistent:
    with start_assistent(tmp_path_factory.mktemp("assistent"), artikelen) as assistent:
        yield assistent


def kennisbank_ids(berichten: list[dict]) -> list[str]:
    return [b["custom"]["kennisbank"]["id"] for b in berichten if "kennisbank" in (b.get("custom") or {})]


def teksten(berichten: list[dict]) -> str:
    return "\n".join(b.get("text") or "" for b in berichten)
