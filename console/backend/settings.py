"""What the console needs to reach an engine, and how a demo engine is sized.

Plain data shared by the command line, the login screen and the backend. The
password never appears in a repr, so it cannot leak into a log or a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

__all__ = ["API_PATH", "DemoOptions", "EngineSettings", "normalize_url"]

API_PATH = "/ovirt-engine/api"


@dataclass
class EngineSettings:
    """Where and how to log in; ``url`` is the API URL (…/ovirt-engine/api)."""

    url: str
    username: str = "admin@internal"
    password: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    insecure: bool = False
    read_only: bool = False
    timeout: float = 30.0
    refresh: float = 10.0
    demo: bool = False
    profile: str | None = None  # the config.toml profile these came from, if any


@dataclass(frozen=True)
class DemoOptions:
    """Size and seed of the embedded simulated engine started for ``--demo``."""

    vms: int = 60
    seed: int = 1
    chaos: str | None = None  # the simulator's --chaos SPEC, e.g. "latency=0.2"


def normalize_url(url: str) -> str:
    """Turn what an admin types into the API URL.

    Accepts ``engine.example.com``, ``engine:8443``, ``https://engine``,
    ``https://engine/ovirt-engine`` and ``https://engine/ovirt-engine/api/``;
    returns ``https://engine/ovirt-engine/api``. ``http://`` is kept when asked
    for (the simulator and some labs), https is the default. Raises ValueError
    with a one-line reason for something that cannot be a URL.
    """
    text = url.strip()
    if not text:
        raise ValueError("the engine URL is empty")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"unsupported URL scheme {parts.scheme!r}: use https://")
    if not parts.hostname:
        raise ValueError(f"no host name in URL {url.strip()!r}")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ValueError(f"bad port in URL {url.strip()!r}") from None
    path = parts.path.rstrip("/")
    if path in ("", "/") or path == "/ovirt-engine":
        path = API_PATH
    elif path.endswith(("/ovirt-engine/api", "/api")):
        pass  # already the API (possibly behind a proxy prefix)
    elif path.endswith("/ovirt-engine"):
        path += "/api"
    else:
        path += API_PATH
    # Query and fragment mean nothing to the API root: drop them.
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
