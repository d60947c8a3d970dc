"""The main text of a web page saved from a browser: the article, not its menus, scripts and footers.

Python's own HTML parser reads the page (lxml and trafilatura were weighed and left out: README,
Dependencies). Government and news pages are simple: an article between a site header, menus, a
sidebar and a footer. So the text is read block by block, as a browser lays it out, and a block is
left out when it is
- never shown: scripts, styles, the head, forms' controls;
- furniture by its element or its class or id: nav, footer, aside, 导航 menus, breadcrumbs, share
  bars, sidebars, copyright blocks;
- a line of links and little else: a menu or a list of other articles.
What is left out is kept apart (`MainText.furniture`), so that the date and the publisher can still
be read from a footer. A browser's `saved from url` comment gives the page's address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "select", "button", "textarea",
           "object", "canvas", "map"}
_FURNITURE_TAGS = {"nav", "footer", "aside", "menu"}
_FURNITURE_NAMES = {"nav", "navbar", "navigation", "menu", "menus", "submenu", "footer", "foot", "breadcrumb",
                    "breadcrumbs", "crumb", "crumbs", "location", "sidebar", "side", "share", "search", "login",
                    "friendlink", "links", "copyright", "toolbar", "topbar", "daohang", "dh", "bottom"}
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
           "article", "header", "footer", "main", "dd", "dt", "dl", "blockquote", "pre", "hr", "center", "form",
           "nav", "aside", "title", "body", "caption", "figcaption", "address"}
_CELLS = {"td", "th"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr",
         "param"}
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")
_CJK = "\u2e80-\u9fff\uff00-\uffef"
# A line break between two Chinese characters is no space; any other run of HTML white space is one.
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\f\r\n]*[\r\n][ \t\f\r\n]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\f\r\n\xa0]+")
_SENTENCE = re.compile(r"[，,。；;！!？?]")


@dataclass(frozen=True)
class MainText:
    """A page's main text, its furniture apart, and the address it was saved from."""

    text: str
    furniture: str       # the shown text left out (menus, footers), for the date and publisher
    url: str | None
    left_out: int        # how many shown lines were left out


def looks_like_html(text: str, suffix: str) -> bool:
    """Whether a page is HTML: by its file name, or by how it starts (a doctype, <html>, a comment)."""
    if suffix.lower() in (".html", ".htm", ".shtml", ".xhtml", ".xht"):
        return True
    return bool(re.match(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", text[:4096], re.I | re.S))


def _is_furniture(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element is page furniture by its tag, or by a word of its class or id (left-menu, footer)."""
    if tag in _FURNITURE_TAGS:
        return True
    names = " ".join(value or "" for key, value in attrs if key in ("class", "id")).lower()
    return any(word in _FURNITURE_NAMES for word in re.split(r"[^a-z]+", names))


class _Reader(HTMLParser):
    """Collects the page's shown text as lines, each marked main text or furniture, with its link text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []     # (tag, hidden, furniture) of each open element
        self.lines: list[tuple[str, int, bool]] = []      # (line, characters in links, furniture)
        self.buffer: list[str] = []
        self.linked = 0
        self.url: str | None = None

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._flush()
        elif tag in _CELLS:
            self.buffer.append(" ")
        if tag in _VOID:
            return
        hidden, furniture = self._state()
        entry = (tag, hidden or tag in _HIDDEN, furniture or _is_furniture(tag, attrs))
        if entry[2] != furniture:
            self._flush()                                  # text before furniture stays main text
        self.stack.append(entry)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()
        for depth in range(len(self.stack) - 1, -1, -1):   # close up to the matching tag, if it is open
            if self.stack[depth][0] == tag:
                if self.stack[depth][2] != (depth > 0 and self.stack[depth - 1][2]):
                    self._flush()                          # furniture's text ends with it
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self._state()[0]:
            return
        self.buffer.append(data)
        if any(tag == "a" for tag, _, _ in self.stack):
            self.linked += len(data.strip())

    def handle_comment(self, data: str) -> None:
        saved = _SAVED_FROM.search(data)
        if saved and self.url is None:
            self.url = saved[1]

    def close(self) -> None:
        """Read what is left, and end the last line."""
        super().close()
        self._flush()

    def _flush(self) -> None:
        line = _SPACES.sub(" ", _CJK_BREAK.sub("", "".join(self.buffer))).strip(" \u3000")
        if line:
            self.lines.append((line, self.linked, self._state()[1]))
        self.buffer, self.linked = [], 0


def _menu_line(line: str, linked: int) -> bool:
    """A line that is mostly links and no sentence: a menu, a breadcrumb, a list of other articles."""
    return linked * 2 >= len(line.replace(" ", "")) and not _SENTENCE.search(line)


def main_text(html: str) -> MainText:
    """The main text of an HTML page, one block a line, and what was left out of it."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    main, furniture = [], []
    for line, linked, is_furniture in reader.lines:
        (furniture if is_furniture or _menu_line(line, linked) else main).append(line)
    return MainText("\n".join(main) + "\n" if main else "", "\n".join(furniture), reader.url, len(furniture))
