"""Reliability tests reuse the backend's simulator fixtures (loopback, frozen clock)."""

from tests.backend.conftest import backend_for, free_port, sim, slow_sim  # noqa: F401
