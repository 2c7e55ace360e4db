"""Theme taxonomies: strict data loaded from YAML/JSON (unknown keys are errors)."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from nlp.digest import bytes_sha256
from nlp.errors import InvalidTaxonomyError

ThemeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

MAX_EXAMPLES = 50
MAX_THEMES = 200  # checked before validation (and so before any theme is encoded)
MAX_DEPTH = 20  # YAML/JSON nesting; a taxonomy needs 4 (mapping > themes > theme > examples)
MAX_CHARS = 5_000_000  # 200 themes x 50 examples x 500 characters fit
Version = Annotated[int, Field(ge=0, le=2**63 - 1)] | Annotated[str, StringConstraints(max_length=100)]


class Theme(BaseModel):
    """One theme: a stable snake_case id, a human label, a description and optional examples."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ThemeId
    label: ShortText
    description: ShortText
    examples: tuple[ShortText, ...] = Field(default=(), max_length=MAX_EXAMPLES)


class Taxonomy(BaseModel):
    """An ordered, non-empty set of themes with unique ids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    version: Version | None = None
    description: str | None = None
    themes: tuple[Theme, ...] = Field(min_length=1, max_length=MAX_THEMES)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        dupes = [k for k, n in Counter(t.id for t in self.themes).items() if n > 1]
        if dupes:
            raise ValueError(f"duplicate theme ids: {dupes}")
        return self

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise KeyError(theme_id)

    def fingerprint(self) -> str:
        """A short hash of the content that changes whenever a theme does."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return bytes_sha256(payload)[:16]

    def to_yaml(self) -> str:
        data = self.model_dump(mode="json", exclude_none=True)
        for t in data["themes"]:
            if not t["examples"]:
                del t["examples"]
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _format_validation_error(source: str, err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        if e["type"] == "extra_forbidden":
            parts.append(f"unknown key {loc!r} (allowed theme keys: id, label, description, examples)")
        else:
            parts.append(f"{loc or 'taxonomy'}: {e['msg']}")
    return f"invalid taxonomy {source}: " + "; ".join(parts)


def taxonomy_from_dict(data: Any, source: str = "<dict>") -> Taxonomy:
    """Validate a parsed YAML/JSON mapping into a :class:`Taxonomy`.

    Raises:
        InvalidTaxonomyError: unknown keys, duplicate or malformed ids, an empty theme list.
    """
    if not isinstance(data, dict):
        raise InvalidTaxonomyError(
            f"invalid taxonomy {source}: expected a mapping with 'name' and 'themes', got {type(data).__name__}"
        )
    themes = data.get("themes")
    if isinstance(themes, list | tuple) and len(themes) > MAX_THEMES:
        raise InvalidTaxonomyError(f"invalid taxonomy {source}: {len(themes):,} themes, at most {MAX_THEMES} "
                                   "are allowed; merge close themes or split the taxonomy")
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as err:
        raise InvalidTaxonomyError(_format_validation_error(source, err)) from None
    except (RecursionError, ValueError) as err:
        raise InvalidTaxonomyError(f"invalid taxonomy {source}: {str(err)[:200] or type(err).__name__}") from None


class _TooDeep(yaml.YAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that keeps timestamps as strings (``version: 2020-13-45`` is text, not an error)
    and refuses nesting deeper than :data:`MAX_DEPTH` before Python's recursion limit is reached."""

    yaml_implicit_resolvers: dict[Any, Any] = {  # noqa: RUF012 - yaml's own class attribute
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(f"nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def parse_taxonomy(text: str, source: str = "<text>") -> Taxonomy:
    """Parse YAML (or JSON, a subset of YAML) text into a taxonomy.

    Dates stay text (no timestamp parsing); nesting, size, numbers and theme count are bounded.

    Raises:
        InvalidTaxonomyError: any parse or schema problem, never another exception.
    """
    if len(text) > MAX_CHARS:
        raise InvalidTaxonomyError(f"invalid taxonomy {source}: {len(text):,} characters, at most {MAX_CHARS:,}")
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
    except _TooDeep as err:
        raise InvalidTaxonomyError(f"invalid taxonomy {source}: {err}") from None
    except yaml.YAMLError as err:
        raise InvalidTaxonomyError(f"invalid taxonomy {source}: not valid YAML/JSON ({err})") from None
    except (RecursionError, ValueError) as err:  # e.g. an integer of more than 4,300 digits
        why = "a number with more than 4,300 digits" if "digits" in str(err) else str(err)[:200]
        raise InvalidTaxonomyError(f"invalid taxonomy {source}: unreadable value ({why})") from None
    return taxonomy_from_dict(data, source)


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Load a taxonomy file (.yaml, .yml or .json).

    Raises:
        InvalidTaxonomyError: the file is missing, unreadable or breaks the schema.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidTaxonomyError(f"taxonomy file not found: {p}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidTaxonomyError(f"cannot read taxonomy {p}: {err}") from None
    return parse_taxonomy(text, str(p))


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The shipped cross-industry CX taxonomy (18 themes)."""
    text = resources.files("nlp").joinpath("resources/default_taxonomy.yaml").read_text(encoding="utf-8")
    return parse_taxonomy(text, "default_taxonomy.yaml")


_WORD = re.compile(r"[a-z][a-z']+")
_STOP = """a an the and or of to in on at for with by from as is are was were be been it its this that these those
how what whether which who whom do does did not no yes about into than then so such very too can could
would should will shall may might must has have had their there they them our your you we us i me my
customer customers things thing etc other any all each per vs versus e g ie eg"""
STOPWORDS = frozenset(_STOP.split())


def theme_keywords(theme: Theme) -> list[str]:
    """Content words of a theme's label and description (lower-cased, de-duplicated, order kept)."""
    words = _WORD.findall(f"{theme.label} {theme.description}".lower().replace("-", " "))
    seen: dict[str, None] = {}
    for w in words:
        if w not in STOPWORDS and len(w) > 2:
            seen.setdefault(w, None)
    return list(seen)
