"""What earlier sentences of an article established for the event rules."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleState:
    subject: list[str] = field(default_factory=list)  # participants of the last sentence with an event
    last_by_type: dict[str, list[str]] = field(default_factory=dict)  # participants of the last event per type
    speaker: str | None = None
    speaker_side: str | None = None
    speaker_from: int = -1  # where this sentence's speech verb starts
    group: list[str] = field(default_factory=list)  # the last group of two or more states named
    adversary: str | None = None  # the last adversary named (isis)
