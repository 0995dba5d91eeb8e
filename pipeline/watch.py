"""Watching the raw folder: what changed since the last look.

Pure logic for the sensor and the schedule. The state is a map from source
path to (size, mtime, content hash). A file is read only once its mtime is
older than the settle time, so a file still being written is picked up once,
complete. A file whose size and mtime are unchanged is not re-hashed; one
that was touched but has the same bytes does not trigger a run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest import RawFile, UnsafePathError, confined


@dataclass(frozen=True)
class FileState:
    article_id: str
    size: int
    mtime_ns: int
    sha256: str | None  # None when the file could not be read


@dataclass
class FolderChanges:
    to_process: list[RawFile] = field(default_factory=list)  # new files and files with new bytes
    deleted: list[FileState] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)  # still being written: next tick
    state: dict[str, FileState] = field(default_factory=dict)  # the state after this look


def file_sha256(raw_dir: str | Path, source_path: str) -> str | None:
    try:
        path = confined(raw_dir, source_path)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except (OSError, UnsafePathError):
        return None


def diff_folder(
    listing: Iterable[RawFile],
    known: dict[str, FileState],
    now_ns: int,
    settle_seconds: float,
    hasher: Callable[[str], str | None],
) -> FolderChanges:
    changes = FolderChanges()
    seen: set[str] = set()
    settle_ns = int(settle_seconds * 1e9)
    for f in listing:
        seen.add(f.source_path)
        old = known.get(f.source_path)
        if old is not None and old.size == f.size and old.mtime_ns == f.mtime_ns:
            changes.state[f.source_path] = old
            continue
        if now_ns - f.mtime_ns < settle_ns:
            changes.unsettled.append(f.source_path)
            if old is not None:
                changes.state[f.source_path] = old
            continue
        sha = hasher(f.source_path)
        changes.state[f.source_path] = FileState(f.article_id, f.size, f.mtime_ns, sha)
        if old is None or old.sha256 != sha or sha is None:
            changes.to_process.append(f)
    changes.deleted = [state for path, state in known.items() if path not in seen]
    return changes


def contiguous_ranges(ordered_keys: list[str], wanted: Iterable[str]) -> list[tuple[str, str]]:
    """The fewest (first, last) key ranges of `ordered_keys` covering `wanted`
    and nothing else."""
    wanted_set = set(wanted)
    ranges: list[tuple[str, str]] = []
    start: str | None = None
    prev: str | None = None
    for key in ordered_keys:
        if key in wanted_set:
            start = start or key
            prev = key
        elif start is not None:
            ranges.append((start, prev))  # type: ignore[arg-type]
            start = None
    if start is not None:
        ranges.append((start, prev))  # type: ignore[arg-type]
    return ranges


def dump_state(state: dict[str, FileState]) -> str:
    return json.dumps(
        {p: [s.article_id, s.size, s.mtime_ns, s.sha256] for p, s in sorted(state.items())},
        separators=(",", ":"),
    )


def load_state(cursor: str | None) -> dict[str, FileState]:
    if not cursor:
        return {}
    return {p: FileState(*v) for p, v in json.loads(cursor).items()}
