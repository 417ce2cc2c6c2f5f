"""The web chat's socket.io server: python-socketio's, with one gap of engine.io 4.15 closed.

engine.io answers a long-poll (GET) for a session that has just closed with a 400, but not a
message (POST) for it: ``_get_socket`` raises ``KeyError`` and Sanic answers 500 with a traceback
in the log. A client that leaves while its last message is on the way, or sends into a socket the
server closed (too large a message), does that. Found by the fuzz test (tests/security/test_fuzz.py).
"""

from __future__ import annotations

from typing import Any

import engineio
import socketio
from sanic import response


class EngineServer(engineio.AsyncServer):
    async def handle_request(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().handle_request(*args, **kwargs)
        except KeyError as fout:  # the session closed between engine.io's two looks at it
            return response.text(f"Bad Request: {fout.args[0] if fout.args else 'session'}", status=400)


class WebchatServer(socketio.AsyncServer):
    def _engineio_server_class(self) -> type[engineio.AsyncServer]:
        return EngineServer
