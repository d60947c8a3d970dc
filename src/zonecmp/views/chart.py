"""A bar chart of one metric: the data as a frame (for a spreadsheet chart) and its drawing in the terminal.

`chart_data` orders the bars as `ranking.rank` does: one bar per zone, largest first (ranks: first
place first), or, when only one zone shows, one bar per period in time order. Bars are drawn to one
scale: the base unit of the facts ranked together, so 477 亿元 and 5000 万元 compare and every money
bar is in yuan; facts off that scale (other units, other period lengths, qualitative) get a row
without a bar and the reason. Each bar is labelled with the value as the document states it
(≥10 个, >100 亿元). `draw` renders the frame with rich, measuring labels in terminal cells so
Chinese names (two cells a character) line up. A bar's length is |value|, so a negative growth rate
draws as long as a positive one and its label carries the sign; for ranks a higher place (a smaller
number) draws a longer bar.
"""

from __future__ import annotations

import io

import pandas as pd

from ..dataset.loader import Dataset
from ..dataset.periods import parse_period
from ..terminal import visible
from ..words import reason, say
from .ranking import rank
from .ranking import title as rank_title
from .select import Filters

COLUMNS = ("label", "zone", "zone_name", "period", "detail", "value", "value_base", "base_unit", "bar", "note")
_EIGHTHS = " ▏▎▍▌▋▊▉"


def chart_data(dataset: Dataset, metric: str, filters: Filters = Filters(), kind: str = "target",
               lang: str = "en") -> pd.DataFrame:
    """One row per bar: its label, the value as stated, the number drawn (`value_base`, in
    `base_unit`), `bar` as a share of the longest bar (0 to 1), and `note`, the reason a row has no bar."""
    ranked = rank(dataset, metric, filters, kind, lang)
    if ranked["zone"].nunique() == 1:  # one zone: its periods in time order, those without a bar after
        order = [(r != "", parse_period(p)) for r, p in zip(ranked["reason"], ranked["period"])]
        ranked = ranked.iloc[sorted(range(len(ranked)), key=order.__getitem__)].reset_index(drop=True)
    # A label names what tells the bars apart: the zone, the period, the detail (tier, scope) where they vary.
    varies = {column: ranked[column].nunique() > 1 for column in ("zone", "period", "detail")}
    labels = []
    for zone, period, detail in zip(ranked["zone"], ranked["period"], ranked["detail"]):
        name = dataset.zones[zone].label(lang)  # short, for a bar's label
        parts = [name if varies["zone"] else "", period if varies["period"] else "", detail if varies["detail"] else ""]
        labels.append(" ".join(p for p in parts if p) or name)
    on_scale = ranked["reason"] == ""
    longest = ranked.loc[on_scale, "value_base"].abs().max()
    if (ranked.loc[on_scale, "base_unit"] == "rank").any():
        # A higher place draws a longer bar: first of five is a full bar, fifth of five a fifth of one.
        bars = ((longest + 1 - ranked["value_base"]) / longest).round(4)
    else:
        bars = (ranked["value_base"].abs() / longest).round(4) if longest else ranked["value_base"] * 0
    return pd.DataFrame({
        "label": labels, "zone": ranked["zone"], "zone_name": ranked["zone_name"], "period": ranked["period"],
        "detail": ranked["detail"], "value": ranked["value"], "value_base": ranked["value_base"],
        "base_unit": ranked["base_unit"], "bar": bars.where(on_scale), "note": ranked["reason"],
    }, columns=list(COLUMNS))


def chart_title(dataset: Dataset, metric: str, kind: str, when: str, frame: pd.DataFrame,
                lang: str = "en") -> str:
    """The ranking's title, the zone when only one shows, and the scale of the bars ('bars to one scale in CNY')."""
    units = frame.loc[frame["note"] == "", "base_unit"].unique()
    # Places draw inverted (first place the longest bar), so only other units have a linear scale to name.
    one_zone = frame["zone"].nunique() == 1
    title = rank_title(dataset, metric, kind, when, lang, order="in time order" if one_zone else "")
    if one_zone:
        title = say("{zone}: {title}", lang, zone=dataset.zones[frame["zone"].iloc[0]].label(lang), title=title)
    if len(units) and units[0] != "rank":
        title = say("{title}; bars to one scale in {unit}", lang, title=title, unit=units[0])
    return title


def _bar(share: float, width: int) -> str:
    """A bar of share × width cells in eighths of a cell; a non-zero value shows at least a sliver."""
    eighths = round(share * width * 8)
    text = "█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip()
    return text or ("▏" if share > 0 else "")


def draw(frame: pd.DataFrame, *, title: str, width: int, color: bool, lang: str = "en") -> str:
    """The chart as terminal text: label, bar, value; rows off the scale show the value and the reason (in `lang`)."""
    from rich.cells import cell_len, set_cell_size
    from rich.console import Console
    from rich.text import Text

    labels, values = ([visible(text) for text in frame[column]] for column in ("label", "value"))
    notes = [visible(reason(text, lang)) for text in frame["note"]]
    label_width = min(max((cell_len(label) for label in labels), default=0), max(8, width // 3))
    value_width = max((cell_len(value) for value in values), default=0)
    bar_width = max(10, width - label_width - value_width - 2)
    lines = [Text(visible(title), style="bold")]
    for label, value, value_base, share, note in zip(labels, values, frame["value_base"], frame["bar"], notes):
        if cell_len(label) > label_width:
            label = set_cell_size(label, label_width - 1).rstrip() + "…"
        line = Text(set_cell_size(label, label_width) + " ")
        if pd.isna(share):
            line.append(f"{value}  ({note})", style="dim")
        else:
            line.append(_bar(share, bar_width), style="red" if value_base < 0 else "cyan")
            line.append(" " + value)
        lines.append(line)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False)
    for line in lines:
        console.print(line)
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())  # no spaces left by wrapping
