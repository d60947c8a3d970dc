"""How a fact reads in a table cell: its quantity as stated, its qualifiers, and a signed change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dataset.model import Fact
from ..dataset.units import display_quantity

if TYPE_CHECKING:
    import pandas as pd

    from ..table import Table

CONFLICT_MARK = "[conflict]"
NOT_STATED = "not stated"  # a cell whose source says it gives no figure there (words.py words it)
_STATEMENT = ["comparator", "value", "value_max", "unit", "text", "estimate"]
_QUALIFIERS = ["period", "year", "tier", "relative_to", "share_of", "rank_scope", "rank_size", "average_years"]
CELL_COLUMNS = (*_STATEMENT, *_QUALIFIERS)  # what `cells` and `details` read of the facts


def _cell(comparator: str, value: float | None, value_max: float | None, unit: str, text: str, estimate: bool,
          lang: str) -> str:
    cell = text if text else display_quantity(comparator, value, value_max, unit)
    return cell + (" (预计)" if lang == "zh" else " (est.)") if estimate else cell


def cell_of(fact: Fact, lang: str = "en") -> str:
    """One fact as a table cell: '6%', '≥10 个', '量稳质升', '5.5% (est.)'."""
    return _cell(fact.comparator, fact.value, fact.value_max, fact.unit, fact.text, fact.estimate, lang)


def cell_texts(facts: pd.DataFrame | Table, lang: str = "en") -> list[str]:
    """How each fact reads in a table: '6%', '≥10 个', '>100 亿元', '量稳质升', '5.5% (est.)'; of a
    frame or a table.Table (a query for a script, without pandas)."""
    # None, not NaN, for a missing number: NaN never equals itself, so it could not be a key.
    value, value_max = ([None if _missing(v) else v for v in facts[name].tolist()] for name in ("value", "value_max"))
    keys = list(zip(facts["comparator"].tolist(), value, value_max, facts["unit"].tolist(), facts["text"].tolist(),
                    facts["estimate"].tolist()))
    readings = {key: _cell(*key, lang) for key in set(keys)}  # many facts, few distinct quantities: each once
    return [readings[key] for key in keys]


def cells(facts: pd.DataFrame, lang: str = "en") -> pd.Series:
    """cell_texts as a column of the frame."""
    import pandas as pd

    return pd.Series(cell_texts(facts, lang), index=facts.index, dtype=object)


def detail_texts(facts: pd.DataFrame | Table, lang: str = "en", *, with_period: bool) -> list[str]:
    """The qualifiers that make a row more than its metric: sub-year period, tier, relative base,
    scope; of a frame or a table.Table."""
    texts = []
    for fields in zip(*(facts[column].tolist() for column in _QUALIFIERS)):
        period, year, tier, relative_to, share_of, rank_scope, _, average_years = fields
        qualified = (tier or relative_to or share_of or rank_scope or not _missing(average_years)
                     or (with_period and period != str(year)))  # most facts have none: "" at once
        texts.append(" · ".join(_qualifiers(*fields, lang=lang, with_period=with_period)) if qualified else "")
    return texts


def details(facts: pd.DataFrame, lang: str = "en", *, with_period: bool) -> pd.Series:
    """detail_texts as a column of the frame."""
    import pandas as pd

    return pd.Series(detail_texts(facts, lang, with_period=with_period), index=facts.index, dtype=object)


def detail_of(fact: Fact, lang: str = "en", *, with_period: bool) -> str:
    """One fact's qualifiers, as `details` writes them for a frame of facts."""
    return " · ".join(_qualifiers(fact.period, fact.year, fact.tier, fact.relative_to, fact.share_of, fact.rank_scope,
                                  fact.rank_size, fact.average_years, lang=lang, with_period=with_period))


def _missing(number: float | None) -> bool:
    """Whether a number is missing: None (a Fact's) or NaN (a frame's)."""
    return number is None or number != number  # NaN is the one value unequal to itself


def _qualifiers(period: str, year: int, tier: str, relative_to: str, share_of: str, rank_scope: str,
                rank_size: float | None, average_years: float | None, *, lang: str, with_period: bool) -> list[str]:
    """The qualifiers of one fact, each as a short phrase in the language asked for."""
    zh = lang == "zh"
    parts = []
    if with_period and period != str(year):
        parts.append(period)
    if tier:
        parts.append(tier_label(tier, lang))
    if relative_to:
        parts.append(f"较{relative_to}" if zh else f"vs {relative_to}")
    if share_of:
        parts.append(f"占{share_of}" if zh else f"share of {share_of}")
    if rank_scope:
        size = "" if _missing(rank_size) else f"/{rank_size:g}"
        parts.append(f"{rank_scope}{size}")
    if not _missing(average_years):
        parts.append(f"{average_years:g}年平均" if zh else f"{average_years:g}-yr avg")
    return parts


def tier_label(tier: str, lang: str = "en") -> str:
    """A target's tier as a table shows it: the floor (确保) and the stretch (力争) level; '' for none."""
    zh = lang == "zh"
    return {"floor": "确保" if zh else "floor", "stretch": "力争" if zh else "stretch"}.get(tier, "")


def signed_change(change: float | None, unit: str, pct: float | None) -> str:
    """A change written with its sign and unit, and its relative size where there is one: +0.5 pp,
    -20 亿元 (-20%); '' for no change."""
    if _missing(change):
        return ""
    return f"{change:+g} {unit}" + (f" ({pct:+g}%)" if not _missing(pct) else "")
