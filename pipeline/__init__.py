"""Arabic news intelligence pipeline: the text logic, independent of Dagster.

One module per stage: `ingest` (files, encodings, languages), `cleaning`
(with `chrome`, `normalize`, `repair`, `markup`), `segmentation`, then the
`warehouse` (Parquet I/O), `quality` (data checks) and `watch` (folder
changes). The Dagster wiring lives in the top-level `assets` package.
"""
