"""The HTTP server under every fake of an outside API: a free loopback port, a background thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar

F = TypeVar("F", bound="LoopbackFake")

Behandelaar = Callable[[BaseHTTPRequestHandler, str], None]


class LoopbackServer:
    """Serves ``behandel(request, methode)`` for the given HTTP methods on 127.0.0.1 (any free port)."""

    def __init__(self, behandel: Behandelaar, *, naam: str, methoden: tuple[str, ...] = ("GET", "POST")) -> None:
        self._behandel = behandel
        self._naam = naam
        self._methoden = methoden
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        behandel = self._behandel
        handler = type("Handler", (BaseHTTPRequestHandler,), {
            "log_message": lambda self, *_args: None,
            **{f"do_{methode}": (lambda m: lambda self: behandel(self, m))(methode) for methode in self._methoden},
        })
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name=self._naam, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def adres(self) -> str:
        """``http://127.0.0.1:<port>``."""
        assert self._server is not None, "start the fake first"
        host, poort = self._server.server_address[:2]
        return f"http://{host}:{poort}"


class LoopbackFake:
    """Base of a fake outside API served by ``self._http``: ``start``/``stop``, or ``with fake:``."""

    _http: LoopbackServer

    def start(self: F) -> F:
        self._http.start()
        return self

    def stop(self) -> None:
        self._http.stop()

    def __enter__(self: F) -> F:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
