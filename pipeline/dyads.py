"""The corpus-level alliance_dyads table and a picture of the alliance network."""

from __future__ import annotations

import base64
import io
import math

import polars as pl

from pipeline.contract import EVENT_TYPES

# The event columns the dyads are built from: a corpus-wide read needs these,
# not the evidence sentences and triggers that make up most of the table.
DYAD_INPUT_COLUMNS = ["event_id", "article_id", "event_type", "goldstein", "polarity", "participants", "target"]


def build_dyads(events: pl.DataFrame) -> pl.DataFrame:
    """One row per unordered actor pair that co-occurs as participants, or as
    participant and target, in any event (actor_a < actor_b)."""
    quad = {name: e.quad_class for name, e in EVENT_TYPES.items()}
    # Pairs are made of row numbers and actor ids alone, and the event's other
    # columns joined to the distinct pairs (carried through the explosions,
    # every string was copied once per pair); the plan runs on polars'
    # streaming engine, in batches. Both bound the memory of a corpus-wide read.
    base = events.lazy().select(DYAD_INPUT_COLUMNS).with_row_index("row")
    participants = base.select("row", "event_id", actor=pl.col("participants")).explode("actor").drop_nulls("actor")
    targets = base.select("row", actor=pl.col("target")).explode("actor").drop_nulls("actor")
    among = (
        participants.join(participants.select("row", other="actor"), on="row")
        .filter(pl.col("actor") < pl.col("other"))
        .select("row", "event_id", a="actor", b="other")
    )
    across = (
        participants.join(targets.select("row", other="actor"), on="row")
        .filter(pl.col("actor") != pl.col("other"))
        .select("row", "event_id", a=pl.min_horizontal("actor", "other"), b=pl.max_horizontal("actor", "other"))
    )
    pairs = (
        pl.concat([among, across])
        .unique(["event_id", "a", "b"])
        .join(
            base.select("row", "article_id", "event_type", "goldstein", "polarity",
                        quad=pl.col("event_type").replace_strict(quad, return_dtype=pl.Int8)),
            on="row",
        )
    )
    asserted = pl.col("polarity") == "asserted"
    return (
        pairs.group_by("a", "b")
        .agg(
            n_events=pl.len().cast(pl.Int64),
            n_cooperative=(asserted & (pl.col("quad") <= 2)).sum().cast(pl.Int64),
            n_conflictual=(asserted & (pl.col("quad") >= 3)).sum().cast(pl.Int64),
            n_denied=(pl.col("polarity") == "denied").sum().cast(pl.Int64),
            mean_goldstein=pl.col("goldstein").cast(pl.Float64).mean(),
            event_types=pl.col("event_type").unique().sort(),
            article_ids=pl.col("article_id").unique().sort(),
        )
        .rename({"a": "actor_a", "b": "actor_b"})
        .select("actor_a", "actor_b", "n_events", "n_cooperative", "n_conflictual", "n_denied",
                "mean_goldstein", "event_types", "article_ids")
        .sort(["n_events", "actor_a", "actor_b"], descending=[True, False, False])
        .collect(engine="streaming")
    )


def strongest_pairs_markdown(dyads: pl.DataFrame, n: int = 15) -> str:
    lines = ["| pair | events | cooperative | conflictual | denied | mean Goldstein | types |", "|---|---|---|---|---|---|---|"]
    for row in dyads.head(n).iter_rows(named=True):
        lines.append(
            f"| {row['actor_a']} – {row['actor_b']} | {row['n_events']} | {row['n_cooperative']} | "
            f"{row['n_conflictual']} | {row['n_denied']} | {row['mean_goldstein']:.2f} | {', '.join(row['event_types'])} |"
        )
    return "\n".join(lines) if dyads.height else "_no dyads_"


def network_png(dyads: pl.DataFrame, max_nodes: int = 30) -> bytes:
    """A circular drawing of the network: nodes are actors, edges green for
    cooperation and red for conflict (grey when only denied), widths by count."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weight: dict[str, int] = {}
    for row in dyads.iter_rows(named=True):
        weight[row["actor_a"]] = weight.get(row["actor_a"], 0) + row["n_events"]
        weight[row["actor_b"]] = weight.get(row["actor_b"], 0) + row["n_events"]
    nodes = sorted(weight, key=lambda k: (-weight[k], k))[:max_nodes]
    angle = {node: 2 * math.pi * i / max(len(nodes), 1) for i, node in enumerate(nodes)}
    position = {node: (math.cos(a), math.sin(a)) for node, a in angle.items()}
    fig, ax = plt.subplots(figsize=(9, 9), dpi=90)
    top = max((r["n_events"] for r in dyads.iter_rows(named=True)), default=1)
    for row in dyads.iter_rows(named=True):
        a, b = row["actor_a"], row["actor_b"]
        if a not in position or b not in position:
            continue
        if row["n_cooperative"] >= row["n_conflictual"] and row["n_cooperative"]:
            color = "#2e8b57"
        elif row["n_conflictual"]:
            color = "#c0392b"
        else:
            color = "#999999"
        (x1, y1), (x2, y2) = position[a], position[b]
        ax.plot([x1, x2], [y1, y2], color=color, linewidth=0.8 + 5 * row["n_events"] / top, alpha=0.7, zorder=1)
    for node, (x, y) in position.items():
        ax.scatter([x], [y], s=120 + 25 * weight[node], color="#34495e", zorder=2)
        ax.annotate(node, (x, y), xytext=(x * 1.12, y * 1.12), ha="center", va="center", fontsize=9)
    ax.set_title("Alliance network (green: cooperation, red: conflict, grey: denied only)")
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.4, 1.4)
    ax.axis("off")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def png_markdown(png: bytes) -> str:
    return f"![alliance network](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"
