"""Model card (README.md inside every model folder)."""

from __future__ import annotations

import json
from typing import Any

from nlp.artifacts import Meta, ModelConfig
from nlp.taxonomy import Taxonomy
from training.config import TrainConfig


def model_card(meta: Meta, config: ModelConfig, cfg: TrainConfig, metrics: dict[str, Any], tax: Taxonomy) -> str:
    s, t = metrics.get("sentiment", {}), metrics.get("themes", {})
    z, f = metrics.get("themes_zero_shot", {}), metrics.get("themes_8_shot", {})
    rows = "\n".join(f"| `{x.id}` | {x.label} | {t.get('per_theme', {}).get(x.id, {}).get('f1', '—')} | "
                     f"{t.get('per_theme', {}).get(x.id, {}).get('support', '—')} |" for x in tax.themes)
    sources = "\n".join(f"- {d['name']} — licence {d['licence']} ({d.get('rows', '?')} rows)"
                        for d in meta.data_sources)
    sky = metrics.get("cross_domain_skytrax_binary", {})
    return f"""# {meta.name} {meta.version}

{meta.description}

- Created: {meta.created}
- Base encoder: `{meta.base_encoder}` (sentence embeddings; heads are numpy, weights in `weights.safetensors`)
- Taxonomy: `{meta.taxonomy}` ({len(tax.themes)} themes, fingerprint `{meta.taxonomy_fingerprint}`)
- Libraries: {", ".join(f"{k} {v}" for k, v in meta.libraries.items())}

## What it predicts
- Overall sentiment `negative | neutral | positive` (temperature-calibrated, T={config.sentiment.temperature}),
  and `mixed` when one clause is ≥{config.mixed_threshold} positive and another ≥{config.mixed_threshold} negative.
- Themes of the taxonomy below (per-theme thresholds in `thresholds.json`), each with its own sentiment
  from the clauses that triggered it, and the evidence clause.
- Any other taxonomy, zero-/few-shot, through a matcher meta-trained on sampled sub-taxonomies
  (global threshold {config.matcher_threshold}).

## Evaluation (held-out test split of the seed corpus, {s.get('n', '?')} comments)
| metric | value |
|---|---|
| sentiment accuracy | {s.get('accuracy')} |
| sentiment macro-F1 | {s.get('macro_f1')} |
| sentiment ECE | {s.get('ece')} |
| theme micro-F1 (trained taxonomy) | {t.get('micro_f1')} |
| theme macro-F1 | {t.get('macro_f1')} |
| theme-sentiment accuracy on found themes | {t.get('theme_sentiment_accuracy')} |
| zero-shot theme micro-F1 (descriptions only) | {z.get('micro_f1')} |
| 8-shot theme micro-F1 | {f.get('micro_f1')} |
| mixed F1 | {metrics.get('mixed', {}).get('f1')} |
| Skytrax cross-domain binary accuracy (never trained on) | {sky.get('binary_accuracy', 'not run')} |

The seed corpus is written by the NPS Lens team; its test split shares its authors' style, so these
numbers are optimistic for real data. See `docs/benchmarks.md` for public-data results.

### Per theme
| id | label | F1 | support |
|---|---|---|---|
{rows}

## Training data
{sources}

## Training config
```json
{json.dumps(cfg.model_dump(), indent=2)}
```

## Limits
English-first (the encoder is multilingual, the heads and lexicon are trained on English).
Sarcasm, very long texts (cut at 5,000 characters) and domain jargon lower accuracy.
"""
