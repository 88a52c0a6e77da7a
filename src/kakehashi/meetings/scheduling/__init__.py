"""The meeting scheduler: pure Python and OR-Tools, no Django (the contract: docs/architecture.md).

    from kakehashi.meetings.scheduling import Problem, Request, validate, greedy, solve, assign_tables, MUST, LIKE
"""

from .greedy import assign_tables
from .problem import (
    CAP_REACHED,
    LIKE,
    LOCK_CONFLICT,
    MUST,
    NO_COMMON_SLOT,
    NO_TABLE,
    InvalidProblem,
    Problem,
    ProblemError,
    Progress,
    Request,
    Schedule,
    validate,
    weight_of,
)
from .solver import greedy, solve

__all__ = [
    "CAP_REACHED",
    "LIKE",
    "LOCK_CONFLICT",
    "MUST",
    "NO_COMMON_SLOT",
    "NO_TABLE",
    "InvalidProblem",
    "Problem",
    "ProblemError",
    "Progress",
    "Request",
    "Schedule",
    "assign_tables",
    "greedy",
    "solve",
    "validate",
    "weight_of",
]
