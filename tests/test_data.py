"""The bundled dataset as evidence: documents kept byte for byte, every quote verbatim in its document."""

from __future__ import annotations

import hashlib

from conftest import ROOT
from zonecmp.api import load
from zonecmp.dataset.evidence import read_document

SEED_SHA256 = {
    "000_a709ac8a1dfa8ff9.txt": "17dbc503337aa31bdcbe2290c17e07d7e009e91fc758438d50beb34e679eb2be",
    "001_30a4ca315bb0b44f.txt": "1d73ee44bfa8f755bef95c0f42238e5c5d7a14a34e1c05c546fef7b4496f5ada",
    "002_4975ce9e862127e0.txt": "cd84eaed9130582a794d326333729d56f6f0e87611164d1365d1e6dd95e0bd83",
    "003_7a0f554963ac058e.txt": "2416795cf0a41e16d07fe6d5d7bedc8f21a0ffc57d426a5af78c03e7ff2096b2",
    "004_51e1595e59151e24.txt": "fc41def5a84ec43f8944ec5451afc80b34e3e5b5ad7a2a4e0b3468cbe6c3c50d",
}


def test_documents_are_the_seed_texts_byte_for_byte():
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256((ROOT / "data" / "documents" / name).read_bytes()).hexdigest() == digest


def test_every_quote_occurs_verbatim_in_its_document():
    dataset = load()
    for source_id, facts in dataset.facts.groupby("source"):
        text = read_document(dataset.sources[source_id])
        for fact_id, quote in zip(facts["id"], facts["quote"]):
            assert quote in text, fact_id


def test_every_zone_and_metric_is_used():
    """Every curated zone and metric is used; the reference lists (data/registry/) are for pages to come."""
    dataset = load()
    assert set(dataset.facts["zone"]) == {z.id for z in dataset.zones.values() if not z.reference}
    assert set(dataset.facts["metric"]) == {m.id for m in dataset.metrics.values() if not m.reference}


def test_every_national_zone_is_bundled():
    """The 177 national zones of ../shared/registry/national-htz.tsv, each once, under an ASCII id."""
    import re

    national = [z for z in load().zones.values() if z.level == "national"]
    assert len(national) == 177
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", z.id) for z in national)
    assert len({z.name for z in national}) == 177
    assert len(load().metrics) >= 150
