"""The one user the simulated engine knows: the administrator who logs in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .common import API, leaf, links, ref_to

USER_LINKS = ("groups", "permissions", "roles", "sshpublickeys", "tags", "eventsubscriptions", "options")
INTERNAL_DOMAIN_ID = "696e7465-726e-616c-2d61-7574687a0000"  # engine id of the internal-authz domain


@dataclass(frozen=True)
class User:
    id: str
    name: str
    user_name: str
    principal: str


def user_children(user: User, ctx: Any, all_content: bool = False) -> list[str]:
    href = f"{API}/users/{user.id}"
    return [
        leaf("name", user.name),
        *links(href, USER_LINKS),
        leaf("department", ""),
        leaf("domain_entry_id", user.id.replace("-", "").upper()),
        leaf("last_name", ""),
        leaf("logged_in", False),
        leaf("namespace", "*"),
        leaf("principal", user.principal),
        leaf("user_name", user.user_name),
        *ref_to("domain", "domains", INTERNAL_DOMAIN_ID),
    ]
