"""Events: ``/events``, newest first; ``list(from_=id)`` returns only newer ones."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from console.api.services.base import CollectionService, EntityService, Records


class EventsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"search", "max", "follow", "case_sensitive", "from_"})

    def iter_list(  # type: ignore[override]
        self, *, from_: int | str | None = None, **kwargs: Any
    ) -> AsyncIterator[Records]:
        """As ``CollectionService.iter_list``, plus ``from_``: events with a greater id."""
        return super().iter_list(from_=from_, **kwargs)

    async def list(  # type: ignore[override]
        self, *, from_: int | str | None = None, **kwargs: Any
    ) -> Records:
        return await super().list(from_=from_, **kwargs)

    def event_service(self, id: str) -> EventService:  # noqa: A002 - SDK name
        return EventService(self._connection, self._child(str(id)))


class EventService(EntityService):
    __slots__ = ()
