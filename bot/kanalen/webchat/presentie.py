"""Which web chat sessions are connected to some replica (Redis), and socket.io between replicas."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable

import redis.asyncio as aioredis
from socketio import AsyncRedisManager

logger = logging.getLogger(__name__)


class SessiePresentie:
    """Which web chat sessions are connected to some replica, kept in Redis.

    One sorted set: member = session id, score = the moment (Unix time) its presence expires.
    A replica renews its connected sessions every round of its push loop and whenever a
    session is active, and forgets a session when its last client here disconnects; a session
    of a replica that stopped without saying so counts as present until INGANG_WEBCHAT_AANWEZIG
    seconds (default 15, at least three rounds) after it was last renewed.
    """

    SLEUTEL = "ingang:webchat:sessies"

    def __init__(self, redis_url: str, geldig: float | None = None) -> None:
        interval = float(os.environ.get("INGANG_WEBCHAT_INTERVAL", "3"))
        self.geldig = geldig or max(float(os.environ.get("INGANG_WEBCHAT_AANWEZIG", "15")), 3 * interval)
        self.redis = aioredis.Redis.from_url(redis_url)

    async def meld(self, sessies: Iterable[str]) -> None:
        tot = time.time() + self.geldig
        await self.redis.zadd(self.SLEUTEL, {sessie: tot for sessie in sessies})

    async def vergeet(self, sessies: list[str]) -> None:
        if sessies:
            await self.redis.zrem(self.SLEUTEL, *sessies)

    async def sessies(self) -> list[str]:
        nu = time.time()
        await self.redis.zremrangebyscore(self.SLEUTEL, "-inf", nu)
        leden = await self.redis.zrangebyscore(self.SLEUTEL, nu, "+inf")
        return [lid.decode() if isinstance(lid, bytes) else str(lid) for lid in leden]

    async def sluit(self) -> None:
        await self.redis.close()


def client_manager(redis_url: str | None) -> AsyncRedisManager | None:
    """Redis pub/sub between the replicas when INGANG_REDIS_URL is set, else the in-process manager."""
    if not redis_url:
        return None
    logger.info("Webchat: socket.io via Redis (meerdere replica's).")
    return AsyncRedisManager(redis_url, channel="ingang-webchat")
