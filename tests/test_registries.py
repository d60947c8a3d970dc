"""`zones`, `metrics`, `sources` and `show`: the registries and one fact in full."""

from __future__ import annotations

import io
import json

import pandas as pd


def test_zones(run):
    frame = pd.read_csv(io.StringIO(run("zones", "-f", "csv").out), keep_default_na=False).set_index("id")
    # The curated zones first, then the national zones of the reference list (data/registry/zones.yaml).
    assert list(frame.index[:6]) == ["tangshan", "weihai", "huaian", "yueyang-anon", "yueyang-green-chem", "pingjiang"]
    assert len(frame) == 180 and (frame["level"] == "national").sum() == 177
    assert frame.loc["zhongguancun", "name"] == "中关村科技园区"
    assert frame.loc["weihai", "name"] == "威海火炬高技术产业开发区"
    assert frame.loc["weihai", "level"] == "national"
    assert frame.loc["yueyang-anon", "identity"] == "unconfirmed"
    assert frame.loc["yueyang-anon", "city"] == "岳阳"
    assert frame.loc["tangshan", "identity"] == "confirmed"


def test_metrics(run):
    records = json.loads(run("metrics", "-f", "json").out)
    gdp = next(r for r in records if r["id"] == "gdp_growth")
    assert (gdp["name_en"], gdp["unit_kind"]) == ("GDP growth", "percent")


def test_sources(run):
    frame = pd.read_csv(io.StringIO(run("sources", "-f", "csv").out), keep_default_na=False).set_index("id")
    assert len(frame) == 5
    weihai = frame.loc["weihai-2024-02-summary-conference"]
    assert (weihai["published"], weihai["event_date"], weihai["zones"]) == ("2024-02-07", "2024-02-04", "weihai")
    assert weihai["document"] == "documents/002_4975ce9e862127e0.txt"


def test_show_gives_quote_context_and_source(run):
    result = run("show", "weihai-2024-gdp-growth", "-f", "json", "--lang", "en")
    assert result.code == 0
    fields = {r["field"]: r["value"] for r in json.loads(result.out)}
    assert fields["quote"] == "地区生产总值增长6%"
    assert fields["context"] == ("今年高区经济社会发展主要预期目标为:地区生产总值增长6%,规模以上工业增加值增长8%,"
                                 "固定资产投资增长8%,一般公共预算收入增长7%,社会消费品零售总额增长5.5%,"
                                 "实际使用外资、外贸进出口均实现量稳质升。")
    assert fields["stated"] == "6%"
    assert fields["published"] == "2024-02-07 (event 2024-02-04)"
    assert fields["source"] == "weihai-2024-02-summary-conference: 2023年度高区总结表彰大会召开"


def test_show_unknown_fact_suggests(run):
    result = run("show", "weihai-2024-gdp-growt")
    assert result.code == 2
    assert result.err.startswith(
        "Error: no fact has the id 'weihai-2024-gdp-growt' (did you mean 'weihai-2024-gdp-growth'")
