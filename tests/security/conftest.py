"""The security tests: each attack of issue 13 as a test. Those that talk to the running
assistant use the same fixture as the end-to-end tests."""

from __future__ import annotations

from tests.e2e.conftest import assistent  # noqa: F401  (the fixture, shared)
from tests.unit.actions.conftest import database  # noqa: F401,E402  (the actions' test database, shared)
