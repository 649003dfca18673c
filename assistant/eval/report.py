"""report.md and the PNG plots of an evaluation run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from assistant.eval.items import VERDICTS, EvalItem
from assistant.eval.metrics import HEADLINE_METRICS, HEADLINE_TABLE

# Splits whose items report.md never lists one by one: they are reported, never tuned on.
HELD_OUT_SPLITS: frozenset[str] = frozenset({"test"})

CATEGORY_COLUMNS: tuple[str, ...] = (
    "n_items",
    "hit_at_3",
    "decisive_at_5",
    "citation_hit_rate",
    "verdict_accuracy",
    "refusal_accuracy",
    "key_point_coverage",
    "citation_precision",
    "latency_p50_ms",
)


def fmt(value: object) -> str:
    """A metric value as fixed text: floats with 3 decimals, None as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {fmt(val)}" for key, val in sorted(value.items()))
    if isinstance(value, list):
        return ", ".join(fmt(v) for v in value)
    return str(value)


def table(header: Sequence[str], body: Iterable[Sequence[str]]) -> list[str]:
    """Markdown table lines; pipes inside cells are escaped."""

    def cell(text: str) -> str:
        return " ".join(str(text).replace("|", "\\|").split())

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in body)
    return lines


def _worst(rows: Sequence[dict[str, Any]], limit: int = 10) -> list[dict[str, Any]]:
    """Wrong items first (a wrong verdict counts), then the lowest key-point coverage and citation precision."""

    def badness(row: dict[str, Any]) -> tuple[int, float, float, str]:
        s = row["scores"]
        wrong = 0 if s["correct"] and s.get("verdict_correct") is not False else 1
        cov = s["key_point_coverage"] if s["key_point_coverage"] is not None else 1.0
        prec = s["citation_precision"] if s["citation_precision"] is not None else 1.0
        return (-wrong, cov, prec, row["id"])

    ranked = sorted(rows, key=badness)
    return [r for r in ranked if badness(r)[:3] != (0, 1.0, 1.0)][:limit]


def split_columns(metrics: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(column name, metrics) per split, plus `all` when the run has several splits."""
    splits = list(metrics.get("splits", {}).items())
    if len(splits) != 1:
        splits.append(("all", metrics))
    return splits


def render_report(metrics: dict[str, Any], rows: Sequence[dict[str, Any]], items: dict[str, EvalItem]) -> str:
    """The run's report as Markdown: headline per split, config, all metrics, per-category tables and worst items."""
    config = metrics["config"]
    columns = split_columns(metrics)
    names = [name for name, _ in columns]
    lines = ["# Evaluation report", ""]
    lines += [
        "Each column is one split: `dev` is used for tuning and calibration, `test` is held out "
        "(reported, never tuned on)"
        + (", `all` is both together." if "all" in names else ".")
        + " hit@3 and decisive@5 count only citations [1]–[3] and [1]–[5], so citing more cannot raise them.",
        "",
        "## Headline",
        "",
    ]
    lines += table(["metric", *names], [(m, *(fmt(s.get(m)) for _, s in columns)) for m in HEADLINE_TABLE])
    lines += ["", "## Configuration", ""]
    lines += table(["setting", "value"], [(key, fmt(config[key])) for key in sorted(config)])
    lines += ["", "## All metrics", ""]
    lines += table(["metric", *names], [(m, *(fmt(s.get(m)) for _, s in columns)) for m in HEADLINE_METRICS])
    lines += [""]
    lines += [f"Recall@1..{config['k']} ({name}): " + ", ".join(fmt(v) for v in s["recall_curve"]) for name, s in columns]
    for name, split_metrics in columns:
        if name == "all":
            continue
        lines += ["", f"## By category — {name} split", ""]
        lines += table(
            ["category", *CATEGORY_COLUMNS],
            [(cat, *(fmt(m.get(c)) for c in CATEGORY_COLUMNS)) for cat, m in sorted(split_metrics["by_category"].items())],
        )
    for name, _ in columns:
        if name == "all":
            continue
        lines += ["", f"## Worst items — {name} split", ""]
        if name in HELD_OUT_SPLITS:
            lines += [
                (
                    "Not listed: the test split is held out, so its items are not shown one by one here "
                    "(answers.jsonl has them for auditing, not for tuning)."
                )
            ]
            continue
        worst = _worst([r for r in rows if r.get("split", name) == name])
        if not worst:
            lines += ["Every item was scored correct, with full key-point coverage and citation precision."]
        for row in worst:
            lines += _item_lines(row, items[row["id"]])
    return "\n".join(lines).rstrip() + "\n"


def _item_lines(row: dict[str, Any], item: EvalItem) -> list[str]:
    """One worst item: question, citations, gold, scores and the reason it missed."""
    s = row["scores"]
    answer = row["answer"]
    lines = [
        f"### {row['id']} ({row['category']}, {'answerable' if row['answerable'] else 'unanswerable'}) — {s['outcome']}",
        "",
        f"**Question:** {item.question}",
        "",
        "**Cited:**" + ("" if answer["citations"] else " nothing"),
    ]
    lines += [f"- [{c['n']}] {c['source_id']} — {c['locator']}: “{_excerpt(c['quote'])}”" for c in answer["citations"]]
    lines += [""]
    if item.gold:
        lines += ["**Gold** (any one):"]
        lines += [f"- {g.source} — `{g.locator}`" + (f" or “{g.evidence}”" if g.evidence else "") for g in item.gold]
        lines += [""]
    if s.get("verdict_expected"):
        lines += [f"**Verdict:** expected {s['verdict_expected']}, got {s.get('verdict_predicted') or 'none'}", ""]
    scores = f"hit@3 {fmt(s.get('hit_at_3'))}, decisive@5 {fmt(s.get('decisive_at_5'))}, "
    scores += f"key-point coverage {fmt(s['key_point_coverage'])}, citation precision {fmt(s['citation_precision'])}"
    lines += [f"**Scores:** {scores}, recall@k {fmt(s['recall_at_k'])}, latency {fmt(row['latency_ms'])} ms", ""]
    if s["why"]:
        lines += [f"**Why:** {s['why']}", ""]
    return lines


def _excerpt(text: str, limit: int = 160) -> str:
    """The start of a quote on one line, cut at a word boundary."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"


def write_plots(metrics: dict[str, Any], rows: Sequence[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Per-category hit bars, the recall@k curve, the latency histogram and the verdict confusion matrix, as PNG files."""
    import matplotlib  # plotting is loaded only when a report is written

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # see above

    written = []
    categories = sorted(metrics["by_category"])
    width = 0.4
    fig, ax = plt.subplots(figsize=(max(4.0, 1.2 * len(categories) + 2), 3.5))
    for offset, (name, label, colour) in enumerate(
        (("citation_hit_rate", "any citation", "#4c72b0"), ("hit_at_3", "among [1]–[3]", "#dd8452"))
    ):
        values = [metrics["by_category"][c].get(name) for c in categories]
        xs = [x + (offset - 0.5) * width for x in range(len(categories))]
        ax.bar(xs, [v or 0.0 for v in values], width=width, color=colour, label=label)
        for x, value in zip(xs, values, strict=True):
            ax.text(x, (value or 0.0) + 0.02, fmt(value), ha="center", fontsize=7)
    ax.set_xticks(range(len(categories)), categories)
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("gold passage cited")
    ax.set_title("Gold cited, by category (answerable items, all splits run)")
    ax.legend(fontsize=7, loc="lower right")
    ax.tick_params(axis="x", labelrotation=30)
    written.append(_save(fig, out_dir / "hit_rate_by_category.png"))

    fig, ax = plt.subplots(figsize=(5, 3.5))
    for name, split_metrics in split_columns(metrics):
        curve = split_metrics["recall_curve"]
        ax.plot(range(1, len(curve) + 1), curve, marker="o", label=name)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("k")
    ax.set_ylabel("recall@k")
    ax.set_title("Gold passage among the top k retrieved")
    ax.set_xticks(range(1, len(metrics["recall_curve"]) + 1))
    ax.legend(fontsize=7)
    written.append(_save(fig, out_dir / "recall_at_k.png"))

    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.hist([r["latency_ms"] for r in rows], bins=min(20, max(1, len(rows))), color="#55a868")
    ax.set_xlabel("latency (ms)")
    ax.set_ylabel("items")
    ax.set_title("Answer latency")
    written.append(_save(fig, out_dir / "latency_hist.png"))
    written.append(plot_confusion(metrics, out_dir / "verdict_confusion.png"))
    return written


def plot_confusion(metrics: dict[str, Any], path: Path) -> Path:
    """One verdict confusion matrix (expected rows × predicted columns) per split, counts in the cells."""
    import matplotlib.pyplot as plt  # see above

    labels = [*VERDICTS, "none"]
    short = [label.replace("_due_diligence", " DD").replace("_", " ") for label in labels]
    panels = [(n, s) for n, s in split_columns(metrics) if n != "all"] or [("all", metrics)]
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 4.6), squeeze=False)
    for ax, (name, split_metrics) in zip(axes[0], panels, strict=True):
        confusion = split_metrics["verdict_confusion"]
        grid = [[confusion[gold][pred] for pred in labels] for gold in labels]
        top = max(1, max(max(row) for row in grid))
        ax.imshow(grid, cmap="Blues", vmin=0, vmax=top)
        for i, row in enumerate(grid):
            for j, count in enumerate(row):
                if count:
                    ax.text(j, i, str(count), ha="center", va="center", fontsize=8, color="white" if count > top / 2 else "black")
        ax.set_xticks(range(len(labels)), short, rotation=45, ha="right", fontsize=7)
        ax.set_yticks(range(len(labels)), short, fontsize=7)
        ax.set_xlabel("answer's bottom-line verdict")
        ax.set_ylabel("expected verdict")
        accuracy = split_metrics.get("verdict_accuracy")
        ax.set_title(f"{name}: verdict accuracy {fmt(accuracy)} (n={split_metrics.get('n_verdict_items', 0)})", fontsize=9)
    return _save(fig, path)


def _save(fig: Any, path: Path) -> Path:
    """Save and close a matplotlib figure."""
    import matplotlib.pyplot as plt  # see above

    fig.tight_layout()
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return path
