"""Every login failure becomes one line that names the fix."""

from __future__ import annotations

import socket
import ssl

import pytest

from console.api.errors import (
    ApiError,
    AuthError,
    ConnectionError,
    NotFoundError,
    TimeoutError,
)
from console.backend.diagnose import ca_url, explain

URL = "https://engine.example.com/ovirt-engine/api"


def wrapped(cause: BaseException, cls: type[ApiError] = ConnectionError) -> ApiError:
    """An api error raised from a lower-level cause, as the client chains them."""
    try:
        try:
            raise cause
        except BaseException as inner:
            raise cls(f"cannot reach {URL}") from inner
    except ApiError as outer:
        return outer


def one_line(text: str) -> str:
    assert "\n" not in text and "Traceback" not in text
    return text


def test_untrusted_certificate_names_ca_file_and_insecure() -> None:
    cause = ssl.SSLCertVerificationError(
        1,
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain",
    )
    line = one_line(explain(wrapped(cause), URL))
    assert line == (
        "Certificate not trusted: pass --ca-file with the engine CA "
        "(https://engine.example.com/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA) "
        "or --insecure"
    )


def test_certificate_for_another_name() -> None:
    cause = ssl.SSLCertVerificationError(
        1,
        "certificate verify failed: Hostname mismatch, certificate is not valid for 'engine.example.com'",
    )
    line = one_line(explain(wrapped(cause), URL))
    assert line.startswith("Certificate does not match engine.example.com")


def test_refused_connection_names_host_and_port() -> None:
    line = one_line(
        explain(
            wrapped(ConnectionRefusedError(111, "Connection refused")),
            "https://127.0.0.1:9/ovirt-engine/api",
        )
    )
    assert line.startswith("Connection refused by 127.0.0.1:9: check the URL and port")


def test_unknown_host() -> None:
    line = one_line(
        explain(wrapped(socket.gaierror(-2, "Name or service not known")), URL)
    )
    assert (
        line
        == "Cannot resolve host name 'engine.example.com': check the --url host name and DNS"
    )


def test_timeout_names_the_seconds() -> None:
    line = one_line(explain(TimeoutError("read timed out"), URL, timeout=30))
    assert line.startswith("No answer from engine.example.com:443 within 30 s")
    assert "--timeout" in line


def test_plain_http_port_spoken_to_with_tls() -> None:
    cause = ssl.SSLError(
        1, "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1000)"
    )
    line = one_line(explain(wrapped(cause), "https://engine:80/ovirt-engine/api"))
    assert "does not speak HTTPS" in line


def test_wrong_password_keeps_the_engine_sentence() -> None:
    exc = AuthError(
        reason="access_denied",
        detail="Cannot authenticate user 'admin@internal': The username or password is incorrect.",
        code=400,
    )
    line = one_line(explain(exc, URL, user="admin@internal"))
    assert line == (
        "Login as admin@internal failed: Cannot authenticate user 'admin@internal': "
        "The username or password is incorrect; check the user name (user@profile, e.g. "
        "admin@internal) and the password"
    )


def test_not_an_api_url() -> None:
    line = one_line(
        explain(NotFoundError(code=404), "https://engine/wrong/ovirt-engine/api")
    )
    assert line == (
        "No oVirt API at https://engine/wrong/ovirt-engine/api (HTTP 404): check the URL path; "
        "the API is usually https://engine/ovirt-engine/api"
    )
    line = one_line(
        explain(ApiError("HTTP 404 Not Found: content type 'text/html'", code=404), URL)
    )
    assert line.startswith(f"No oVirt API at {URL} (HTTP 404)")


def test_bad_url_value_error() -> None:
    assert one_line(
        explain(ValueError("no host name in URL 'https://'"), "https://")
    ).startswith("Bad engine URL:")


def test_server_error() -> None:
    line = one_line(explain(ApiError(code=503, reason="Service Unavailable"), URL))
    assert line.startswith("The engine failed (HTTP 503")


def test_unexpected_error_still_one_line() -> None:
    line = one_line(explain(RuntimeError("boom"), URL))
    assert line.startswith("Unexpected error (RuntimeError: boom)")


def test_ca_url() -> None:
    assert ca_url("https://e:8443/ovirt-engine/api") == (
        "https://e:8443/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA"
    )


@pytest.mark.parametrize("cause", [OSError(101, "Network is unreachable")])
def test_other_transport_errors(cause: OSError) -> None:
    line = one_line(explain(wrapped(cause), URL))
    assert (
        line.startswith("Cannot reach engine.example.com:443 (")
        and "Network is unreachable" in line
    )
