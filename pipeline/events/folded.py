"""A sentence's fold with its words and clause breaks located once."""

from __future__ import annotations

import bisect
import re

from pipeline.normalize import word_spans

_CLAUSE_BREAK = re.compile("[،؛:]")


class Folded(str):
    """A sentence's fold with its words and clause breaks located once: the
    rules ask for the words of many slices of the same sentence."""

    def __new__(cls, text: str) -> Folded:
        self = super().__new__(cls, text)
        self.word_list, self.starts, self.ends = word_spans(text)
        self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
        return self

    def words(self, start: int = 0, end: int | None = None) -> list[str]:
        """The words (\\w+ runs) of `self[start:end]`, for 0 <= start, without
        slicing: the words overlapping the slice, the ones it cuts clipped to it."""
        end = len(self) if end is None or end > len(self) else end
        if start >= end:
            return []
        first = bisect.bisect_right(self.ends, start)  # the first word ending inside the slice
        stop = bisect.bisect_left(self.starts, end)  # the first word starting after it
        found = self.word_list[first:stop]
        if found:
            if self.starts[first] < start or self.ends[first] > end:
                found[0] = self[max(start, self.starts[first]) : min(end, self.ends[first])]
            last = stop - 1
            if last > first and self.ends[last] > end:
                found[-1] = self[self.starts[last] : end]
        return found

    def first_word(self, start: int, end: int) -> str | None:
        """`self.words(start, end)[0]`, or None where the slice has no word."""
        first = bisect.bisect_right(self.ends, start)  # the first word ending inside the slice
        if first == len(self.starts) or self.starts[first] >= min(end, len(self)) or start >= end:
            return None
        return self._clipped(first, start, end)

    def last_word(self, start: int, end: int) -> str | None:
        """`self.words(start, end)[-1]`, or None where the slice has no word."""
        last = bisect.bisect_left(self.starts, min(end, len(self))) - 1  # the last word starting before `end`
        if last < 0 or self.ends[last] <= start or start >= end:
            return None
        return self._clipped(last, start, end)

    def _clipped(self, i: int, start: int, end: int) -> str:
        """Word `i`, cut to the slice start..end that it overlaps."""
        word_start, word_end = self.starts[i], self.ends[i]
        if start <= word_start and word_end <= end:
            return self.word_list[i]
        return self[max(start, word_start) : min(end, word_end)]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The clause (between ، ؛ :) around the span start..end."""
        before = bisect.bisect_left(self.breaks, start)
        after = bisect.bisect_left(self.breaks, end)
        return (self.breaks[before - 1] + 1 if before else 0,
                self.breaks[after] if after < len(self.breaks) else len(self))

