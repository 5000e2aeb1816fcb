"""Determinism and isolation for every test run, however pytest is started.

README's bare ``pytest`` must behave as .ci/run does: no animations, no cursor blink.
These are set before Textual is imported anywhere. The XDG directories point at a
throw-away folder so no test reads the developer's config or writes to their audit
log and bookmarks.
"""

import os
import tempfile

os.environ["TEXTUAL_ANIMATIONS"] = "none"

_sandbox = tempfile.mkdtemp(prefix="ovirt-console-tests-")
for _name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = os.path.join(_sandbox, _name.lower())
