# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64
import binascii

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.dmfg_background_run import IMPORTERS

KINDS = [
    ("okw", "Producers (Open Know-Where)"),
    ("okh", "Design (Open Know-How)"),
]
# The list of imported records.
ACTIONS = {
    "okw": "distributed_mfg.dmfg_producer_action",
    "okh": "distributed_mfg.dmfg_design_action",
}
# Model and method of each kind of import.


class DmfgOpenStandardImport(models.TransientModel):
    _name = "dmfg.open.standard.import"
    _description = "Import an Open Know-Where or Open Know-How file"

    def _default_kind(self):
        if self.env.context.get("active_model") == "dmfg.design":
            return "okh"
        return self.env.context.get("default_kind") or "okw"

    kind = fields.Selection(
        KINDS,
        string="Import",
        required=True,
        default=lambda self: self._default_kind(),
        help="Producers from an Open Know-Where file of facilities (YAML or "
        "JSON), or a design from an Open Know-How manifest (okh.yml or "
        "okh.toml).",
    )
    upload_file = fields.Binary(
        string="File",
        attachment=False,
        help="The file to import. Or paste its text below.",
    )
    upload_filename = fields.Char(string="File name")
    text = fields.Text(
        help="The file's text, pasted, when no file is uploaded.",
    )
    state = fields.Selection(
        [("input", "Input"), ("preview", "Preview")],
        default="input",
        required=True,
    )
    preview = fields.Html(
        readonly=True,
        sanitize=False,
        help="What the import will create, update and skip, and why.",
    )
    can_import = fields.Boolean(
        readonly=True,
        help="The file is valid: it can be imported.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._dmfg_check_text(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._dmfg_check_text(vals)
        return super().write(vals)

    @api.model
    def _dmfg_check_text(self, vals):
        text = vals.get("text")
        if isinstance(text, str) and "\x00" in text:
            raise UserError(
                self.env._(
                    "The pasted text holds a NUL character: it is not a text file."
                )
            )

    def _dmfg_content(self):
        self.ensure_one()
        if self.upload_file and (self.upload_filename or "").lower().endswith(".zip"):
            # A design with its files: the importer takes the archive in base64.
            data = self.upload_file
            return data.decode() if isinstance(
                data, bytes
            ) else data, self.upload_filename
        if self.upload_file:
            try:
                raw = base64.b64decode(self.upload_file)
            except (binascii.Error, ValueError) as error:
                raise UserError(
                    self.env._("The uploaded file cannot be read.")
                ) from error
            try:
                return raw.decode("utf-8-sig"), self.upload_filename or False
            except UnicodeDecodeError as error:
                raise UserError(
                    self.env._("The uploaded file is not text in UTF-8.")
                ) from error
        if (self.text or "").strip():
            return self.text, False
        raise UserError(self.env._("Upload a file or paste its text first."))

    def _dmfg_run(self, dry_run):
        model, method = IMPORTERS[self.kind]
        content, filename = self._dmfg_content()
        return getattr(self.env[model], method)(content, filename, dry_run=dry_run)

    @api.model
    def _dmfg_section(self, title, entries, css):
        if not entries:
            return Markup()
        items = Markup()
        for entry in entries:
            reasons = Markup().join(
                Markup("<li>%s</li>") % reason for reason in entry.get("reasons", [])
            )
            line = self.env._("line %(line)s", line=entry.get("line") or "?")
            items += Markup("<li><b>%s</b> (%s)<ul>%s</ul></li>") % (
                entry["name"],
                line,
                reasons,
            )
        return Markup('<h5 class="%s">%s (%s)</h5><ul>%s</ul>') % (
            css,
            title,
            len(entries),
            items,
        )

    @api.model
    def _dmfg_preview_html(self, result):
        if result["errors"]:
            errors = Markup().join(
                Markup("<li>%s</li>") % error["message"] for error in result["errors"]
            )
            return Markup('<h5 class="text-danger">%s</h5><ul>%s</ul>') % (
                self.env._("The file is not valid: nothing can be imported."),
                errors,
            )
        return (
            self._dmfg_section(
                self.env._("To create"), result["created"], "text-success"
            )
            + self._dmfg_section(
                self.env._("To update"), result["updated"], "text-info"
            )
            + self._dmfg_section(
                self.env._("Skipped"), result["skipped"], "text-warning"
            )
        ) or escape(self.env._("Nothing to import."))

    def _dmfg_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_preview(self):
        """Show what the import would do, without writing anything."""
        self.ensure_one()
        result = self._dmfg_run(dry_run=True)
        self.write(
            {
                "preview": self._dmfg_preview_html(result),
                "can_import": not result["errors"]
                and bool(result["created"] or result["updated"]),
                "state": "preview",
            }
        )
        return self._dmfg_reopen()

    def action_back(self):
        """Back to the file, to change it."""
        self.ensure_one()
        self.write({"state": "input", "preview": False, "can_import": False})
        return self._dmfg_reopen()

    def action_import_background(self):
        """Import the file on the job queue (large files): the run shows its
        progress, then what was created, updated or left out."""
        self.ensure_one()
        # Checked now, in the request (an invalid file is refused here), so
        # that the run only does what the preview showed.
        check = self._dmfg_run(dry_run=True)
        if check["errors"]:
            raise UserError(
                self.env._(
                    "The file cannot be imported: %s",
                    "; ".join(error["message"] for error in check["errors"]),
                )
            )
        content, filename = self._dmfg_content()
        run = self.env["dmfg.background.run"]._dmfg_start_import(
            self.kind, content, filename
        )
        return run._dmfg_action_open()

    def action_import(self):
        """Import the file and open what was created or updated."""
        self.ensure_one()
        result = self._dmfg_run(dry_run=False)
        ids = [entry["id"] for entry in result["created"] + result["updated"]]
        action = self.env["ir.actions.act_window"]._for_xml_id(ACTIONS[self.kind])
        action["domain"] = [("id", "in", ids)]
        action["target"] = "current"
        return action
