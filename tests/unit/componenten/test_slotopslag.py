"""The lock store of the Rasa replicas (bot/componenten/slotopslag.py): locks shared through Redis, and
conversations that go on when Redis is away (issue 16: "stop Redis — the service degrades rather than
failing"). Rasa's own RedisLockStore raises ConnectionError on every message then."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

import redis
from rasa.utils.endpoints import EndpointConfig

from bot.componenten.slotopslag import TerugvalRedisSlotOpslag
from tests.assistent import vrije_poort
from tests.redis import redis_server


def slotopslag(poort: int) -> TerugvalRedisSlotOpslag:
    """As endpoints.production.yml configures it."""
    return TerugvalRedisSlotOpslag(EndpointConfig(url="127.0.0.1", type="x", port=poort, db=1, socket_timeout=2))


async def test_a_lock_taken_by_one_replica_is_seen_by_another_through_redis(tmp_path):
    with redis_server(tmp_path) as url:
        poort = urlparse(url).port
        replica_a, replica_b = slotopslag(poort), slotopslag(poort)
        async with replica_a.lock("gesprek-1"):
            assert replica_b.is_someone_waiting("gesprek-1")
        assert not replica_b.is_someone_waiting("gesprek-1")


async def test_without_redis_a_replica_goes_on_with_its_own_locks_and_says_so_once(caplog):
    opslag = slotopslag(vrije_poort())  # nothing listens there
    caplog.set_level(logging.ERROR, logger="bot.componenten.slotopslag")
    for _ in range(3):
        async with opslag.lock("gesprek-1"):
            assert opslag.is_someone_waiting("gesprek-1")
    assert not opslag.is_someone_waiting("gesprek-1")
    assert len([r for r in caplog.records if "onbereikbaar" in r.getMessage()]) == 1


async def test_when_redis_answers_again_its_locks_are_used_again(tmp_path, caplog):
    with redis_server(tmp_path) as url:
        poort = urlparse(url).port
        opslag, andere_replica = slotopslag(poort), slotopslag(poort)
        bereikbaar = opslag.red
        opslag.red = redis.StrictRedis(host="127.0.0.1", port=vrije_poort(), socket_timeout=2)  # Redis is away
        async with opslag.lock("gesprek-2"):
            assert not andere_replica.is_someone_waiting("gesprek-2")  # only this replica knows the lock
        opslag.red = bereikbaar  # Redis is back
        caplog.set_level(logging.WARNING, logger="bot.componenten.slotopslag")
        async with opslag.lock("gesprek-2"):
            assert andere_replica.is_someone_waiting("gesprek-2")
        assert opslag.redis_weg is False
        assert any("weer bereikbaar" in r.getMessage() for r in caplog.records)
