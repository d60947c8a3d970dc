"""Reading YAML data files safely, keeping the line number of every mapping and key.

Only plain data is accepted: no Python tags (SafeLoader), no anchors or aliases (a hand-written
data file has no need for them, and aliases are how a small file expands into a huge one), no
duplicate keys (YAML would silently keep the last), and no file over the size limit.
LibYAML's C parser is used when the installed PyYAML has it; the pure-Python one otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # PyYAML built without LibYAML
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

DEFAULT_MAX_FILE_MB = 50
MAX_FILE_MB_ENV = "ZONECMP_MAX_FILE_MB"


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
        if node in self.constructed_objects:
            raise YamlFileError(
                "anchors and aliases (&name, *name) are not allowed in zonecmp data; write the values out",
                node.start_mark.line + 1,
            )
        return super().construct_object(node, deep=deep)


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
            raise YamlFileError(f"key {key!r} appears twice in one record (first on line {mapping.key_lines[key]})", line)
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
                f"file is {size / 1048576:.1f} MB, over the {limit / 1048576:.0f} MB limit "
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


def load_yaml(path: Path) -> Any:
    """Parse one data file into plain Python data with LocatedDict mappings."""
    text = read_text(path)
    loader = _LocatingLoader(text)
    try:
        return loader.get_single_data()
    except yaml.constructor.ConstructorError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        tag = (error.problem or "").rsplit(" ", 1)[-1].strip("'")
        raise YamlFileError(f"the tag {tag!r} is not allowed: zonecmp data is plain YAML, without tags", line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or "invalid YAML"
        raise YamlFileError(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as error:
        raise YamlFileError(f"invalid YAML: {error}") from None
    except RecursionError:
        raise YamlFileError("the file nests too deeply to be zonecmp data") from None
    finally:
        loader.dispose()
