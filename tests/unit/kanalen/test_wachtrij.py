"""The queue in front of Rasa (bot/kanalen/wachtrij.py): places, order, and clients that go away."""

from __future__ import annotations

import asyncio

import pytest

from bot.kanalen.wachtrij import NIEUW, ONDERWEG, Wachtrij, plaatsen_uit_omgeving


async def houd_vast(rij: Wachtrij, naam: str, voorrang: int, gestart: list[str], los: asyncio.Event) -> None:
    async with rij.beurt(voorrang):
        gestart.append(naam)
        await los.wait()


async def laat_lopen() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_no_more_than_the_places_at_once_and_nothing_dropped():
    rij, gestart, los = Wachtrij(3), [], asyncio.Event()
    taken = [asyncio.create_task(houd_vast(rij, f"b{i}", NIEUW, gestart, los)) for i in range(10)]
    await laat_lopen()
    assert gestart == ["b0", "b1", "b2"] and rij.bezet == 3 and rij.wachtend == 7
    los.set()
    await asyncio.gather(*taken)
    assert sorted(gestart) == sorted(f"b{i}" for i in range(10))
    assert rij.bezet == 0 and rij.wachtend == 0


async def test_a_conversation_under_way_goes_before_new_ones_and_new_ones_keep_their_order():
    rij, gestart = Wachtrij(1), []
    los = {naam: asyncio.Event() for naam in ("eerste", "nieuw-1", "nieuw-2", "onderweg")}
    eerste = asyncio.create_task(houd_vast(rij, "eerste", NIEUW, gestart, los["eerste"]))
    await laat_lopen()
    wachtend = [asyncio.create_task(houd_vast(rij, naam, voorrang, gestart, los[naam]))
                for naam, voorrang in (("nieuw-1", NIEUW), ("nieuw-2", NIEUW), ("onderweg", ONDERWEG))]
    await laat_lopen()
    assert gestart == ["eerste"]
    for naam in ("eerste", "onderweg", "nieuw-1", "nieuw-2"):
        los[naam].set()
        await laat_lopen()
    await asyncio.gather(eerste, *wachtend)
    assert gestart == ["eerste", "onderweg", "nieuw-1", "nieuw-2"]


async def test_a_client_that_goes_away_while_waiting_takes_no_place():
    rij, gestart, los = Wachtrij(1), [], asyncio.Event()
    eerste = asyncio.create_task(houd_vast(rij, "eerste", NIEUW, gestart, los))
    await laat_lopen()
    weg = asyncio.create_task(houd_vast(rij, "weg", ONDERWEG, gestart, los))
    daarna = asyncio.create_task(houd_vast(rij, "daarna", NIEUW, gestart, los))
    await laat_lopen()
    weg.cancel()
    await laat_lopen()
    assert rij.wachtend == 1
    los.set()
    await asyncio.gather(eerste, daarna)
    assert gestart == ["eerste", "daarna"] and rij.bezet == 0


async def test_a_place_handed_to_a_client_that_goes_away_passes_on():
    rij, gestart, los = Wachtrij(1), [], asyncio.Event()
    eerste = asyncio.create_task(houd_vast(rij, "eerste", NIEUW, gestart, los))
    await laat_lopen()
    weg = asyncio.create_task(houd_vast(rij, "weg", ONDERWEG, gestart, los))
    daarna = asyncio.create_task(houd_vast(rij, "daarna", NIEUW, gestart, los))
    await laat_lopen()
    los.set()
    await asyncio.sleep(0)  # "eerste" ends and hands its place to "weg", which has not run yet
    weg.cancel()
    await asyncio.wait_for(asyncio.gather(eerste, daarna), timeout=5)  # without passing it on: stuck
    with pytest.raises(asyncio.CancelledError):
        await weg
    assert "daarna" in gestart and "weg" not in gestart and rij.bezet == 0


@pytest.mark.parametrize(("waarde", "verwacht"), [(None, 3), ("1", 1), ("8", 8), ("0", 1), ("veel", 3)])
def test_the_places_come_from_the_environment(monkeypatch, waarde, verwacht):
    if waarde is None:
        monkeypatch.delenv("INGANG_GELIJKTIJDIGE_BERICHTEN", raising=False)
    else:
        monkeypatch.setenv("INGANG_GELIJKTIJDIGE_BERICHTEN", waarde)
    assert plaatsen_uit_omgeving() == verwacht
