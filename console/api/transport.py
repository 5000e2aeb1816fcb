"""Transport helpers: httpx failures become the api's errors; content-type checks.

No raw httpx (or ssl/socket) exception may reach a caller: the UI catches
``ApiError`` only, and a certificate problem must say how to fix it.
"""

from __future__ import annotations

import re
import ssl
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import unquote_plus

import httpcore
import httpx

from console.api.errors import ApiError, ConnectionError, TimeoutError

# The SDK's test: application/xml or text/xml, any parameters.
# What the engine keeps of a Correlation-Id (it strips the rest).
_CORRELATION_UNSAFE = re.compile(r"[^0-9a-zA-Z_-]")
_XML_RE = re.compile(r"^\s*(application|text)/xml\s*(;.*)?$", re.IGNORECASE)


# asyncio's socket transport hands over up to 256 KB per recv(), but httpcore asks
# for 64 KB at a time: each arrival is then split in four, the rest copied each
# time, with a loop round-trip per piece. Asking for what arrives cut a 10,000-VM
# list() by ~0.07 s of 0.9 (bench_api). A class constant is httpcore's only knob.
READ_BYTES = 256 * 1024


def widen_reads() -> None:
    """Let httpcore take a whole socket read per call (never narrows a wider setting)."""
    connection = getattr(httpcore, "AsyncHTTP11Connection", None)
    if connection is not None and getattr(connection, "READ_NUM_BYTES", 0) < READ_BYTES:
        connection.READ_NUM_BYTES = READ_BYTES


def content_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "")


def is_xml(response: httpx.Response) -> bool:
    return _XML_RE.match(content_type(response)) is not None


def _is_certificate_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        if "CERTIFICATE_VERIFY_FAILED" in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def certificate_message(url: str, ca_url: str, exc: BaseException) -> str:
    return (
        f"TLS certificate of {url} could not be verified ({exc}). "
        f"Pass --ca-file with the engine's CA certificate, which the engine serves at "
        f"{ca_url}, or --insecure to skip verification (not recommended)."
    )


@contextmanager
def translate_errors(url: str, ca_url: str) -> Iterator[None]:
    """Map httpx/ssl/socket failures of a request to ``url`` onto the api's errors."""
    try:
        yield
    except ApiError:
        raise
    except httpx.TimeoutException as exc:
        raise TimeoutError(
            f"the engine did not answer in time ({type(exc).__name__}: "
            f"{exc or 'no detail'}) for {url}"
        ) from exc
    except (httpx.ConnectError, httpx.ProxyError) as exc:
        if _is_certificate_failure(exc):
            raise ConnectionError(certificate_message(url, ca_url, exc)) from exc
        raise ConnectionError(f"cannot connect to {url}: {exc or type(exc).__name__}") from exc
    except httpx.TransportError as exc:
        # Dropped or reset mid-exchange, protocol garbage from a middlebox, and so on.
        raise ConnectionError(f"connection to {url} failed: {exc or type(exc).__name__}") from exc
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, httpx.CookieConflict) as exc:
        raise ApiError(f"request to {url} failed: {exc or type(exc).__name__}") from exc
    except ssl.SSLError as exc:
        if _is_certificate_failure(exc):
            raise ConnectionError(certificate_message(url, ca_url, exc)) from exc
        raise ConnectionError(f"TLS failure talking to {url}: {exc}") from exc
    except OSError as exc:
        raise ConnectionError(f"connection to {url} failed: {exc}") from exc
    except ExceptionGroup as group:
        # anyio's connect can bundle failures (one per address tried).
        raise ConnectionError(f"cannot connect to {url}: {group.exceptions[0]}") from group


class Secret:
    """Holds the password so no repr, log line or traceback shows it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "'********'"


def correlation_id_for(headers: Mapping[str, str], query: str) -> str:
    """The caller's id (header or ``correlation_id`` query) or a fresh uuid4.

    A caller's id is cut down the way the engine does it (only ``[0-9a-zA-Z_-]``,
    at most 36 characters), so the id we return is the one jobs and events carry.
    """
    chosen = ""
    for name, value in headers.items():
        if name.lower() == "correlation-id" and value:
            chosen = value
    if not chosen:
        match = re.search(r"(?:^|&)correlation_id=([^&]+)", query)
        if match:
            chosen = unquote_plus(match.group(1))
    chosen = _CORRELATION_UNSAFE.sub("", chosen)[:36]
    return chosen or str(uuid.uuid4())


def check_ascii(headers: Mapping[str, str]) -> None:
    for name, value in headers.items():
        if not (str(name).isascii() and str(value).isascii()):
            raise ValueError(f"header {name!r} must be ASCII, as HTTP requires")


def tls_context(ca_file: str | None, insecure: bool) -> ssl.SSLContext | bool:
    """Verification on by default: the system store, or only ``ca_file`` when given."""
    if insecure:
        return False  # asked for explicitly; never the default
    if ca_file:
        return ssl.create_default_context(cafile=ca_file)
    context = ssl.create_default_context()  # the system store
    try:
        import certifi  # httpx's own bundle, for systems with an empty store

        context.load_verify_locations(cafile=certifi.where())
    except (ImportError, OSError):
        pass
    return context
