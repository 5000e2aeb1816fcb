"""The API explorer: any oVirt service, reached by following the API's own links."""

from console.ui.explorer.screen import ExplorerScreen, parse_query

__all__ = ["ExplorerScreen", "parse_query"]
