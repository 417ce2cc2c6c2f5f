"""The console tests start from a database with the articles and the tests' staff directory in it
(``tests/conftest.py``: ``gevulde_database_url``); the helpers that fill it again find nothing to change."""

from __future__ import annotations

import pytest


@pytest.fixture
def database_url(gevulde_database_url: str) -> str:
    return gevulde_database_url
