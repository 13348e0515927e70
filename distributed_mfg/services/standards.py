# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the Open Know-Where and Open Know-How readers share (no Odoo).

Files are read with well-kept parsers (PyYAML for YAML and JSON, ``tomllib``
for TOML) into plain Python data, together with a map from each value's path
(a tuple of keys and list indexes) to its line in the file (1-based), so that
every problem can name the field and the line.

Problems are :class:`Problem` values with a ``code`` (``PROBLEM_*``) that
the caller turns into a translated message; the services never format text
for users.
"""

import json
import re
import reprlib
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

import tomllib
import yaml

# Largest file read (characters): a facility map of 5,000 entries is ~3 MB.
MAX_CONTENT_LENGTH = 20_000_000
# Deepest nesting accepted (files from the standards are 4-5 levels deep).
MAX_DEPTH = 40

PROBLEM_SYNTAX = "syntax"
PROBLEM_EMPTY = "empty"
PROBLEM_TOO_LARGE = "too_large"
PROBLEM_REQUIRED = "required"
PROBLEM_TYPE = "type"
PROBLEM_CHOICE = "choice"
PROBLEM_RANGE = "range"
PROBLEM_LICENCE = "licence"
PROBLEM_UNKNOWN_PROCESS = "unknown_process"
PROBLEM_UNKNOWN_MATERIAL = "unknown_material"
PROBLEM_DUPLICATE = "duplicate"
PROBLEM_NOT_LOCATED = "not_located"
PROBLEM_LOCATED_BY_TOWN = "located_by_town"

# Expected kinds of values, named in PROBLEM_TYPE problems.
KIND_TEXT = "text"
KIND_NUMBER = "number"
KIND_LIST = "list"
KIND_MAPPING = "mapping"
KIND_BOOLEAN = "boolean"

FORMAT_YAML = "yaml"
FORMAT_JSON = "json"
FORMAT_TOML = "toml"


@dataclass(frozen=True)
class Problem:
    """Something wrong or noteworthy in a file, at a field and a line.

    ``field`` is the dotted path (``facilities[2].location.city``), ``line``
    1-based or 0 when unknown; ``value`` the offending value as text and
    ``expected`` what was expected (a ``KIND_*`` or a list of choices).
    """

    code: str
    field: str = ""
    line: int = 0
    value: str = ""
    expected: str = ""


class FormatError(ValueError):
    """The file cannot be imported; ``problems`` says where and why."""

    def __init__(self, problems):
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.code} {p.field}:{p.line}" for p in problems))


@dataclass
class Document:
    """A parsed file: its data and ``{path tuple: line}``."""

    data: object
    lines: dict = field(default_factory=dict)
    fmt: str = FORMAT_YAML

    def line(self, path):
        """Line of ``path``, else of its nearest parent found, else 0."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 0)


def path_label(path):
    """Dotted label of a path.

    >>> path_label(("facilities", 2, "location", "city"))
    'facilities[2].location.city'
    """
    label = ""
    for part in path:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += ("." if label else "") + str(part)
    return label


def guess_format(content, filename=""):
    """``FORMAT_TOML`` for ``*.toml``, else ``FORMAT_JSON``/``FORMAT_YAML``."""
    name = (filename or "").lower()
    if name.endswith(".toml"):
        return FORMAT_TOML
    if name.endswith(".json"):
        return FORMAT_JSON
    if name.endswith((".yml", ".yaml")):
        return FORMAT_YAML
    stripped = content.lstrip()
    if stripped.startswith(("{", "[")):
        return FORMAT_JSON
    if re.search(r"^\s*(\[\[?[\w.\-]+\]\]?\s*$|[\w\-]+\s*=\s*\S)", content, re.M):
        # TOML tables or ``key = value`` lines, which YAML does not use.
        if not re.search(r"^[\w\-]+\s*:\s", content, re.M):
            return FORMAT_TOML
    return FORMAT_YAML


def _walk_lines(node, path, lines, seen, depth):
    if depth > MAX_DEPTH:
        raise FormatError([Problem(PROBLEM_SYNTAX, path_label(path), 0, "depth")])
    if id(node) in seen:  # an alias: its lines are those of the anchor
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk_lines(value_node, (*path, key), lines, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            _walk_lines(item, (*path, index), lines, seen, depth + 1)


def _load_yaml(content, fmt):
    loader = None
    try:
        loader = yaml.SafeLoader(content)
        node = loader.get_single_node()
        if node is None:
            raise FormatError([Problem(PROBLEM_EMPTY)])
        lines = {(): node.start_mark.line + 1}
        _walk_lines(node, (), lines, set(), 0)
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(
            error, "context_mark", None
        )
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark else content.count("\n", 0, _position(error)) + 1
        raise FormatError(
            [Problem(PROBLEM_SYNTAX, "", line, short(problem))]
        ) from error
    except RecursionError as error:
        raise FormatError([Problem(PROBLEM_SYNTAX, "", 0, "depth")]) from error
    finally:
        if loader is not None:
            loader.dispose()
    return Document(data, lines, fmt)


def _toml_lines(content, data):
    """Lines of the top-level keys, tables and array-of-table entries."""
    lines = {(): 1}
    counters = {}
    table = ()
    for number, text in enumerate(content.splitlines(), start=1):
        stripped = text.strip()
        array = re.match(r"^\[\[\s*([\w.\-]+)\s*\]\]", stripped)
        simple = re.match(r"^\[\s*([\w.\-]+)\s*\]", stripped)
        if array:
            name = array.group(1)
            index = counters.get(name, 0)
            counters[name] = index + 1
            table = (name, index)
            lines[table] = number
            lines.setdefault((name,), number)
            continue
        if simple:
            table = tuple(simple.group(1).split("."))
            lines[table] = number
            continue
        key = re.match(r"^([\w\-]+|\"[^\"]+\")\s*=", stripped)
        if key:
            lines.setdefault((*table, key.group(1).strip('"')), number)
    return lines


def _position(error):
    """Character offset of a reader error (unprintable character)."""
    position = getattr(error, "position", 0)
    return position if isinstance(position, int) else 0


def load(content, filename=""):
    """Parse ``content`` (str) into a :class:`Document`; FormatError if not.

    JSON goes through PyYAML too (JSON is YAML), to keep line numbers; the
    JSON parser's own message is kept when YAML refuses a valid JSON quirk.
    """
    if not isinstance(content, str):
        raise FormatError([Problem(PROBLEM_TYPE, "", 0, "", KIND_TEXT)])
    if len(content) > MAX_CONTENT_LENGTH:
        raise FormatError([Problem(PROBLEM_TOO_LARGE, "", 0, str(len(content)))])
    if not content.strip():
        raise FormatError([Problem(PROBLEM_EMPTY)])
    content = content.lstrip("\ufeff")
    fmt = guess_format(content, filename)
    if fmt == FORMAT_TOML:
        try:
            data = tomllib.loads(content)
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"line (\d+)", str(error))
            raise FormatError(
                [
                    Problem(
                        PROBLEM_SYNTAX,
                        "",
                        int(found.group(1)) if found else 0,
                        str(error),
                    )
                ]
            ) from error
        return Document(data, _toml_lines(content, data), fmt)
    try:
        return _load_yaml(content, fmt)
    except FormatError:
        if fmt != FORMAT_JSON:
            raise
        try:
            data = json.loads(content)
        except (ValueError, RecursionError) as error:
            raise FormatError(
                [Problem(PROBLEM_SYNTAX, "", getattr(error, "lineno", 0), str(error))]
            ) from error
        return Document(data, {(): 1}, fmt)


def normalize_term(term):
    """Comparable form of a process, equipment or material term.

    Wikipedia URLs (how OKW names processes) become their article title;
    case, accents, underscores and punctuation are ignored.

    >>> normalize_term("https://en.wikipedia.org/wiki/Fused_filament_fabrication")
    'fused filament fabrication'
    >>> normalize_term("  CNC-Milling ")
    'cnc milling'
    >>> normalize_term("3DP")
    '3dp'
    """
    text = str(term or "").strip()
    if re.match(r"^https?://", text, re.I):
        parsed = urlparse(text)
        segment = parsed.path.rstrip("/").rsplit("/", 1)[-1]
        text = unquote(segment.split("#")[0])
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.split(r"[^0-9a-z]+", text)).strip()


def map_terms(terms, mapping):
    """``(sorted ids, unknown terms)`` of terms looked up in ``mapping``.

    ``mapping`` is ``{normalized term: id}``; unknown terms are returned as
    given (not guessed), each once, in file order.

    >>> map_terms(["FDM", "Welding", "fdm"], {"fdm": 3})
    ([3], ['Welding'])
    """
    ids = set()
    unknown = []
    for term in terms:
        found = mapping.get(normalize_term(term))
        if found:
            ids.add(found)
        elif term not in unknown:
            unknown.append(term)
    return sorted(ids), unknown


class Reader:
    """Typed access to a :class:`Document` that collects problems."""

    def __init__(self, document):
        self.document = document
        self.problems = []

    def problem(self, code, path, value="", expected=""):
        self.problems.append(
            Problem(
                code,
                path_label(path),
                self.document.line(path),
                short(value),
                expected,
            )
        )

    def text(self, mapping, path, key, required=False, max_length=2000):
        """Text value of ``key`` ('' when absent); numbers become text."""
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is None or value == "":
            if required:
                self.problem(PROBLEM_REQUIRED, (*path, key))
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(PROBLEM_TYPE, (*path, key), short(value), KIND_TEXT)
            return ""
        text = str(value).strip()
        if len(text) > max_length:
            self.problem(PROBLEM_RANGE, (*path, key), text[:40], str(max_length))
            return ""
        return text

    def mapping(self, mapping, path, key, required=False):
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is None:
            if required:
                self.problem(PROBLEM_REQUIRED, (*path, key))
            return {}
        if not isinstance(value, dict):
            self.problem(PROBLEM_TYPE, (*path, key), short(value), KIND_MAPPING)
            return {}
        return value

    def items(self, mapping, path, key):
        """List value of ``key``; a single value counts as a list of one."""
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, str | dict):
            return [value]
        self.problem(PROBLEM_TYPE, (*path, key), short(value), KIND_LIST)
        return []

    def number(self, value, path, minimum, maximum):
        if isinstance(value, bool):
            value = None
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                value = None
        if not isinstance(value, int | float) or value != value:
            self.problem(PROBLEM_TYPE, path, short(value), KIND_NUMBER)
            return None
        if not minimum <= value <= maximum:
            self.problem(PROBLEM_RANGE, path, value, f"{minimum}..{maximum}")
            return None
        return float(value)

    def terms(self, mapping, path, key, keys=("name", "type")):
        """Terms of a list of texts or mappings (first of ``keys`` found)."""
        terms = []
        for index, item in enumerate(self.items(mapping, path, key)):
            if isinstance(item, dict):
                item = next((item[k] for k in keys if item.get(k)), None)
            if isinstance(item, str) and item.strip():
                terms.append(item.strip())
            elif item is not None:
                self.problem(PROBLEM_TYPE, (*path, key, index), short(item), KIND_TEXT)
        return terms


_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = 40
_REPR.maxother = 40


def short(value):
    """Short text of any value, bounded even for huge or self-referencing
    structures (YAML aliases).

    >>> short([[1, [2, [3]]]])
    '[[1, [...]]]'
    """
    if isinstance(value, str):
        return value[:40]
    return _REPR.repr(value)[:80]
