"""The refusals of the console, raised by its checks and handlers with Dutch messages.

The JSON API turns them into ``{"fout": ..., "velden": {...}}`` with 400, 403 or 404; the pages
show the message on the case page or on an error page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class NietGevonden(Exception):
    """404: it does not exist, or this user may not see it (the message does not tell which)."""


class GeenToegang(Exception):
    """403: this user may see it, but may not do this."""


@dataclass
class OngeldigeInvoer(Exception):
    """400: what was sent cannot be used; ``velden`` holds a message per field."""

    melding: str
    velden: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.melding
