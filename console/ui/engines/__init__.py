"""Engines the console has open: one session (backend thread, records, tab) each."""
