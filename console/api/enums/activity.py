"""Events, jobs, steps, statistics and action results. See ``console.api.enums`` for how unknown values read."""

from __future__ import annotations

from enum import StrEnum


class CreationStatus(StrEnum):
    COMPLETE = "complete"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    PENDING = "pending"


class ExternalSystemType(StrEnum):
    GLUSTER = "gluster"
    VDSM = "vdsm"


class JobStatus(StrEnum):
    ABORTED = "aborted"
    FAILED = "failed"
    FINISHED = "finished"
    STARTED = "started"
    UNKNOWN = "unknown"


class LogSeverity(StrEnum):
    ALERT = "alert"
    ERROR = "error"
    NORMAL = "normal"
    WARNING = "warning"


class StatisticKind(StrEnum):
    COUNTER = "counter"
    GAUGE = "gauge"


class StatisticUnit(StrEnum):
    BITS_PER_SECOND = "bits_per_second"
    BYTES = "bytes"
    BYTES_PER_SECOND = "bytes_per_second"
    COUNT_PER_SECOND = "count_per_second"
    NONE = "none"
    PERCENT = "percent"
    SECONDS = "seconds"


class StepEnum(StrEnum):
    EXECUTING = "executing"
    FINALIZING = "finalizing"
    REBALANCING_VOLUME = "rebalancing_volume"
    REMOVING_BRICKS = "removing_bricks"
    UNKNOWN = "unknown"
    VALIDATING = "validating"


class StepStatus(StrEnum):
    ABORTED = "aborted"
    FAILED = "failed"
    FINISHED = "finished"
    STARTED = "started"
    UNKNOWN = "unknown"


class ValueType(StrEnum):
    DECIMAL = "decimal"
    INTEGER = "integer"
    STRING = "string"
