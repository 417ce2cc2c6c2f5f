"""Attack 3 of issue 13 against the running assistant: one message stalls everyone.

Verified before the fix: an 80 KB message of repeated ``<script>`` kept the Rasa server busy for
about 9 s, and a "hoi" someone else sent meanwhile took 8.3 s; the server accepted bodies of
100 MB and socket.io messages of 1 MB.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import yaml
from socketio.exceptions import ConnectionError as SocketioConnectionError

from bot.kern.settings import PROJECT_ROOT
from tests.chat import Chat

pytestmark = pytest.mark.e2e

NORMAAL_ANTWOORD = 1.0  # seconds: the time of one normal message
GROOT = "<script>" * 12_500  # 100,000 characters: the attack's message, a little larger


def ingekort_teksten() -> set[str]:
    """The assistant's own words for "your message was shortened" (domain.yml)."""
    domein = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return {variant["text"] for variant in domein["responses"]["utter_invoer_ingekort"]}


def stuur(url: str, afzender: str, tekst: str) -> tuple[requests.Response, float]:
    begin = time.perf_counter()
    antwoord = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": afzender, "message": tekst}, timeout=60)
    return antwoord, time.perf_counter() - begin


def teksten(antwoord: requests.Response) -> list[str]:
    return [b.get("text") or "" for b in antwoord.json()]


def test_a_huge_hostile_message_never_delays_another_conversation(assistent):
    stuur(assistent.url, uuid.uuid4().hex, "hoi")  # the first message of a server warms it up
    with ThreadPoolExecutor(max_workers=4) as pool:
        groot = [pool.submit(stuur, assistent.url, uuid.uuid4().hex, GROOT) for _ in range(3)]
        time.sleep(0.3)  # the large messages are on their way first
        normaal, duur = stuur(assistent.url, uuid.uuid4().hex, "hoi")
        grote_antwoorden = [toekomst.result() for toekomst in groot]
    assert normaal.status_code == 200 and teksten(normaal)
    assert duur < NORMAAL_ANTWOORD, f"'hoi' wachtte {duur:.1f} s op de grote berichten"
    for antwoord, _ in grote_antwoorden:
        assert antwoord.status_code == 200, antwoord.text[:200]
        assert set(teksten(antwoord)) & ingekort_teksten(), teksten(antwoord)


def test_long_runs_without_spaces_never_delay_another_conversation(assistent):
    """Found by the fuzz benchmark: 2,000 emoji, "<" or "\ufffd" without a space kept spaCy's tokenizer
    busy for 0.3-0.5 s each on the server's event loop (quadratic in a word's length); three of them
    made a "hoi" beside them wait about 1.5 s. Written to fail before the cut into words
    (``MAX_WOORDLENGTE``, bot/kern/invoer.py)."""
    stuur(assistent.url, uuid.uuid4().hex, "hoi")
    runs = ["\U0001f600" * 2000, "<" * 2000, "\ufffd" * 2000]
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        zwaar = [pool.submit(stuur, assistent.url, uuid.uuid4().hex, run) for run in runs]
        time.sleep(0.3)  # the long runs are on their way first
        normaal, duur = stuur(assistent.url, uuid.uuid4().hex, "hoi")
        antwoorden = [toekomst.result() for toekomst in zwaar]
    assert normaal.status_code == 200 and teksten(normaal)
    assert duur < NORMAAL_ANTWOORD, f"'hoi' wachtte {duur:.1f} s op de lange reeksen"
    assert all(antwoord.status_code == 200 and teksten(antwoord) for antwoord, _ in antwoorden)


def test_a_too_large_request_body_is_refused_and_the_server_goes_on(assistent):
    te_groot = "hallo " * 200_000  # 1.2 MB
    antwoord = requests.post(f"{assistent.url}/webhooks/rest/webhook",
                             json={"sender": uuid.uuid4().hex, "message": te_groot}, timeout=60)
    assert antwoord.status_code == 413
    assert requests.get(f"{assistent.url}/", timeout=5).status_code == 200
    normaal, duur = stuur(assistent.url, uuid.uuid4().hex, "hoi")
    assert normaal.status_code == 200 and teksten(normaal) and duur < NORMAAL_ANTWOORD


async def test_a_long_web_chat_message_is_shortened_and_a_huge_one_refused(assistent):
    chat = Chat(assistent.url)
    await chat.verbind()
    try:
        await chat.stuur("mag ik een terras? " * 300)  # 5,700 characters
        await chat.wacht_op(lambda berichten: {b.get("text") for b in berichten} & ingekort_teksten(), 30)
    finally:
        await chat.client.disconnect()

    te_groot = Chat(assistent.url)
    await te_groot.verbind()
    try:
        await te_groot.stuur("hallo " * 100_000)  # 600 KB in one socket.io message
        await te_groot.wacht_op(lambda berichten: bool(berichten), 5)
        ontvangen = True
    except (asyncio.TimeoutError, SocketioConnectionError):
        ontvangen = False
    finally:
        await te_groot.client.disconnect()
    assert not ontvangen, "the server read a socket.io message of 600 KB"
    normaal, duur = stuur(assistent.url, uuid.uuid4().hex, "hoi")
    assert normaal.status_code == 200 and duur < NORMAAL_ANTWOORD


def test_both_servers_keep_what_they_loaded_out_of_the_garbage_collectors_rounds(assistent):
    """Found by the fuzz benchmark with a probe on ``gc.callbacks``: a full collection held the Rasa
    server's event loop for 0.3 s and the action server's for 0.2 s, every 40-80 s under a flood, and the
    ordinary conversation's slow messages were those in flight then. Written to fail before
    ``bevries_opstartgeheugen`` (bot/kern/geheugen.py) was called at the start of both servers."""
    stuur(assistent.url, uuid.uuid4().hex, "hoi")  # both servers have run a message: both have started
    for log in ("rasa.log", "acties.log"):
        tekst = (assistent.map_ / log).read_text(errors="replace")
        bevroren = re.findall(r"Opstartgeheugen bevroren: (\d+) objecten", tekst)
        assert bevroren and int(bevroren[0]) > 100_000, f"{log}: niets bevroren"
    # the action server built the kennisbank's index before it froze, so the index is kept out too
    acties = (assistent.map_ / "acties.log").read_text(errors="replace")
    assert 0 <= acties.find("Kennisbank vooraf geladen") < acties.find("Opstartgeheugen bevroren")
