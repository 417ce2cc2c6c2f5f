"""The security tests: each attack of issue 13 as a test. Those that talk to the running
assistant use the suite's shared one (tests/conftest.py: ``assistent``)."""

from __future__ import annotations

from tests.unit.actions.conftest import database  # noqa: F401,E402  (the actions' test database, shared)
