# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import binascii

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

from ..services import standards

MANAGER_GROUP = "distributed_mfg.group_dmfg_manager"


class DmfgOpenStandard(models.AbstractModel):
    """What the Open Know-Where and Open Know-How imports and exports share:
    access checks, messages for the problems the services report, and the
    exported file's download."""

    _name = "dmfg.open.standard"
    _description = "Open standards (OKW/OKH) import and export"

    @api.model
    def _dmfg_check_manager(self):
        """Only managers import or export: imports create partners and
        producers, exports reveal the whole network."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Only a Distributed Manufacturing manager may import or export "
                "Open Know-Where and Open Know-How files."
            )
        )

    @api.model
    def _dmfg_kind_label(self, kind):
        labels = {
            standards.KIND_TEXT: self.env._("a text"),
            standards.KIND_NUMBER: self.env._("a number"),
            standards.KIND_LIST: self.env._("a list"),
            standards.KIND_MAPPING: self.env._("a mapping of fields"),
            standards.KIND_BOOLEAN: self.env._("true or false"),
        }
        return labels.get(kind, kind)

    @api.model
    def _dmfg_problem_message(self, problem):  # noqa: C901 - a table of messages
        """Translated message of a ``services.standards.Problem``."""
        _ = self.env._
        if problem.line:
            place = _("line %(line)s", line=problem.line)
        else:
            place = problem.field or _("the file")
        values = {
            "field": problem.field or _("(the file)"),
            "line": place,
            "value": problem.value,
            "expected": problem.expected,
        }
        code = problem.code
        if code == standards.PROBLEM_SYNTAX:
            return _(
                "%(line)s: the file cannot be read as YAML, JSON or TOML "
                "(%(value)s).",
                **values,
            )
        if code == standards.PROBLEM_EMPTY:
            return _("The file is empty: it holds nothing to import.")
        if code == standards.PROBLEM_TOO_LARGE:
            return _(
                "The file is too large (%(value)s characters): split it.", **values
            )
        if code == standards.PROBLEM_REQUIRED:
            return _("%(line)s: %(field)s is required.", **values)
        if code == standards.PROBLEM_TYPE:
            values["expected"] = self._dmfg_kind_label(problem.expected)
            return _(
                "%(line)s: %(field)s must be %(expected)s, not '%(value)s'.", **values
            )
        if code == standards.PROBLEM_CHOICE:
            return _(
                "%(line)s: %(field)s is '%(value)s'; expected one of: %(expected)s.",
                **values,
            )
        if code == standards.PROBLEM_RANGE:
            return _(
                "%(line)s: %(field)s is '%(value)s', outside %(expected)s.", **values
            )
        if code == standards.PROBLEM_LICENCE:
            return _(
                "%(line)s: %(field)s '%(value)s' is not a licence the network "
                "knows; give its SPDX identifier, e.g. CC-BY-4.0 or "
                "CERN-OHL-S-2.0.",
                **values,
            )
        if code == standards.PROBLEM_UNKNOWN_PROCESS:
            return _(
                "%(line)s: process '%(value)s' is not mapped to a process of "
                "the network (left out; add it under Configuration > Process "
                "terms).",
                **values,
            )
        if code == standards.PROBLEM_UNKNOWN_MATERIAL:
            return _(
                "%(line)s: material '%(value)s' is not a material of the "
                "network (left out).",
                **values,
            )
        if code == standards.PROBLEM_DUPLICATE:
            return _(
                "%(line)s: the same facility as %(value)s earlier in the file "
                "(same identifier, or same name and place): skipped.",
                **values,
            )
        if code == standards.PROBLEM_NOT_LOCATED:
            return _(
                "%(line)s: no coordinates and the town '%(value)s' was not "
                "found: imported without a place on the map.",
                **values,
            )
        if code == standards.PROBLEM_LOCATED_BY_TOWN:
            return _(
                "%(line)s: no coordinates: placed at the centre of %(value)s.",
                **values,
            )
        return f"{place}: {code} {problem.field} {problem.value}"

    @api.model
    def _dmfg_problem_values(self, problems):
        """Plain dicts (XML-RPC safe) of problems: field, line, message."""
        return [
            {
                "field": problem.field,
                "line": problem.line,
                "code": problem.code,
                "message": self._dmfg_problem_message(problem),
            }
            for problem in problems
        ]

    @api.model
    def _dmfg_raise_invalid(self, error, filename=False):
        """Raise the ValidationError of a file the services refused."""
        lines = [self._dmfg_problem_message(problem) for problem in error.problems]
        intro = self.env._(
            "%(file)s is not a valid file; nothing was imported:",
            file=filename or self.env._("The file"),
        )
        raise ValidationError("\n".join([intro, *lines[:50]]))

    @api.model
    def _dmfg_check_content(self, content):
        """Text of ``content`` (str, or bytes in UTF-8); ValidationError if
        it is neither."""
        if isinstance(content, bytes):
            try:
                return content.decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValidationError(
                    self.env._("The file is not text in UTF-8.")
                ) from error
        if not isinstance(content, str):
            raise ValidationError(
                self.env._("Give the file's content as text (YAML, JSON or TOML).")
            )
        return content

    @api.model
    def _dmfg_check_base64(self, content):
        """Bytes of an archive sent in base64 (XML-RPC has no bytes)."""
        if isinstance(content, str):
            content = content.encode("ascii", "replace")
        if not isinstance(content, bytes):
            raise ValidationError(self.env._("Give the archive's content in base64."))
        try:
            return base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValidationError(
                self.env._("The archive is not valid base64.")
            ) from error

    @api.model
    def _dmfg_check_filename(self, filename):
        """The file's name when it is a text (it only hints the format)."""
        return filename[:255] if isinstance(filename, str) else ""

    @api.model
    def _dmfg_download_action(self, text, filename, mimetype):
        """``ir.actions.act_url`` downloading ``text`` as ``filename``."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": text.encode("utf-8"),
                "mimetype": mimetype,
                "public": False,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
