"""Measure emerging-theme coherence on our own surveys: which clusters of unthemed comments are real topics?

For each survey the shipped model classifies every comment; comments with no theme and at least 4 words (the
report's rule) are embedded and clustered as in ``npslens analyze``, and every cluster is printed with its
keyword coherence (:func:`nlp.report.emerging.keyword_coherence`) and centroid similarity. On the sample survey
the planted e-waste comments (scripts/make_sample_survey.py ``EWASTE``) mark the real cluster; the story survey
plants no unthemed topic, so every cluster there should stay below the threshold.

    OMP_NUM_THREADS=2 .venv/bin/python benchmarks/emerging_coherence.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

SURVEYS = {"sample": (REPO / "nlp" / "resources" / "sample_survey.csv", "comment"),
           "story": (REPO / "tests" / "fixtures" / "story_survey.csv", "comment")}


def clusters_of(path: Path, column: str, analyzer: object, lexical: bool) -> list[dict[str, object]]:
    """All clusters (no coherence cut) of the survey's unthemed comments of ≥ 4 words; ``lexical``: over LSA
    vectors as ``analyze --classified`` does, else over the model's sentence embeddings."""
    from nlp.report.collect import word_counts
    from nlp.report.emerging import LEXICAL_DISTANCE, find_emerging, lexical_vectors

    texts = pd.read_csv(path, dtype=str, keep_default_na=False)[column]
    texts = texts[texts.str.strip() != ""].tolist()
    results = list(analyzer.pipe(texts))  # type: ignore[attr-defined]
    words = word_counts(pd.Series(texts))
    unthemed = [t for t, r, n in zip(texts, results, words, strict=True)
                if r.sentiment is not None and not r.themes and n >= 4]
    if lexical:
        return find_emerging(unthemed, lexical_vectors(unthemed), distance_threshold=LEXICAL_DISTANCE,
                             max_clusters=100, min_coherence=None)
    emb = analyzer.encoder.encode(unthemed)  # type: ignore[attr-defined]
    return find_emerging(unthemed, emb, max_clusters=100, min_coherence=None)


def main() -> int:
    from make_sample_survey import EWASTE

    from nlp.pipeline import Analyzer
    from nlp.report.emerging import MIN_COHERENCE

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    analyzer = Analyzer.load(None)
    planted = {" ".join(t.lower().split()) for t, _ in EWASTE}
    out: dict[str, list[dict[str, object]]] = {}
    for (name, (path, column)), lexical in ((s, lex) for lex in (False, True) for s in SURVEYS.items()):
        name = f"{name}-lsa" if lexical else name
        rows = []
        for c in clusters_of(path, column, analyzer, lexical):
            ex = [" ".join(str(e).lower().split()) for e in c["examples"]]  # type: ignore[union-attr]
            row = {k: c[k] for k in ("label", "sample_size", "generic", "coverage", "background", "coherence",
                                     "centroid_similarity")}
            row["planted"] = name.startswith("sample") and sum(e in planted for e in ex) >= 2
            rows.append(row)
            sys.stdout.write(f"{name:10s} {'PLANTED' if row['planted'] else '       '} n={c['sample_size']:3d} "
                             f"coh={c['coherence']:+.3f} cov={c['coverage']:.3f} bg={c['background']:.3f} "
                             f"centroid={c['centroid_similarity']:.3f} generic={c['generic']!s:5s} {c['label']}\n")
        out[name] = rows
    kept = {n: [r["label"] for r in rows if r["coherence"] >= MIN_COHERENCE and not r["generic"]]
            for n, rows in out.items()}
    sys.stdout.write(f"threshold {MIN_COHERENCE}: kept {json.dumps(kept)}\n")
    if args.json:
        args.json.write_text(json.dumps({"threshold": MIN_COHERENCE, "clusters": out, "kept": kept}, indent=2)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
