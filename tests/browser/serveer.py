"""The console app served by uvicorn in a thread on a free loopback port, for the browser tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette

from tests.assistent import vrije_poort


@contextmanager
def console_in_draad(app: Starlette) -> Iterator[str]:
    """Serve ``app`` until the block ends; its address (no trailing slash)."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=vrije_poort(), log_level="warning", ws="none"))
    draad = threading.Thread(target=server.run, daemon=True)
    draad.start()
    einde = time.monotonic() + 20
    while not server.started and time.monotonic() < einde:
        time.sleep(0.05)
    assert server.started, "the console did not start"
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        draad.join(timeout=10)
