"""Every text a person reads that is built in code comes from one folder of templates: ``teksten/``.

A content editor reviews and changes them there (Dutch, B1), without reading Python. Templates
are Jinja2 files; ``tekst("escalatie/ondernemer.txt", zaak=..., ...)`` renders one with the
values the code passes. Undefined values raise, so a template and its caller cannot drift
apart silently. Plain text: no HTML escaping here (channels and e-mail escape what they must).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.kern import tijd
from bot.kern.settings import PROJECT_ROOT

TEKSTEN_MAP = PROJECT_ROOT / "teksten"


@lru_cache(maxsize=1)
def _omgeving() -> Environment:
    omgeving = Environment(
        loader=FileSystemLoader(str(TEKSTEN_MAP)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    omgeving.filters.update(
        dag_en_datum=tijd.dag_en_datum,
        dag_en_maand=tijd.dag_en_maand,
        dagnaam=tijd.dagnaam,
        datum=tijd.datum,
        kloktijd=tijd.kloktijd,
        datum_en_tijd=tijd.datum_en_tijd,
        moment_en=tijd.moment_en,
    )
    return omgeving


def tekst(naam: str, **waarden: Any) -> str:
    """Render template ``teksten/<naam>`` with ``waarden``; surrounding white space is stripped."""
    return _omgeving().get_template(naam).render(**waarden).strip()
