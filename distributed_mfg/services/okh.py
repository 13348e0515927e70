# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Open Know-How designs in and out (no Odoo).

Two formats of the same idea:

* **OKH v1** (IoPA, ``okh.yml``): ``title``, ``description`` and
  ``project-link`` or ``documentation-home`` are required; ``version``,
  ``license`` (``hardware``/``documentation``/``software`` SPDX ids),
  ``licensor`` (name, affiliation, email) and documentation lists of
  ``{path, title}`` (``design-files``, ``schematics``,
  ``making-instructions``, ``manufacturing-files``, ``bom``...).
* **OKH-LOSH** (OPEN_NEXT, ``okh.toml``): ``name``, ``repo``, ``version``,
  ``license`` (an SPDX id), ``licensor`` and ``function`` are required;
  ``tsdc`` names the process class (e.g. ``3DP``); ``[[part]]`` tables list
  the parts, each with its own ``tsdc``, ``material`` and files.

:func:`parse_design` returns one plain dict for either format;
:func:`v1_values`, :func:`losh_values` and :func:`dump` write them back.
"""

import io
import json
import posixpath
import re
import zipfile

import yaml

from .standards import (
    FORMAT_TOML,
    KIND_MAPPING,
    KIND_TEXT,
    PROBLEM_LICENCE,
    PROBLEM_REQUIRED,
    PROBLEM_SYNTAX,
    PROBLEM_TOO_LARGE,
    PROBLEM_TYPE,
    FormatError,
    Problem,
    Reader,
    load,
    short,
)

LOSH_VERSION = "OKH-LOSHv1.0"
V1_VERSION = "OKH-v1.0"
EXTRA_FILES_FIELD = "x-dmfg-file"
# Documentation lists and the kind of design file they hold.
DOCUMENT_KINDS = {
    "design-files": "cad",
    "manufacturing-files": "cad",
    "schematics": "drawing",
    "making-instructions": "making",
    "manufacturing-instructions": "making",
    "quality-instructions": "quality",
    "bom": "other",
    "tool-list": "other",
    "user-manual": "other",
    "operating-instructions": "other",
    "maintenance-instructions": "other",
    "disposal-instructions": "other",
    "risk-assessment": "other",
    "tool-settings": "other",
    "readme": "other",
    "archive-download": "other",
    # Our extension: files of an OKH-LOSH export that no LOSH field holds.
    EXTRA_FILES_FIELD: "other",
}
# Kind of design file -> OKH v1 list it is exported in.
KIND_LISTS = {
    "cad": "design-files",
    "drawing": "schematics",
    "making": "making-instructions",
    "quality": "quality-instructions",
    "other": "design-files",
}
_LICENSOR = re.compile(r"^\s*(?P<name>[^<]*?)\s*(?:<(?P<email>[^>]*)>)?\s*$")


def _licensor(reader, data, path):
    value = data.get("licensor")
    if value is None:
        return {}
    if isinstance(value, list):
        value = value[0] if value else None
        if value is None:
            return {}
    if isinstance(value, str):
        found = _LICENSOR.match(value)
        return {"name": found.group("name"), "email": found.group("email") or ""}
    if isinstance(value, dict):
        lpath = (*path, "licensor")
        return {
            "name": reader.text(value, lpath, "name"),
            "email": reader.text(value, lpath, "email"),
            "affiliation": reader.text(value, lpath, "affiliation"),
        }
    reader.problem(PROBLEM_TYPE, (*path, "licensor"), short(value), KIND_MAPPING)
    return {}


def _licence(reader, data, path, licences):
    value = data.get("license")
    lpath = (*path, "license")
    if isinstance(value, dict):
        found = next(
            (
                (key, value[key])
                for key in ("hardware", "documentation", "software")
                if value.get(key)
            ),
            None,
        )
        if not found:
            reader.problem(PROBLEM_REQUIRED, (*lpath, "hardware"))
            return ""
        lpath = (*lpath, found[0])
        value = found[1]
    if value is None or value == "":
        reader.problem(PROBLEM_REQUIRED, lpath)
        return ""
    if not isinstance(value, str):
        reader.problem(PROBLEM_TYPE, lpath, short(value), KIND_TEXT)
        return ""
    value = value.strip()
    if licences is None:
        return value
    canonical = {spdx.lower(): spdx for spdx in licences}
    if value.lower() not in canonical:
        reader.problem(PROBLEM_LICENCE, lpath, value)
        return ""
    return canonical[value.lower()]


def _documents(reader, data, path):
    documents = []
    for key, kind in DOCUMENT_KINDS.items():
        for index, item in enumerate(reader.items(data, path, key)):
            if isinstance(item, dict) and item.get("name") and not item.get("path"):
                continue  # a part of a bill of materials, see _parts
            if isinstance(item, str):
                item = {"path": item}
            if not isinstance(item, dict):
                reader.problem(
                    PROBLEM_TYPE, (*path, key, index), short(item), KIND_MAPPING
                )
                continue
            dpath = (*path, key, index)
            doc_path = reader.text(item, dpath, "path", required=True, max_length=2000)
            if doc_path:
                documents.append(
                    {
                        "kind": item.get("kind")
                        if item.get("kind") in KIND_LISTS
                        else kind,
                        "path": doc_path,
                        "title": reader.text(item, dpath, "title", max_length=200),
                        "list": key,
                    }
                )
    return documents


def _tsdc(reader, data, path):
    terms = reader.terms(data, path, "tsdc")
    terms += reader.terms(data, path, "manufacturing-processes")
    return terms


def _parts(reader, data, path):
    """Parts of LOSH ``[[part]]`` tables, or of an OKH v1 ``bom`` list of
    ``{name, quantity}`` mappings."""
    parts = []
    for key in ("part", "bom"):
        for index, item in enumerate(reader.items(data, path, key)):
            ppath = (*path, key, index)
            if key == "bom" and not (isinstance(item, dict) and not item.get("path")):
                continue
            if not isinstance(item, dict):
                reader.problem(PROBLEM_TYPE, ppath, short(item), KIND_MAPPING)
                continue
            name = reader.text(item, ppath, "name", required=True, max_length=200)
            quantity = item.get("quantity", 1)
            quantity = reader.number(quantity, (*ppath, "quantity"), 0, 1e6) or 1.0
            parts.append(
                {
                    "name": name,
                    "quantity": quantity,
                    "process_terms": _tsdc(reader, item, ppath),
                    "material": reader.text(item, ppath, "material"),
                    "documents": [],
                }
            )
            for files_key in ("source", "export"):
                for findex, source in enumerate(reader.items(item, ppath, files_key)):
                    if isinstance(source, str) and source.strip():
                        parts[-1]["documents"].append(
                            {
                                "kind": "cad",
                                "path": source.strip(),
                                "title": "",
                                "list": files_key,
                                "part": name,
                            }
                        )
                    else:
                        reader.problem(
                            PROBLEM_TYPE,
                            (*ppath, files_key, findex),
                            short(source),
                            KIND_TEXT,
                        )
    return parts


MANIFEST_NAMES = ("okh.yml", "okh.yaml", "okh.toml", "okh.json")
# Limits of an uploaded archive (bytes): what a design's files reasonably weigh.
MAX_ARCHIVE_FILE = 50_000_000
MAX_ARCHIVE_TOTAL = 200_000_000
MAX_ARCHIVE_ENTRIES = 2000


def read_archive(raw):
    """``(manifest text, manifest name, {path: bytes})`` of a zip archive.

    The manifest is the ``okh.yml``/``okh.toml`` nearest the archive's root;
    the other files are keyed by their path relative to the manifest's
    folder, so that the manifest's relative paths find them. Raises
    :class:`FormatError` for an archive that is not a zip, holds no
    manifest, or is too large once unpacked.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise FormatError(
            [Problem(PROBLEM_SYNTAX, "", 0, short(str(error)))]
        ) from error
    total = sum(info.file_size for info in entries)
    if (
        len(entries) > MAX_ARCHIVE_ENTRIES
        or total > MAX_ARCHIVE_TOTAL
        or any(info.file_size > MAX_ARCHIVE_FILE for info in entries)
    ):
        raise FormatError([Problem(PROBLEM_TOO_LARGE, "", 0, str(total))])
    manifests = sorted(
        (
            info
            for info in entries
            if posixpath.basename(info.filename) in MANIFEST_NAMES
        ),
        key=lambda info: (info.filename.count("/"), info.filename),
    )
    if not manifests:
        raise FormatError([Problem(PROBLEM_REQUIRED, "okh.yml", 0)])
    manifest = manifests[0]
    folder = posixpath.dirname(manifest.filename)
    try:
        text = archive.read(manifest).decode("utf-8-sig")
        files = {}
        for info in entries:
            if info is manifest or not info.filename.startswith(folder):
                continue
            relative = posixpath.relpath(info.filename, folder or ".")
            files[relative] = archive.read(info)
    except (UnicodeDecodeError, zipfile.BadZipFile, ValueError, OSError) as error:
        raise FormatError(
            [Problem(PROBLEM_SYNTAX, "", 0, short(str(error)))]
        ) from error
    return text, posixpath.basename(manifest.filename), files


def local_path(path):
    """The archive path a manifest's relative path names, or '' for a URL.

    >>> local_path("./cad/stand.stl"), local_path("https://x.example/a.stl")
    ('cad/stand.stl', '')
    """
    if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I):
        return ""
    return posixpath.normpath(path.lstrip("/")) if path else ""


def parse_design(content, filename="", licences=None):
    """The design of an OKH v1 or OKH-LOSH file as a plain dict.

    ``licences``: the SPDX ids the network knows (None accepts any). Raises
    :class:`FormatError` listing every problem with its field and line.
    The dict holds ``format`` (``yml``/``toml``), ``identifier`` (project
    link, documentation home or repository, else the title), ``title``,
    ``description``, ``version``, ``licence``, ``licensor`` (``name``,
    ``email``), ``documents`` (``kind``, ``path``, ``title``),
    ``process_terms`` (LOSH ``tsdc`` of the design and its parts) and
    ``parts`` (``name``, ``quantity``, ``process_terms``, ``material``).
    """
    document = load(content, filename)
    reader = Reader(document)
    data = document.data
    if not isinstance(data, dict):
        reader.problem(PROBLEM_TYPE, (), short(data), KIND_MAPPING)
        raise FormatError(reader.problems)
    losh = document.fmt == FORMAT_TOML or ("name" in data and "title" not in data)
    path = ()
    if losh:
        title = reader.text(data, path, "name", required=True, max_length=200)
        link = reader.text(data, path, "repo", required=True, max_length=2000)
        description = reader.text(
            data, path, "function", required=True, max_length=20000
        )
        version = reader.text(data, path, "version", required=True, max_length=100)
    else:
        title = reader.text(data, path, "title", required=True, max_length=200)
        description = reader.text(
            data, path, "description", required=True, max_length=20000
        )
        link = reader.text(data, path, "project-link", max_length=2000) or reader.text(
            data, path, "documentation-home", max_length=2000
        )
        if not link:
            reader.problem(PROBLEM_REQUIRED, ("project-link",))
        version = reader.text(data, path, "version", max_length=100)
    design = {
        "format": "toml" if losh else "yml",
        "identifier": link or title,
        "link": link,
        "title": title,
        "description": description,
        "version": version,
        "licence": _licence(reader, data, path, licences),
        "licensor": _licensor(reader, data, path),
        "documents": _documents(reader, data, path),
        "process_terms": _tsdc(reader, data, path),
        "parts": _parts(reader, data, path),
    }
    if reader.problems:
        raise FormatError(reader.problems)
    for part in design["parts"]:
        design["documents"] += part.pop("documents")
        design["process_terms"] += [
            term
            for term in part["process_terms"]
            if term not in design["process_terms"]
        ]
    return design


def _licensor_text(licensor):
    if not licensor.get("name"):
        return ""
    if licensor.get("email"):
        return f"{licensor['name']} <{licensor['email']}>"
    return licensor["name"]


def v1_values(design):
    """OKH v1 dict of a design given as a plain dict (see parse_design)."""
    values = {
        "okhv": V1_VERSION,
        "title": design["title"],
        "description": design.get("description") or design["title"],
        "project-link": design["link"],
        "version": design.get("version") or "",
        "license": {"hardware": design["licence"]},
    }
    licensor = {k: v for k, v in (design.get("licensor") or {}).items() if v}
    if licensor:
        values["licensor"] = licensor
    for document in design.get("documents") or []:
        key = KIND_LISTS.get(document["kind"], "design-files")
        entry = {"path": document["path"]}
        if document.get("title"):
            entry["title"] = document["title"]
        values.setdefault(key, []).append(entry)
    if design.get("process_terms"):
        values["manufacturing-processes"] = list(design["process_terms"])
    if design.get("parts"):
        values["bom"] = [
            {"name": part["name"], "quantity": part["quantity"]}
            for part in design["parts"]
        ]
    return values


def losh_values(design):
    """OKH-LOSH dict of a design given as a plain dict (see parse_design)."""
    values = {
        "okhv": LOSH_VERSION,
        "name": design["title"],
        "repo": design["link"],
        "version": design.get("version") or "",
        "license": design["licence"],
        "licensor": _licensor_text(design.get("licensor") or {}) or design["title"],
        "function": design.get("description") or design["title"],
    }
    if design.get("process_terms"):
        values["tsdc"] = list(design["process_terms"])
    parts = [
        {
            "name": part["name"],
            "quantity": part["quantity"],
            **({"material": part["material"]} if part.get("material") else {}),
        }
        for part in design.get("parts") or []
    ]
    by_name = {part["name"]: part for part in parts}
    extra = []
    for document in design.get("documents") or []:
        part = by_name.get(document.get("part"))
        if part is not None:
            part.setdefault("source", []).append(document["path"])
        elif (
            document["kind"] == "making" and "manufacturing-instructions" not in values
        ):
            values["manufacturing-instructions"] = document["path"]
        else:
            extra.append(
                {
                    "path": document["path"],
                    "title": document.get("title") or "",
                    "kind": document["kind"],
                }
            )
    if extra:
        values[EXTRA_FILES_FIELD] = extra
    if parts:
        values["part"] = parts
    return values


def _toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    # JSON strings are TOML basic strings (same escapes, \\uXXXX included).
    return json.dumps(str(value), ensure_ascii=False)


def dump_toml(values):
    """TOML text of a dict of scalars, lists and lists of tables.

    >>> print(dump_toml({"name": "Café", "part": [{"name": "a"}]}), end="")
    name = "Café"
    <BLANKLINE>
    [[part]]
    name = "a"
    """
    lines = []
    tables = []
    for key, value in values.items():
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) for v in value)
        ):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, entries in tables:
        for entry in entries:
            lines += ["", f"[[{key}]]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"


def dump(design, fmt="yml"):
    """Text of an OKH manifest: ``yml`` (OKH v1) or ``toml`` (OKH-LOSH)."""
    if fmt == "toml":
        return dump_toml(losh_values(design))
    return yaml.safe_dump(
        v1_values(design), allow_unicode=True, sort_keys=False, default_flow_style=False
    )
