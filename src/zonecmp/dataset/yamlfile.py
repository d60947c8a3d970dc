"""Reading YAML data files safely, keeping the line number of every mapping and key.

Only plain data is accepted: no Python tags (SafeLoader), no anchors or aliases (a hand-written
data file has no need for them, and aliases are how a small file expands into a huge one), no
duplicate keys (YAML would silently keep the last), no nesting deeper than MAX_DEPTH, no integer
longer than MAX_INT_BITS, and no file over the size limit.
LibYAML's C parser is used when the installed PyYAML has it; the pure-Python one otherwise.
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # PyYAML built without LibYAML
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

DEFAULT_MAX_FILE_MB = 50
MAX_FILE_MB_ENV = "ZONECMP_MAX_FILE_MB"
# Data files nest four levels (file, facts, fact, aliases). The limit is checked on the event stream
# before anything is composed: LibYAML composes nodes recursively in C, and 100,000 nested `[` (a
# 200 KB file) overflow the C stack and kill the process; its scanner also slows quadratically
# with depth, and stopping at the limit keeps that cost small.
MAX_DEPTH = 50
# Zonecmp numbers stay under 1e15; a longer integer cannot even be printed in an error message
# (Python refuses to convert integers of over 4,300 digits to text).
MAX_INT_BITS = 1024
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as line breaks


class YamlFileError(ValueError):
    """A data file that cannot be read as plain YAML; `line` is where, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class LocatedDict(dict):
    """A mapping that remembers the line it starts on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LocatingLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        line = node.start_mark.line + 1
        if node in self.constructed_objects or node in self.recursive_objects:  # an alias, maybe to itself
            raise YamlFileError(
                "anchors and aliases (&name, *name) are not allowed in zonecmp data; write the values out", line)
        try:
            value = super().construct_object(node, deep=deep)
        except YamlFileError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError):  # 2024-13-45, 5,000 digits, !!bool maybe
            raise YamlFileError(f"{_snippet(node.value)} is not a valid {node.tag.rsplit(':', 1)[-1]}; "
                                "put quotes around it if it is text", line) from None
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise YamlFileError(f"{_snippet(node.value)} is far too large a number for zonecmp data", line)
        return value


def _snippet(text: object) -> str:
    text = str(text)
    return repr(text if len(text) <= 40 else text[:30] + "...")


def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> LocatedDict:
    mapping = LocatedDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlFileError("merge keys (<<) are not allowed in zonecmp data; write the fields out", line)
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise YamlFileError("a key must be a plain word", line)
        key = str(key)
        if key in mapping:
            raise YamlFileError(
                f"key {key!r} appears twice in one record (first on line {mapping.key_lines[key]})", line)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def max_file_bytes() -> int:
    """The size limit for one data file, from ZONECMP_MAX_FILE_MB (default 50 MB)."""
    raw = os.environ.get(MAX_FILE_MB_ENV, "")
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(megabytes * 1024 * 1024)


def read_text(path: Path, limit: int | None = None) -> str:
    """A data file's text: UTF-8 (a byte-order mark is allowed), within the size limit."""
    limit = max_file_bytes() if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise YamlFileError(
                f"file is {size / 1048576:.3g} MB, over the {limit / 1048576:.3g} MB limit "  # 3g: 0.02 MB stays 0.02
                f"(set {MAX_FILE_MB_ENV} to raise it)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise YamlFileError(f"cannot read the file: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlFileError(
            f"the file is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8", line
        ) from None


def _check_depth(text: str, loader: type = _BaseLoader) -> None:
    """Refuse nesting deeper than MAX_DEPTH, reading events only as far as the first such level."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlFileError(f"the file nests lists or mappings more than {MAX_DEPTH} levels deep; "
                                    "zonecmp data needs four", event.start_mark.line + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _refuse_deep_nesting(text: str) -> None:
    """Raise zonecmp's own depth error when that is why the parser refused the file.

    LibYAML 0.2.6 (PyYAML 6.0.4's wheels) refuses deep nesting itself, sometimes before the
    event stream reaches MAX_DEPTH, in words of its own. The pure-Python parser has no such
    limit, so it reaches MAX_DEPTH first wherever the file nests that deep; it stops there, so
    this costs no more than the first MAX_DEPTH levels. It runs only for a file already refused.
    """
    if _BaseLoader is yaml.SafeLoader:
        return
    with suppress(yaml.YAMLError):  # another problem comes first: the original error stands
        _check_depth(text, yaml.SafeLoader)


def _lines_before(text: str, position: int) -> int:
    """The line of a reader error: LibYAML counts its position in UTF-8 bytes, pure Python in characters."""
    if _BaseLoader is not yaml.SafeLoader:
        text = text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore")
        position = len(text)
    return len(_LINE_BREAKS.findall(text, 0, position)) + 1


def load_yaml(path: Path) -> Any:
    """Parse one data file into plain Python data with LocatedDict mappings."""
    text = read_text(path)
    # At the end of a file LibYAML may name the line after the last one: report the last line instead.
    last_line = max(1, len(_LINE_BREAKS.split(text.rstrip("\r\n\x85\u2028\u2029"))))
    loader = _LocatingLoader(text)
    try:
        _check_depth(text)
        return loader.get_single_data()
    except yaml.constructor.ConstructorError as error:
        line = min(error.problem_mark.line + 1, last_line) if error.problem_mark else None
        if not (error.problem or "").startswith("could not determine a constructor"):
            raise YamlFileError(f"invalid YAML: {error.problem}", line) from None
        tag = (error.problem or "").rsplit(" ", 1)[-1].strip("'")
        raise YamlFileError(f"the tag {tag!r} is not allowed: zonecmp data is plain YAML, without tags", line) from None
    except yaml.MarkedYAMLError as error:
        _refuse_deep_nesting(text)
        mark = error.problem_mark or error.context_mark
        line = min(mark.line + 1, last_line) if mark else None
        problem = error.problem or "invalid YAML"
        raise YamlFileError(f"invalid YAML: {problem}", line) from None
    except yaml.reader.ReaderError as error:  # a control character, U+FFFE...: its message spans two lines
        character = error.character if isinstance(error.character, int) else ord(error.character)
        raise YamlFileError(f"invalid YAML: the character U+{character:04X} is not allowed; remove it",
                            min(_lines_before(text, error.position), last_line)) from None
    except yaml.YAMLError as error:
        raise YamlFileError("invalid YAML: " + " ".join(str(error).split())) from None
    except RecursionError:
        raise YamlFileError("the file nests too deeply to be zonecmp data") from None
    finally:
        loader.dispose()
