"""The action server: rasa_sdk's, bound to loopback, behind a shared secret and size limits.

``python -m bot.actieserver --port 5055`` (the Procfile's ``actions`` line) takes rasa_sdk's
options (``--actions``, default ``actions``; ``--cors``, default none; TLS) plus ``--host``:

* **Address**: ``--host``, else ``SANIC_HOST`` (rasa_sdk's own setting), else ``127.0.0.1``.
  Only the Rasa server calls the action server; on one machine loopback is enough.
* **Shared secret** ``INGANG_ACTIES_GEHEIM``: when set, every call except ``GET /health`` must
  carry it, as ``Authorization: Bearer <secret>`` (``headers:`` of the ``action_endpoint`` in
  ``endpoints.production.yml``) or as Rasa's ``token:`` (sent as the query parameter ``?token=``,
  which ends up in access logs: prefer the header). Compared in constant time; missing or wrong
  → 401 before the body is read as JSON. On an address other than loopback the server refuses
  to start without a secret.
* **Sizes**: a body above ``INGANG_ACTIES_MAX_BODY`` bytes (default 10 MB) gets 413 from
  Sanic; a ``Content-Encoding: deflate`` body is unpacked here in steps and refused with 413 as
  soon as it passes ``INGANG_ACTIES_MAX_UITGEPAKT`` bytes (default 20 MB), before rasa_sdk
  would unpack it whole.
* **Start**: once the server runs, before its first call, it builds the kennisbank's search index
  (about 5 s, which the first question paid before), and then keeps all it loaded out of the
  garbage collector's rounds, so a full round no longer holds every call for 0.2 s
  (bot/kern/geheugen.py).
"""

from __future__ import annotations

import argparse
import hmac
import ipaddress
import logging
import os
import sys
import zlib

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.kennisbank.naslag import gedeelde_naslag
from bot.kennisbank.zoeker import gedeelde_zoeker
from bot.kern.geheugen import bevries_opstartgeheugen, meld_lange_opruimrondes
from bot.kern.logboek import installeer_maskering

logger = logging.getLogger(__name__)

ENV_GEHEIM = "INGANG_ACTIES_GEHEIM"
ENV_MAX_BODY = "INGANG_ACTIES_MAX_BODY"
ENV_MAX_UITGEPAKT = "INGANG_ACTIES_MAX_UITGEPAKT"
STANDAARD_MAX_BODY = 10 * 1024 * 1024
STANDAARD_MAX_UITGEPAKT = 20 * 1024 * 1024
OPEN_PADEN = frozenset({"/health"})  # reveals nothing; for load balancers and start-up checks
STAP = 64 * 1024  # bytes unpacked per step


class TeGroot(Exception):
    """The unpacked body passes the limit."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def geheim_klopt(request: Request, geheim: str) -> bool:
    """The request carries ``geheim`` (Bearer header or Rasa's ``?token=``), compared in constant time."""
    kop = request.headers.get("Authorization") or ""
    gegeven = kop[len("Bearer "):] if kop.startswith("Bearer ") else (request.args.get("token") or "")
    return bool(gegeven) and hmac.compare_digest(gegeven.encode("utf-8"), geheim.encode("utf-8"))


def pak_uit(body: bytes, limiet: int) -> bytes:
    """A deflate (zlib) body unpacked; ``TeGroot`` as soon as it passes ``limiet`` bytes."""
    uitpakker, delen, totaal = zlib.decompressobj(), [], 0
    rest = body
    while rest:
        deel = uitpakker.decompress(rest, STAP)
        rest = uitpakker.unconsumed_tail
        totaal += len(deel)
        if totaal > limiet:
            raise TeGroot
        delen.append(deel)
        if not deel and not rest:
            break
    deel = uitpakker.flush()
    if totaal + len(deel) > limiet:
        raise TeGroot
    return b"".join(delen) + deel


def bewaak(app: Sanic, *, geheim: str | None, max_body: int, max_uitgepakt: int) -> Sanic:
    """Put the secret check and the size limits in front of every route of ``app``."""
    app.config.REQUEST_MAX_SIZE = max_body

    @app.exception(PayloadTooLarge)
    async def te_groot(request: Request, fout: Exception) -> HTTPResponse:  # not rasa_sdk's 500
        return response.json({"error": "Payload Too Large"}, status=413)

    @app.middleware("request")
    async def controleer(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PADEN:
            return None
        if geheim and not geheim_klopt(request, geheim):
            logger.warning("Actieserver: aanroep zonder geldig geheim geweigerd (%s)", request.ip)
            return response.json({"error": "Unauthorized"}, status=401)
        if request.headers.get("Content-Encoding") == "deflate":
            try:
                request.body = pak_uit(request.body or b"", max_uitgepakt)
            except TeGroot:
                return response.json({"error": "Payload Too Large"}, status=413)
            except zlib.error:
                return response.json({"error": "Invalid deflate body"}, status=400)
            del request.headers["Content-Encoding"]  # unpacked: rasa_sdk reads it as plain JSON
        return None

    return app


def laad_kennisbank_vooraf() -> None:
    """Build the kennisbank's search index, its texts by meaning (from the cache file; about 40 s without it),
    situations and glossary now, not at the first question: that took the first entrepreneur after a start some
    5 s. A database not yet there is not fatal: the first question builds them then."""
    try:
        kennisbank = gedeelde_zoeker().actueel()
        aantal = len(kennisbank.artikelen)
        try:
            _ = kennisbank.betekenisindex
        except OSError as fout:  # the model cannot be loaded: the words answer alone (bot/kennisbank/zoeker.py)
            logger.warning("Betekenis niet vooraf geladen (%s)", type(fout).__name__)
        gedeelde_naslag().actueel()
        logger.info("Kennisbank vooraf geladen: %d artikelen", aantal)
    except SQLAlchemyError as fout:
        logger.warning("Kennisbank niet vooraf geladen (%s): de eerste vraag laadt hem", type(fout).__name__)


async def bereid_voor(app: Sanic, loop: object) -> None:
    """Once the server runs, before it takes a call: load the kennisbank, then keep all that was loaded
    out of the garbage collector's rounds (bot/kern/geheugen.py)."""
    laad_kennisbank_vooraf()
    bevries_opstartgeheugen()
    meld_lange_opruimrondes()


def maak_app(actions: str = "actions", cors: str | list[str] | None = None, *, geheim: str | None = None,
             max_body: int = STANDAARD_MAX_BODY, max_uitgepakt: int = STANDAARD_MAX_UITGEPAKT) -> Sanic:
    app = create_app(actions, cors_origins=cors or "")
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    app.register_listener(bereid_voor, "after_server_start")
    return bewaak(app, geheim=geheim, max_body=max_body, max_uitgepakt=max_uitgepakt)


def parser() -> argparse.ArgumentParser:
    ontleder = create_argument_parser()
    ontleder.set_defaults(actions="actions", cors=None)
    ontleder.add_argument("--host", default=os.environ.get("SANIC_HOST") or "127.0.0.1",
                          help="address to listen on (default SANIC_HOST, else 127.0.0.1)")
    return ontleder


def main(argv: list[str] | None = None) -> None:
    installeer_maskering()  # no tokens, phone numbers or e-mail addresses in the logs
    args = parser().parse_args(argv)
    geheim = os.environ.get(ENV_GEHEIM) or None
    if not is_loopback(args.host) and not geheim:
        sys.exit(f"De actieserver start niet op {args.host} zonder gedeeld geheim: zet {ENV_GEHEIM} "
                 "(en dezelfde waarde in de headers van action_endpoint), of luister op 127.0.0.1.")
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel,
                                 args.logging_config_file)
    utils.update_sanic_log_level()
    app = maak_app(args.actions, args.cors, geheim=geheim,
                   max_body=int(os.environ.get(ENV_MAX_BODY) or STANDAARD_MAX_BODY),
                   max_uitgepakt=int(os.environ.get(ENV_MAX_UITGEPAKT) or STANDAARD_MAX_UITGEPAKT))
    ssl = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    logger.info("Actieserver luistert op %s:%s (%s)", args.host, args.port,
                "met gedeeld geheim" if geheim else "zonder gedeeld geheim, alleen loopback")
    app.run(args.host, args.port, ssl=ssl, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
