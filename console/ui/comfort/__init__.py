"""Everyday comfort commands on the main screen: export, bookmarks, themes, profiles."""
