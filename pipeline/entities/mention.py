"""One entity mention, as the extractors produce it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Mention:
    sentence_id: int
    start: int
    end: int
    surface: str
    entity_type: str
    actor_id: str | None
    mention_form: str
    method: str
    confidence: float
    actor_name: str | None = None  # for actors discovered in the text
    actor_country: str | None = None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end
