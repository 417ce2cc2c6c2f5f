"""The bridge from synchronous code (the follow-up worker) to the channels' async clients."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def voer_uit(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to the end from sync code, also when this thread already runs an event loop.

    The outbox deliverers are called synchronously by the worker, and sometimes from inside a
    running loop (tests, or a caller that is async itself); ``asyncio.run`` refuses that, so
    then the coroutine runs in a loop of its own on a helper thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
