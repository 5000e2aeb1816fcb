"""Determinism for every test run, however pytest is started.

README's bare ``pytest`` must behave as .ci/run does: no animations, no cursor blink.
These are set before Textual is imported anywhere.
"""

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
os.environ["TEXTUAL_ANIMATIONS"] = "none"
