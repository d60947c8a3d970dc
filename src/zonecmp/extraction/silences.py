"""Not stated: the targets a page says it does not set, and the headline targets it leaves out.

`extract` proposes a not-stated record (docs/data-format.md) in two cases only, each kept narrow,
since a wrong record that looks right is worse than none:
- the page says so: a clause such as 今年不设地区生产总值具体增长目标 or GDP不再设定增长目标, whose own
  words name one metric (claims.match_metric). The draft holds the record, that clause its quote.
- the page lists whole-year targets for at least two headline metrics (HEADLINE_METRICS) and has no
  target for another, whose name is nowhere in the paragraphs that list them (a name there may be a
  target worded in a way the extractor does not read). The draft holds the record commented out,
  `quote: null`, for the curator to confirm and fill in, or delete.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..dataset.model import Metric
from ..dataset.periods import parse_period
from .claims import CLAUSE_MARKS, Candidate, furniture_lines, lines, match_metric, resolve_period
from .pages import simplified

# The growth targets nearly every zone's work report sets each year: a report that sets two of them
# and not a third is worth a question to the curator.
HEADLINE_METRICS = ("gdp_growth", "industrial_value_added_growth", "fixed_asset_investment_growth",
                    "general_budget_revenue_growth")
_NOT_SET = re.compile(r"不(?:再)?设(?:定|置|立)?(?P<what>[^" + re.escape(CLAUSE_MARKS) + r"]{0,24}?)目标")
_FILLERS = re.compile(r"具体|明确|量化|硬性|预期|今年|全年|年度|本年|的")  # words between a metric's name and 增长
_GROWTH_TAIL = re.compile(r"(?:增速|增长率|增长|增幅)$")


@dataclass(frozen=True)
class Silence:
    """A not-stated record the draft proposes: a target of `metric` for `period` that the page does
    not set, with the clause that says so (`quote`), or '' where the page only leaves it out."""

    metric: str
    period: str
    quote: str
    why: str  # the draft's comment on it


def find_silences(text: str, published: date | None, candidates: list[Candidate],
                  metrics: Iterable[Metric]) -> list[Silence]:
    """The not-stated targets of a page: those it says it does not set, then the headline ones it omits."""
    metrics = list(metrics)
    said = _said_not_set(text, published, metrics)
    return said + _left_out(simplified(text), candidates, metrics, {(s.metric, s.period) for s in said})


def _said_not_set(text: str, published: date | None, metrics: list[Metric]) -> list[Silence]:
    """The targets a clause says are not set (不设…目标, 不再设定…目标), each naming one metric."""
    s = simplified(text)
    furniture = furniture_lines(s)
    found: dict[tuple[str, str], Silence] = {}
    for start, end in (span for span in lines(s) if span not in furniture):
        for match in _NOT_SET.finditer(s, start, end):
            clause_start = max(s.rfind(mark, start, match.start()) for mark in CLAUSE_MARKS) + 1
            clause_start = max(clause_start, start)
            indicator = _FILLERS.sub("", s[clause_start:match.start()] + match["what"])
            metric = match_metric(indicator, "percent", metrics)
            period = resolve_period(s, match.start(), published, start, furniture).text
            if metric is None or period is None:
                continue
            quote = text[clause_start:match.end()].strip()
            found.setdefault((metric, period), Silence(metric, period, quote, "the page says it sets no target"))
    return list(found.values())


def _left_out(s: str, candidates: list[Candidate], metrics: list[Metric],
              said: set[tuple[str, str]]) -> list[Silence]:
    """The headline targets a page's list of whole-year targets leaves out, and never names."""
    by_id = {metric.id: metric for metric in metrics}
    headline = [m for m in HEADLINE_METRICS if m in by_id]
    listed: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.kind == "target" and c.metric in headline and c.period.text \
                and parse_period(c.period.text).granularity == "year":
            listed.setdefault(c.period.text, []).append(c)
    claimed = {(c.metric, c.period.text) for c in candidates}
    found = []
    for period, targets in listed.items():
        stated = list(dict.fromkeys(c.metric for c in targets))
        if len(stated) < 2:
            continue
        paragraphs = [s[a:b] for a, b in lines(s) if any(a <= c.start < b for c in targets)]
        for metric in headline:
            if (metric, period) in claimed or (metric, period) in said:
                continue
            if any(word in paragraph for word in _names(by_id[metric]) for paragraph in paragraphs):
                continue
            found.append(Silence(metric, period, "", f"the page lists {period} targets for {len(stated)} headline "
                                                     f"metrics and none for {by_id[metric].name}"))
    return found


def _names(metric: Metric) -> list[str]:
    """The words that name a metric in a page: its name and aliases, and each without its growth word."""
    terms = [simplified(term) for term in (metric.name, *metric.aliases)]
    return list(dict.fromkeys([*terms, *(_GROWTH_TAIL.sub("", term) for term in terms)]))
