"""Model card (README.md inside every model folder)."""

from __future__ import annotations

import json
from typing import Any

from nlp.artifacts.folder import Meta, ModelConfig
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
    weights = getattr(config, "encoder_weights", None)
    digest = getattr(config, "encoder_weights_sha256", "?")
    conflict = config.conflict_cut
    encoder_line = (f"\n- Encoder weights: fine-tuned `{weights}` (sha256 `{digest}`"
                    f", in `encoder.dense.safetensors` and `encoder.int8.onnx`): the USE dense part trained by "
                    f"`python -m training.finetune` on the generated corpus, clothing reviews, UCI sentences, Skytrax "
                    f"and CFPB train rows (see `models/encoders/{weights}/README.md`)") if weights else ""
    sky_note = ("the encoder's fine-tuning saw Skytrax train rows: not a cross-domain figure" if weights
                else "never trained on")
    return f"""# {meta.name} {meta.version}

{meta.description}

- Created: {meta.created}
- Base encoder: `{meta.base_encoder}` (sentence embeddings; heads are numpy, weights in \
`weights.safetensors`){encoder_line}
- Taxonomy: `{meta.taxonomy}` ({len(tax.themes)} themes, fingerprint `{meta.taxonomy_fingerprint}`)
- Libraries: {", ".join(f"{k} {v}" for k, v in meta.libraries.items())}

## What it predicts
- Overall sentiment `negative | neutral | positive` (temperature-calibrated, T={config.sentiment.temperature}),
  and `mixed` when one clause is ≥{config.mixed_threshold} positive and another ≥{config.mixed_threshold} negative.
- Themes of the taxonomy below (per-theme thresholds in `thresholds.json`), each with its own sentiment
  from the clauses that triggered it (`conflict` when one is ≥{conflict} positive and another ≥{conflict}
  negative), and the evidence clause.
- Any other taxonomy, zero-/few-shot, through a matcher meta-trained on sampled sub-taxonomies
  (global threshold {config.matcher_threshold}); a taxonomy with examples blends it with a logistic head fitted
  on the examples when the taxonomy is encoded (matcher weight {config.fewshot_blend}, class balance \
{config.fewshot_balance}, cut {config.fewshot_threshold}{_split_note(config)}{_lexical_note(config)})\
{_zeroshot_note(config)}.

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
| Skytrax binary accuracy ({sky_note}) | {sky.get('binary_accuracy', 'not run')} |

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


def _split_note(config: ModelConfig) -> str:
    return ("; an example listed under several themes is split into the clause that speaks of each"
            if config.fewshot_split else "")


def _lexical_note(config: ModelConfig) -> str:
    return (f"; the head's probability blends in a TF-IDF twin fitted on the same examples (weight "
            f"{config.fewshot_lexical})" if config.fewshot_lexical > 0 else "")


def _zeroshot_note(config: ModelConfig) -> str:
    if config.zeroshot_blend >= 1:
        return ""
    cut = config.zeroshot_threshold if config.zeroshot_threshold is not None else config.matcher_threshold
    return (f"; a taxonomy with descriptions only blends it with a logistic head fitted on the descriptions and "
            f"their phrases (matcher weight {config.zeroshot_blend}, cut {cut})")


def _f(v: Any) -> str:
    return "—" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def retrain_card(meta: Meta, config: ModelConfig, metrics: dict[str, Any], tax: Taxonomy, base_version: str) -> str:
    """Model card of a retrained model: evaluation next to the base model, per theme, data and warnings."""
    comp = metrics.get("comparison", {})
    base = metrics.get("base_model", {})
    rows = "\n".join(f"| {k} | {_f(v.get('new'))} | {_f(v.get('base'))} | {_f(v.get('delta'))} |"
                     for k, v in comp.items())
    per = metrics.get("themes", {}).get("per_theme", {})
    bper = base.get("themes", {}).get("per_theme", {})
    themes = "\n".join(f"| `{t.id}` | {t.label} | {_f(per.get(t.id, {}).get('precision'))} | "
                       f"{_f(per.get(t.id, {}).get('recall'))} | {_f(per.get(t.id, {}).get('f1'))} | "
                       f"{_f(bper.get(t.id, {}).get('f1'))} | {per.get(t.id, {}).get('support', '—')} |"
                       for t in tax.themes)
    bt = metrics.get("base_test")
    forget = "" if not bt else (f"\n### No forgetting: {bt['name']} ({bt['n']} comments)\n| metric | new | base |\n"
                                "|---|---|---|\n" + "\n".join(f"| {k} | {_f(bt['new'].get(k))} | "
                                                              f"{_f(bt['base'].get(k))} |" for k in bt["new"]) + "\n")
    sources = "\n".join(f"- {d['name']} — {d['licence']} ({d.get('rows', '?')} rows)" for d in meta.data_sources)
    warnings = "\n".join(f"- {w}" for w in metrics.get("validation", {}).get("warnings", [])) or "- none"
    kept = ", ".join(metrics.get("kept_heads", [])) or "none"
    return f"""# {meta.name} {meta.version}

{meta.description}

- Created: {meta.created}; retrained from version {base_version} (base encoder `{meta.base_encoder}` kept)
- Taxonomy: `{meta.taxonomy}` ({len(tax.themes)} themes, fingerprint `{meta.taxonomy_fingerprint}`)
- Heads kept unchanged from the base model: {kept}
- Sentiment temperature {config.sentiment.temperature}; mixed threshold {config.mixed_threshold}
- Training wall time {metrics.get('train_seconds')} s, peak RSS {metrics.get('peak_rss_mb')} MB

## Evaluation: {metrics.get('eval', {}).get('name')} ({metrics.get('eval', {}).get('n')} comments)
Base model {base.get('version')} evaluated on the same comments ({base.get('mode')}).

| metric | new | base | Δ |
|---|---|---|---|
{rows}
| sentiment ECE | {_f(metrics.get('sentiment', {}).get('ece'))} | {_f(base.get('sentiment', {}).get('ece'))} | |

### Per theme
| id | label | precision | recall | F1 | base F1 | support |
|---|---|---|---|---|---|---|
{themes}
{forget}
## Training data
{sources}

Rows: {json.dumps(metrics.get('data', {}))}

## Validation warnings
{warnings}

## Limits
English-first (the encoder is multilingual, the heads and lexicon are trained on English). Evaluation on a
held-out split of your own labels shares their labellers' habits: check it on fresh comments too.
"""
