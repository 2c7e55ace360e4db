"""``npslens analyze`` printing: the progress bar around :func:`batch.analyze.run_analyze` and the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from batch.analyze import OUTPUTS, run_analyze
from batch.tables import count_rows
from cli.progress import progress_bar


def analyze_command(input: str, *, quiet: bool, **options: Any) -> dict[str, Any]:
    """Run :func:`batch.analyze.run_analyze` with a progress bar on stderr (none with ``quiet``)."""
    fmt = options.get("input_format")
    return run_analyze(input, progress=lambda: progress_bar("analysing", quiet, count_rows(input, fmt)), **options)


def print_summary(report: dict[str, Any], output_dir: Path) -> None:
    """NPS and the top-5 drivers (by absolute impact) as rich tables on stdout."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    nps = report["nps"]

    def fmt(x: float | None) -> str:
        return "–" if x is None else f"{x:+.1f}"

    ci = nps["ci95"] or [None, None]
    head = Table(title="Net Promoter Score", show_header=False)
    head.add_column(style="bold")
    head.add_column()
    head.add_row("NPS", f"{fmt(nps['score'])}  (95% CI {fmt(ci[0])} to {fmt(ci[1])})")
    head.add_row("respondents", f"{nps['n']:,}: {nps['promoters']:,} promoters, {nps['passives']:,} passives, "
                 f"{nps['detractors']:,} detractors")
    head.add_row("rejected rows", f"{report['rejected']['count']:,} of {report['data_quality']['rows']:,}")
    console.print(head)
    ranked = [t for t in report["themes"] if not t["low_mentions"] and t["mentions"] and t["impact"] is not None]
    top = sorted(ranked, key=lambda t: -abs(t["impact"]))[:5]
    drivers = Table(title="Top drivers (impact on NPS, points)", show_header=True, header_style="bold")
    for col, just in (("theme", "left"), ("mentions", "right"), ("impact", "right"), ("95% CI", "right"),
                      ("p", "right"), ("key-driver", "right")):
        drivers.add_column(col, justify=just)  # type: ignore[arg-type]
    for t in top:
        lo, hi = t["impact_ci95"]
        drivers.add_row(t["label"], f"{t['mentions']:,}", fmt(t["impact"]), f"{fmt(lo)} to {fmt(hi)}",
                        "<0.001" if (t["p_value"] or 1) < 0.001 else f"{t['p_value']:.3f}", fmt(t["key_driver_impact"]))
    if top:
        console.print(drivers)
    else:
        console.print("no theme has enough mentions to rank")
    console.print(f"wrote {', '.join(OUTPUTS)} to {output_dir}")
