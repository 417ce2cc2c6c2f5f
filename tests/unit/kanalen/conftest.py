"""Fixtures of every channel test."""

from __future__ import annotations

import pytest
from sanic import Sanic


@pytest.fixture(autouse=True)
def sanic_testmodus(monkeypatch):
    """Several Sanic apps in one process: Sanic's start-up rewrite of its own methods must start
    from the originals each time, which it does in test mode."""
    monkeypatch.setattr(Sanic, "test_mode", True)
