"""What the Rasa server process sets up for itself, through the channels.

Rasa offers no hook of its own at the start of its server, but every input channel gives it a
blueprint whose listeners it runs. So each of Ingang's channels passes its blueprint through
``richt_server_in``; what it sets up holds for the whole process and is harmless when repeated:

- the request size limit of every route (``begrens_verzoeken``, bot/kanalen/lengte.py);
- once the server runs (the model is loaded before), what was loaded is kept out of the garbage
  collector's rounds, and a collection that still takes long is logged (bot/kern/geheugen.py).
"""

from __future__ import annotations

from typing import Any

from sanic import Blueprint

from bot.kanalen.lengte import begrens_verzoeken
from bot.kern.geheugen import bevries_opstartgeheugen, meld_lange_opruimrondes


def richt_server_in(blueprint: Blueprint) -> Blueprint:
    """``blueprint`` with the process-wide set-up of the Rasa server (see the module's docstring)."""
    @blueprint.listener("after_server_start")
    async def bevries_geheugen(app: Any, loop: Any) -> None:
        bevries_opstartgeheugen()
        meld_lange_opruimrondes()

    return begrens_verzoeken(blueprint)
