"""Record bases and the small shared structures.

Records are slotted dataclasses whose attribute names are the XML element names.
Every field defaults to ``None`` (element absent). The reader fills them; callers
treat records as read-only values: within one document the reader shares equal
references (``Ref``, frozen) and equal common structures (CPU topology, BIOS, OS,
versions...) between records, which is what keeps 10,000 VMs under 20 MB.

- ``Struct``: a nested value without identity (``<cpu>``, ``<mac>``, ``<version>``).
- ``Entity``: an object with ``id``/``href`` attributes, ``<link rel>`` sub-collection
  links (``links``: rel -> href) and the action verbs it offers (``actions``).
- ``Ref``: a bare reference ``<cluster href="..." id="..."/>``. When the engine
  inlines the whole object (``follow``), the field holds the full record instead;
  both have ``.id``, ``.href`` and ``.name``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


def _short_repr(record: object) -> str:
    """``Vm(id='1', name='web', status=<VmStatus.UP: 'up'>)``: set fields only.

    A VM has ~90 fields and most are unset; the generated repr would bury the few
    that matter in logs and test failures.
    """
    shown = ", ".join(
        f"{f.name}={value!r}"
        for f in fields(record)  # type: ignore[arg-type]
        if f.repr and (value := getattr(record, f.name)) is not None and value != ()
    )
    return f"{type(record).__name__}({shown})"


@dataclass(slots=True, kw_only=True, repr=False)
class Struct:
    """Base of every record; carries no fields itself."""

    __repr__ = _short_repr


@dataclass(slots=True, kw_only=True, frozen=True, repr=False)
class Ref:
    """A reference to another object: ``<host href="/ovirt-engine/api/hosts/1" id="1"/>``.

    Frozen because the reader shares one instance between all records that point
    at the same object (thousands of VMs reference the same cluster).
    """

    id: str | None = None
    href: str | None = None
    name: str | None = None

    __repr__ = _short_repr


@dataclass(slots=True, kw_only=True, repr=False)
class Entity(Struct):
    """An identified object: a top-level entity or a sub-collection member."""

    id: str | None = None
    href: str | None = None
    name: str | None = None
    description: str | None = None
    comment: str | None = None
    # Action verbs offered in <actions> (rel names such as "start", "migrate").
    actions: tuple[str, ...] = ()
    # Sub-collection links, stored compactly: a shared tuple of rel names when every
    # href is ``<own href>/<rel>`` (the engine's rule), else a rel -> href dict.
    # Saves ~2 KB per VM in a 10,000-VM list. Read it through ``links``.
    _links: tuple[str, ...] | dict[str, str] | None = field(default=None, repr=False)

    @property
    def links(self) -> dict[str, str]:
        """Sub-collection links from ``<link rel=... href=...>``: rel -> href."""
        links = self._links
        if links is None:
            return {}
        if isinstance(links, dict):
            return dict(links)
        base = self.href
        return {rel: f"{base}/{rel}" for rel in links}


@dataclass(slots=True, kw_only=True, repr=False)
class Version(Struct):
    """A version: engine, vdsm, libvirt, OS, cluster compatibility level."""

    major: int | None = None
    minor: int | None = None
    build: int | None = None
    revision: int | None = None
    full_version: str | None = None

    def __str__(self) -> str:
        if self.full_version:
            return self.full_version
        parts = [p for p in (self.major, self.minor, self.build, self.revision) if p is not None]
        return ".".join(str(p) for p in parts)


@dataclass(slots=True, kw_only=True, repr=False)
class Mac(Struct):
    address: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Property(Struct):
    """A name/value pair (custom scheduling properties, host NIC properties)."""

    name: str | None = None
    value: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class CustomProperty(Struct):
    name: str | None = None
    value: str | None = None
    regexp: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Option(Struct):
    """A bonding or agent option."""

    name: str | None = None
    value: str | None = None
    type: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class Certificate(Struct):
    """The certificate an engine reports for a host or a display.

    The PEM ``content`` is deliberately not kept: it is ~1.6 KB per VM and no
    console view shows it.
    """

    organization: str | None = None
    subject: str | None = None


@dataclass(slots=True, kw_only=True, repr=False)
class User(Entity):
    """A user, as referenced by events, jobs and the API root (or inlined by follow)."""

    user_name: str | None = None
    principal: str | None = None
    namespace: str | None = None
    email: str | None = None
    department: str | None = None
    last_name: str | None = None
    logged_in: bool | None = None
    domain: Ref | None = None
