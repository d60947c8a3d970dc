"""Provenance: the documents behind the facts, and where in them each quote stands.

A source's document path must stay inside its data directory, after symlinks are followed: a data
directory received from someone else must not make zonecmp read files elsewhere on the machine.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import Source

SENTENCE_END = re.compile(r"[。！？!?\n]")


class DocumentError(ValueError):
    """A source's document cannot be used as evidence; the message says why and how to fix it."""


def document_path(source: Source) -> Path:
    """The resolved path of a source's document, refused when it leaves the data directory."""
    root = Path(source.data_dir).resolve()
    path = (root / source.document).resolve()
    if not path.is_relative_to(root):
        raise DocumentError(f"document {source.document!r} resolves outside the data directory {root}; "
                            "keep documents under documents/ in the data directory")
    if not path.is_file():
        raise DocumentError(f"document {source.document!r} does not exist; copy the document text to {root / source.document}")
    return path


def read_document(source: Source) -> str:
    """The document's text as UTF-8 (a byte-order mark is dropped; CRLF line ends are kept)."""
    try:
        return document_path(source).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(f"document {source.document!r} is not UTF-8 (bad byte at offset {error.start}); "
                            "convert it with `zonecmp extract --into`, which stores UTF-8") from None
    except OSError as error:
        raise DocumentError(f"cannot read document {source.document!r}: {error.strerror or error}") from None


def sentence_around(text: str, quote: str) -> str:
    """The sentence (between sentence-ending marks) that contains the quote, or '' if it is absent."""
    start = text.find(quote)
    if start < 0:
        return ""
    end = start + len(quote)
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return text[(before[-1] if before else 0):(after.end() if after else len(text))].strip()
