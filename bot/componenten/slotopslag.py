"""Rasa's Redis lock store, which keeps answering while Redis is away (endpoints.production.yml).

Every Rasa replica takes a conversation's lock in Redis before it handles a message, so two
replicas never handle two messages of one conversation at once. Rasa's own ``RedisLockStore``
fails every message while Redis cannot be reached. This one falls back to locks in this
replica's memory for as long as Redis is away, and logs that once: conversations go on, only
the guarantee across replicas is lost for that time (an entrepreneur rarely sends a second
message before the first is answered). When Redis answers again, its locks are used again.
"""

from __future__ import annotations

import logging

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class TerugvalRedisSlotOpslag(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        self.terugval = InMemoryLockStore()
        self.redis_weg = False

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        try:
            slot = super().get_lock(conversation_id)
        except RedisError as fout:
            self._redis_weg(fout)
            return self.terugval.get_lock(conversation_id)
        self._redis_terug()
        return slot

    def save_lock(self, lock: TicketLock) -> None:
        try:
            super().save_lock(lock)
        except RedisError as fout:
            self._redis_weg(fout)
            self.terugval.save_lock(lock)

    def delete_lock(self, conversation_id: str) -> None:
        try:
            super().delete_lock(conversation_id)
        except RedisError as fout:
            self._redis_weg(fout)
        self.terugval.delete_lock(conversation_id)

    def _redis_weg(self, fout: RedisError) -> None:
        if not self.redis_weg:
            logger.error("Redis (slotopslag) onbereikbaar, deze replica gebruikt eigen sloten: %s", type(fout).__name__)
        self.redis_weg = True

    def _redis_terug(self) -> None:
        if self.redis_weg:
            logger.warning("Redis (slotopslag) is weer bereikbaar.")
        self.redis_weg = False
