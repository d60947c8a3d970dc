"""Which encoding a page's bytes are in: UTF-8, UTF-16, GB18030/GBK or Big5, detected rather than guessed.

Chinese sites serve these four. A byte-order mark settles it. Without one, UTF-16 shows itself by
NUL bytes (its ASCII characters have a zero byte) and UTF-8 by decoding at all: its multi-byte
patterns almost never occur by chance in the others. GB18030 and Big5 are harder: most Big5 bytes
also decode as GB18030, and much GBK text decodes as Big5. Each decoding that succeeds is scored
by how much of it is ordinary text: ASCII, CJK punctuation, and the characters a Chinese page is
mostly made of (the 3,755 level-1 characters of GB2312 and the 5,401 common characters of Big5).
A wrong decoding turns punctuation into private-use characters or Bopomofo and words into rare
characters, so the right one scores near 1 and the wrong one far below.
"""

from __future__ import annotations

import codecs
from functools import cache

# Big5 as Windows writes it (cp950: Big5 with Microsoft's additions), named "big5" to the user.
_DOUBLE_BYTE = (("gb18030", "gb18030"), ("cp950", "big5"))
_SAMPLE = 20000           # characters scored; enough for any page, cheap for a 20 MB one
_UTF16_MIN_SCORE = 0.9    # a BOM-less UTF-16 decoding must be this ordinary to be believed


@cache
def _common_characters() -> frozenset[str]:
    """GB2312's level-1 characters (rows B0-D7) and Big5's common ones (A440-C67E), decoded once."""
    found = set()
    for encoding, leads, trails in (("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
                                    ("cp950", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for lead in leads:
            for trail in trails:
                try:
                    found.add(bytes((lead, trail)).decode(encoding))
                except UnicodeDecodeError:
                    continue
    return frozenset(found)


def _ordinary(char: str, common: frozenset[str]) -> bool:
    """Whether a character is what Chinese or English prose is made of."""
    return (" " <= char <= "~" or "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff5e"
            or "\u2010" <= char <= "\u2027" or char == "\u00b7" or char in common)


def plausibility(text: str) -> float:
    """The share of a text's first characters (whitespace aside) that are ordinary; 0 for no text."""
    sample = [c for c in text[:_SAMPLE] if not c.isspace()]
    if not sample:
        return 0.0
    common = _common_characters()
    return sum(_ordinary(c, common) for c in sample) / len(sample)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: the byte order whose text is ordinary, if either is."""
    if len(data) % 2:
        return None
    decoded = [(text, plausibility(text)) for text in (_strict(data, "utf-16-le"), _strict(data, "utf-16-be"))
               if text is not None]
    text, score = max(decoded, key=lambda pair: pair[1], default=("", 0.0))
    return (text, "utf-16") if score >= _UTF16_MIN_SCORE else None


def detect(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for a page's bytes: utf-8, utf-16, gb18030 or big5; None when none of them fits."""
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[len(codecs.BOM_UTF8):], "utf-8")
        return (text, "utf-8") if text is not None else None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16")
        return (text, "utf-16") if text is not None else None
    if b"\x00" in data:
        return _utf16_without_bom(data)
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    decoded = [(text, name) for codec, name in _DOUBLE_BYTE if (text := _strict(data, codec)) is not None]
    utf16 = _utf16_without_bom(data)             # a page all in Chinese characters has no NUL byte
    # max keeps the first of equals: GB18030, the more common, wins a tie
    return max(decoded + ([utf16] if utf16 else []), key=lambda pair: plausibility(pair[0]), default=None)
