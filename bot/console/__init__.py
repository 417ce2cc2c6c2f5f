"""The staff console: a small Starlette web application and JSON API for medewerkers."""
