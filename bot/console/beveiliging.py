"""What every response and every request of the console gets, whatever route answers it.

- Security headers on every response, also on static files, JSON and redirects: no MIME sniffing,
  no framing, a strict Content-Security-Policy (scripts and styles only from the console itself),
  no referrer to other sites, and HSTS when the console runs behind HTTPS (``secure``).
- A size limit on every request body, ``/login`` and the JSON API included: a larger body gets
  413 before any route reads it.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 256 * 1024  # an article edit is the largest thing staff send
VEILIGE_METHODEN = ("GET", "HEAD", "OPTIONS")
KOPPEN = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"content-security-policy": b"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    b"referrer-policy": b"same-origin",
}
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class BeveiligingMiddleware:
    def __init__(self, app: ASGIApp, secure: bool, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.secure = secure
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._met_koppen(send)
        if scope["method"] not in VEILIGE_METHODEN:
            body = await lees_body(receive, self.max_body)
            if body is None:
                await PlainTextResponse("Het verzoek is te groot.", status_code=413)(scope, receive, send)
                return
            receive = speel_af(body, receive)
        await self.app(scope, receive, send)

    def _met_koppen(self, send: Send) -> Send:
        async def met_koppen(bericht: Message) -> None:
            if bericht["type"] == "http.response.start":
                headers = list(bericht.get("headers") or [])
                al = {naam.lower() for naam, _ in headers}
                extra = [*KOPPEN.items(), *([HSTS] if self.secure else [])]
                headers += [(naam, waarde) for naam, waarde in extra if naam not in al]
                bericht = {**bericht, "headers": headers}
            await send(bericht)

        return met_koppen


async def lees_body(receive: Receive, maximum: int) -> bytes | None:
    """The whole request body, or None when it is larger than ``maximum`` bytes."""
    delen: list[bytes] = []
    grootte = 0
    while True:
        bericht = await receive()
        if bericht["type"] != "http.request":
            break
        delen.append(bericht.get("body", b""))
        grootte += len(delen[-1])
        if grootte > maximum:
            return None
        if not bericht.get("more_body", False):
            break
    return b"".join(delen)


def speel_af(body: bytes, origineel: Receive) -> Receive:
    """A ``receive`` that hands the already read body to the app once more, then waits as usual."""
    verstuurd = False

    async def receive() -> Message:
        nonlocal verstuurd
        if not verstuurd:
            verstuurd = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await origineel()

    return receive
