"""The worker's round tests use the promise tests' fixtures: staff and articles, a case, a real SMTP server."""

from tests.unit.beloften.conftest import gevuld, mailer, smtp, zaak  # noqa: F401 - fixtures
