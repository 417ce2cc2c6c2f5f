"""The fuzz test of issue 13: random and hostile deliveries on every public channel.

Two runs of the same generator (tests/security/fuzzer.py), with different seeds:

* 10,000 deliveries to the four channels of one real Sanic server (REST, the web chat's
  socket.io, Telegram, WhatsApp) with a stand-in for Rasa's agent that answers every message
  through the channel's own output: every parser, signature check, length cut, rate limit and
  the WhatsApp recording before the 200, at the speed of the channels alone;
* a sample against the real Rasa server and action server with all four channels, while an
  ordinary entrepreneur asks ordinary questions over REST: what reaches the NLU pipeline, the
  policies and the actions.

Both: no answer of 500 or more, no broken connection, no error or traceback in the logs, and
the ordinary entrepreneur answered every time. How long the ordinary messages take while the
whole 10,000 hit the real servers is measured by ``benchmarks/fuzz.py`` (a target, not a test).

Written to fail before its fixes: a ``message`` of another type than text made Rasa's REST channel
log an error and answer nothing, and a lone surrogate (``"\\ud800"``) in a WhatsApp message failed
its recording (500, redelivered for ever) (both pinned down in tests/security/test_vreemde_invoer.py);
a lone surrogate in a Telegram message failed its handling; a Telegram update with a number as
text or no chat, and a socket.io event without data, raised; a socket.io POST for a session that
had just closed got 500 and ``session_request`` from a socket that had left raised
(tests/security/test_webchat_robuust.py). Measuring it showed every WhatsApp reply building a new
TLS context, some 50 ms of CPU on the event loop (tests/unit/kanalen/whatsapp/test_uitvoer.py).
"""

from __future__ import annotations

import asyncio
import logging
import os

import pytest
from sanic import Sanic

from bot.kanalen.rest import RestInput
from bot.kanalen.telegram.invoer import TelegramInput
from bot.kanalen.webchat.invoer import WebchatInput
from bot.kanalen.whatsapp.invoer import WhatsAppInput
from bot.kern.db import engine_for
from tests.kanaalserver import kanaal_server
from tests.security.fuzzer import leveringen
from tests.security.test_kanaal_identiteit import OpnemendeAgent
from tests.security.vuren import GEHEIMEN, is_fout, met_alle_kanalen, nep_apis, vuur

AANTAL = int(os.environ.get("FUZZ_AANTAL", "10000"))
GELIJKTIJDIG = int(os.environ.get("FUZZ_GELIJKTIJDIG", "16"))
STEEKPROEF = 300  # against the real servers: some two minutes


@pytest.fixture
def kanalen(database_url, monkeypatch):
    """The four channels as ``rasa run`` mounts them, their outside APIs faked on loopback."""
    monkeypatch.setattr(Sanic, "test_mode", True)
    with nep_apis() as env:
        for naam, waarde in {
            **env, "INGANG_DATABASE_URL": database_url, "INGANG_MAX_BERICHTEN_IP": "100000/1000000",
            # a socket.io client that leaves waits for its open long-poll: at most these 0.3 s
            "INGANG_WEBCHAT_PING_INTERVAL": "0.1", "INGANG_WEBCHAT_PING_TIMEOUT": "0.2",
        }.items():
            monkeypatch.setenv(naam, waarde)
        yield [RestInput.from_credentials({}), WebchatInput.from_credentials({"session_persistence": True}),
               TelegramInput.from_credentials({}), WhatsAppInput.from_credentials({})]
    engine_for(database_url).dispose()


@pytest.mark.alleen_sqlite  # the channels' input handling is the subject, not SQL; 6 minutes
async def test_ten_thousand_hostile_deliveries_on_the_channels_give_no_server_error(kanalen, caplog):
    agent = OpnemendeAgent()
    caplog.set_level(logging.WARNING)
    async with kanaal_server(kanalen, agent) as url:
        uitslag = await vuur(url, leveringen(AANTAL, seed=13, geheimen=GEHEIMEN), gelijktijdig=GELIJKTIJDIG,
                             met_gewoon_gesprek=False)
        await asyncio.gather(*kanalen[-1].taken)  # WhatsApp answers after its 200
    fouten = [regel for regel in (f"{r.levelname} {r.name}: {r.getMessage()[:300]}" for r in caplog.records)
              if is_fout(regel)]
    assert uitslag.verstuurd == AANTAL
    assert uitslag.serverfouten == [], uitslag.serverfouten[:20]
    assert fouten == [], fouten[:20]
    assert uitslag.clientfouten == [], uitslag.clientfouten[:20]
    assert len(agent.berichten) > AANTAL // 4  # most hostile text still reached the assistant, cut and cleaned
    for kanaal in ("rest", "telegram", "whatsapp"):  # and the channels also refused what they must
        assert any(status in (400, 403, 413) for (k, status) in uitslag.per_kanaal_status if k == kanaal), kanaal


@pytest.mark.e2e
def test_hostile_deliveries_to_the_real_servers_give_no_error_and_the_ordinary_entrepreneur_is_answered(
    tmp_path, artikelen
):
    with met_alle_kanalen(tmp_path, artikelen) as doel:
        uitslag = asyncio.run(vuur(doel.assistent.url, leveringen(STEEKPROEF, seed=2026, geheimen=GEHEIMEN)))
        fouten = doel.fouten_in_logs()
    assert uitslag.serverfouten == [], uitslag.serverfouten[:20]
    assert fouten == [], fouten[:20]
    assert uitslag.gewoon.duren and uitslag.gewoon.onbeantwoord == []
