"""ovirt-console: a keyboard-driven terminal console for oVirt."""

__version__ = "0.1.0"
