"""Protocol settings shared by every layer that needs them (rules, report, run, batch, check)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FrequencyLimit(BaseModel):
    """`excessive_frequency` fires when one API of a category is called more than `max_reads`
    times within any sliding window of `per_seconds` seconds, in one process (default: more than
    1 read per 2 s sustained, i.e. 3+ reads inside 2 s)."""

    model_config = ConfigDict(extra="forbid")
    max_reads: int = Field(2, ge=1)
    per_seconds: float = Field(2.0, gt=0)
