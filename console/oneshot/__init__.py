"""Headless one-shot commands for scripts and cron: ``list``, ``events``, ``action``.

They run on the same api layer and backend helpers as the console, print to
stdout and exit with a status a script can test. Nothing here imports Textual,
so ``ovirt-console list vms`` starts in a fraction of the console's time.

Exit statuses (``EXIT_*`` in ``console.oneshot.common``): 0 ok, 1 the engine
refused or has no such object (its reason is printed), 2 usage (including an
action refused because the profile or ``--read-only`` says read-only), 3 the
engine could not be reached or the login failed.
"""
