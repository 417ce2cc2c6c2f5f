"""A throw-away redis-server for the tests (Debian's ``redis-server``, installed by ``scripts/services``)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.assistent import vrije_poort

REDIS_SERVER = Path("/usr/bin/redis-server")


@contextmanager
def redis_server(map_: Path) -> Iterator[str]:
    """A throw-away redis-server on a free port, without persistence; its URL."""
    if not REDIS_SERVER.exists():
        pytest.fail(f"Geen {REDIS_SERVER}: draai scripts/services (installeert redis-server).")
    port = vrije_poort()
    proces = subprocess.Popen(
        [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(map_)],
        stdout=(map_ / "redis.log").open("w"), stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wacht_op_redis(url, proces)
        yield url
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()


def _wacht_op_redis(url: str, proces: subprocess.Popen) -> None:
    client = redis.Redis.from_url(url)
    for _ in range(100):
        if proces.poll() is not None:
            raise RuntimeError("redis-server stopte bij het starten")
        try:
            if client.ping():
                return
        except redis.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError("redis-server startte niet")
