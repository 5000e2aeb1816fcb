"""A sink that records backend messages and lets a test wait for one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Collector:
    """Thread-safe message sink: the backend thread appends, the test waits."""

    def __init__(self) -> None:
        self.messages: list[object] = []
        self._changed = threading.Condition()

    def __call__(self, message: object) -> None:
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()

    def of(self, cls: type[T]) -> list[T]:
        with self._changed:
            return [m for m in self.messages if isinstance(m, cls)]

    def wait_for(
        self,
        cls: type[T],
        where: Callable[[T], bool] = lambda m: True,
        timeout: float = 20.0,
    ) -> T:
        """The first message of ``cls`` matching ``where``; fails the test after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for message in self.messages:
                    if isinstance(message, cls) and where(message):
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [type(m).__name__ for m in self.messages][-30:]
                    raise AssertionError(
                        f"no {cls.__name__} matching within {timeout} s; last seen: {seen}"
                    )
                self._changed.wait(left)

    def wait_count(
        self, predicate: Callable[[Any], bool], count: int, timeout: float = 20.0
    ) -> list[Any]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for m in self.messages if predicate(m)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"only {len(found)} of {count} matching messages within {timeout} s"
                    )
                self._changed.wait(left)
