"""Faults on demand: latency, 5xx answers, dropped connections, short token lifetimes.

``drop_rate`` closes the connection before the engine sees the request (nothing happened);
``drop_after_rate`` closes it after the engine handled it (the action ran, the reply is lost),
the ambiguous case a client must settle by reading the object's state or the job.

Set from the command line (``--chaos latency=0.5,error_rate=0.1,drop_rate=0.05,token_ttl=30``)
or at run time through the test hooks. Random draws come from a seeded generator so a
chaos run is repeatable for a given seed and request sequence.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

_KEYS = ("latency", "error_rate", "drop_rate", "drop_after_rate", "token_ttl")


class ChaosSpecError(ValueError):
    """A --chaos spec or hook body that names an unknown setting or a bad value."""


@dataclass
class Chaos:
    latency: float = 0.0  # max extra seconds per request (uniform 0..latency)
    error_rate: float = 0.0  # fraction of API requests answered with a 5xx
    drop_rate: float = 0.0  # fraction of API requests whose connection is closed unanswered
    drop_after_rate: float = 0.0  # fraction closed after the engine handled them (reply lost)
    token_ttl: float | None = None  # SSO token lifetime in seconds; None = server default
    seed: int = 0
    _rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._validate()

    @classmethod
    def parse(cls, spec: str | None, seed: int = 0) -> "Chaos":
        chaos = cls(seed=seed)
        if spec:
            values: dict[str, str] = {}
            for part in spec.split(","):
                part = part.strip()
                if not part:
                    continue
                key, sep, value = part.partition("=")
                if not sep:
                    raise ChaosSpecError(f"expected key=value, got {part!r}")
                values[key.strip()] = value.strip()
            chaos.update(values)
        return chaos

    def update(self, values: Mapping[str, object]) -> None:
        """Change settings (unknown keys or bad values raise ChaosSpecError, nothing changes)."""
        new: dict[str, float | None] = {}
        for key, value in values.items():
            if key not in _KEYS:
                raise ChaosSpecError(f"unknown chaos setting {key!r} (known: {', '.join(_KEYS)})")
            if key == "token_ttl" and (value is None or value in ("", "none", "default")):
                new[key] = None
                continue
            try:
                new[key] = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise ChaosSpecError(f"{key} must be a number, got {value!r}") from None
        old = self.as_dict()
        for key, value in new.items():
            setattr(self, key, value)
        try:
            self._validate()
        except ChaosSpecError:
            for key, value in old.items():
                setattr(self, key, value)
            raise

    def _validate(self) -> None:
        if self.latency < 0:
            raise ChaosSpecError("latency must be >= 0")
        for name in ("error_rate", "drop_rate", "drop_after_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ChaosSpecError(f"{name} must be between 0 and 1")
        if self.token_ttl is not None and self.token_ttl <= 0:
            raise ChaosSpecError("token_ttl must be > 0")

    def as_dict(self) -> dict[str, float | None]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in _KEYS}

    # -- per-request draws ------------------------------------------------------------
    def delay(self) -> float:
        return self._rng.uniform(0.0, self.latency) if self.latency > 0 else 0.0

    def should_drop(self) -> bool:
        return self.drop_rate > 0 and self._rng.random() < self.drop_rate

    def should_drop_after(self) -> bool:
        """No draw at rate 0, so seeded runs without it repeat exactly as before."""
        return self.drop_after_rate > 0 and self._rng.random() < self.drop_after_rate

    def should_fail(self) -> bool:
        return self.error_rate > 0 and self._rng.random() < self.error_rate

    def failure_status(self) -> int:
        """500 from the engine itself or 502/503 from Apache when the backend is away."""
        return self._rng.choice((500, 502, 503))
