"""Fixtures: an in-process simulator on a free loopback port, driven by a ManualClock.

Everything goes over real HTTP with plain httpx (never console.api), so these tests
pin the wire protocol itself. ``life=False`` keeps the engine quiet unless a test
drives it, and the manual clock means nothing ever sleeps.
"""

from __future__ import annotations

from pathlib import Path
from typing import AsyncIterator

import httpx
import pytest
from lxml import etree

from console.simulator.clock import ManualClock
from console.simulator.engine import Engine
from console.simulator.server import SimulatorServer

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "xml-examples"
USER, PASSWORD = "admin@internal", "ovirt"
SSO_FORM = {"grant_type": "password", "scope": "ovirt-app-api", "username": USER, "password": PASSWORD}
JSON = {"Accept": "application/json"}


def origin(url: str) -> str:
    return url.split("/ovirt-engine/api", 1)[0]


def xml(response: httpx.Response) -> etree._Element:
    assert response.headers["content-type"] == "application/xml;charset=UTF-8", response.text
    return etree.fromstring(response.content)


def child_names(element: etree._Element) -> list[str]:
    return [c.tag for c in element if isinstance(c.tag, str)]


async def login(http: httpx.AsyncClient, url: str) -> str:
    response = await http.post(f"{origin(url)}/ovirt-engine/sso/oauth/token", data=SSO_FORM, headers=JSON)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def engine(clock: ManualClock) -> Engine:
    return Engine(seed=0, vms=60, clock=clock, transition_seconds=3.0, life=False)


@pytest.fixture
async def sim(engine: Engine) -> AsyncIterator[SimulatorServer]:
    server = SimulatorServer(engine)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
async def api(sim: SimulatorServer, http: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client logged in with a bearer token, base URL = the API root, SDK-style headers."""
    token = await login(http, sim.url)
    headers = {"Authorization": f"Bearer {token}", "Version": "4", "Accept": "application/xml",
               "Content-Type": "application/xml"}
    async with httpx.AsyncClient(base_url=sim.url, headers=headers, timeout=10) as client:
        yield client


async def advance(sim: SimulatorServer, http: httpx.AsyncClient, seconds: float) -> None:
    """Move the engine clock through the test hook, as an out-of-process test would."""
    response = await http.post(f"{origin(sim.url)}/ovirt-engine/simulator/clock/advance", json={"seconds": seconds})
    assert response.status_code == 200, response.text
