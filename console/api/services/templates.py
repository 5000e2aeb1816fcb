"""Templates: ``/templates`` and their disk attachments."""

from __future__ import annotations

from console.api.services.base import SEARCHABLE, CollectionService, EntityService


class TemplatesService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = SEARCHABLE

    def template_service(self, id: str) -> TemplateService:  # noqa: A002 - SDK name
        return TemplateService(self._connection, self._child(id))


class TemplateService(EntityService):
    __slots__ = ()
    GET_PARAMS = frozenset({"follow", "filter"})

    def disk_attachments_service(self) -> TemplateDiskAttachmentsService:
        return TemplateDiskAttachmentsService(self._connection, self._child("diskattachments"))


class TemplateDiskAttachmentsService(CollectionService):
    __slots__ = ()
    LIST_PARAMS = frozenset({"follow"})

    def attachment_service(self, id: str) -> TemplateDiskAttachmentService:  # noqa: A002
        return TemplateDiskAttachmentService(self._connection, self._child(id))


class TemplateDiskAttachmentService(EntityService):
    __slots__ = ()
