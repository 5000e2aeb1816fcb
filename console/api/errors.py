"""The client's error hierarchy.

Every failure the client reports is an ``ApiError``; callers catch that one type.
``code`` is the HTTP status (None for transport failures), ``reason`` and ``detail``
come from the engine's ``<fault>`` when there is one.
"""

from __future__ import annotations


class ApiError(Exception):
    """Base of every error the oVirt client raises."""

    def __init__(
        self,
        message: str = "",
        *,
        code: int | None = None,
        reason: str | None = None,
        detail: str | None = None,
        correlation_id: str | None = None,
        fault: object | None = None,
    ) -> None:
        self.code = code
        self.reason = reason
        self.detail = detail
        self.correlation_id = correlation_id
        # The engine's <fault> record when it sent one (the SDK's ``.fault``).
        self.fault = fault
        super().__init__(message or self._default_message())

    def _default_message(self) -> str:
        parts = []
        if self.reason:
            parts.append(f'Fault reason is "{self.reason}".')
        if self.detail:
            parts.append(f'Fault detail is "{self.detail}".')
        if self.code is not None:
            parts.append(f"HTTP response code is {self.code}.")
        return " ".join(parts) or self.__class__.__name__

    @property
    def summary(self) -> str:
        """One line for the UI: the engine's own words where it gave any."""
        if self.detail:
            return self.detail.strip("[]")
        if self.reason:
            return self.reason
        return str(self)


class AuthError(ApiError):
    """SSO login failed, or the engine answered 401/403."""


class NotFoundError(ApiError):
    """404: the object does not exist (the engine sends an empty body)."""


class ConflictError(ApiError):
    """409: the action is not allowed in the object's current state."""


class ParseError(ApiError):
    """The reply could not be read as the oVirt XML it should be."""


class ConnectionError(ApiError):  # noqa: A001 - mirrors the SDK's name
    """The engine could not be reached (DNS, refused, TLS, dropped)."""


class TimeoutError(ApiError):  # noqa: A001 - mirrors the SDK's name
    """The engine did not answer in time."""


class ReadOnlyError(ApiError):
    """A mutating call was refused by the client because it is read-only."""


def error_class(code: int | None) -> type[ApiError]:
    """The error type for an HTTP status, as the SDK maps it plus 409."""
    if code in (401, 403):
        return AuthError
    if code == 404:
        return NotFoundError
    if code == 409:
        return ConflictError
    return ApiError
