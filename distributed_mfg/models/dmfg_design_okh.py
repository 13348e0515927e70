# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Designs in and out as Open Know-How manifests (issue #17).

Reading and checking live in ``services/okh.py``; this file writes the
design, its product, bill of materials and a new revision whose files are
the manifest's documentation links.
"""

import posixpath
from urllib.parse import urlparse

from odoo import Command, api, fields, models

from ..services import licence as licence_service
from ..services import okh, standards

FORMATS = ("yml", "toml")


class DmfgDesign(models.Model):
    _inherit = "dmfg.design"

    okh_identifier = fields.Char(
        string="OKH identifier",
        index="btree_not_null",
        copy=False,
        help="Project link (or repository) of the Open Know-How manifest the "
        "design was imported from; importing it again adds a revision.",
    )
    okh_version = fields.Char(
        string="Version",
        help="Version of the design as its Open Know-How manifest gives it.",
    )

    # ------------------------------------------------------------ import

    @api.model
    def import_okh(self, content, filename=False, dry_run=False):
        """Import a design from an Open Know-How manifest (OKH v1 YAML or
        OKH-LOSH TOML).

        A new design gets a product and, when the manifest lists parts, a
        bill of materials; a design already imported (same project link)
        gets a new revision instead of a new design. The manifest's
        documentation becomes the revision's files (links), which is
        released. Returns the same structure as ``dmfg.producer.import_okw``.
        An invalid manifest raises a ValidationError naming the field and
        line; nothing is written.
        """
        standard = self.env["dmfg.open.standard"]
        standard._dmfg_check_manager()
        self.check_access("create")
        filename = standard._dmfg_check_filename(filename)
        files = {}
        try:
            if filename.lower().endswith(".zip"):
                content, filename, files = okh.read_archive(
                    standard._dmfg_check_base64(content)
                )
            content = standard._dmfg_check_content(content)
            design = okh.parse_design(
                content, filename or "", licences=list(licence_service.LICENCES)
            )
        except standards.FormatError as error:
            if dry_run:
                return self._dmfg_okh_summary(None, [], error.problems, dry_run)
            standard._dmfg_raise_invalid(error, filename)
        existing = self.with_context(active_test=False).search(
            [("okh_identifier", "=", design["identifier"])], limit=1
        )
        process_map = self.env["dmfg.process.term"]._dmfg_get_process_map("okh")
        process_ids, unknown = standards.map_terms(design["process_terms"], process_map)
        notes = [
            standards.Problem(
                standards.PROBLEM_UNKNOWN_PROCESS,
                "tsdc",
                0,
                term,
            )
            for term in unknown
        ]
        is_new = not existing
        design["files"] = files
        if not dry_run:
            existing = self._dmfg_okh_apply(design, existing, process_ids)
        return self._dmfg_okh_summary(design, existing, notes, dry_run, is_new)

    @api.model
    def _dmfg_okh_summary(self, design, existing, problems, dry_run, is_new=True):
        standard = self.env["dmfg.open.standard"]
        result = {
            "created": [],
            "updated": [],
            "skipped": [],
            "warnings": [],
            "errors": [],
            "dry_run": bool(dry_run),
        }
        if design is None:
            result["errors"] = standard._dmfg_problem_values(problems)
            return result
        warnings = standard._dmfg_problem_values(problems)
        entry = {
            "id": existing.id or False,
            "name": design["title"],
            "line": 1,
            "reasons": [warning["message"] for warning in warnings],
        }
        result["created" if is_new else "updated"].append(entry)
        result["warnings"] = warnings
        return result

    @api.model
    def _dmfg_okh_licensor(self, licensor):
        name = (licensor or {}).get("name")
        if not name:
            return self.env["res.partner"]
        email = licensor.get("email")
        domain = [("email", "=ilike", email)] if email else [("name", "=", name)]
        partner = self.env["res.partner"].search(domain, limit=1)
        return partner or self.env["res.partner"].create(
            {"name": name, "email": email or False}
        )

    @api.model
    def _dmfg_okh_apply(self, design, existing, process_ids):
        """Create or update the design, then add and release its revision."""
        values = {
            "name": design["title"],
            "description": design["description"],
            "licence": design["licence"],
            "okh_version": design["version"] or False,
            "process_ids": [Command.link(pid) for pid in process_ids],
        }
        licensor = self._dmfg_okh_licensor(design["licensor"])
        if licensor:
            values["designer_id"] = licensor.id
        if existing:
            existing.write(values)
        else:
            values["okh_identifier"] = design["identifier"]
            existing = self.create(values)
            # sudo: a network manager (checked by import_okh) may lack the
            # product and BoM creation rights; the design's own product and
            # parts are part of importing it.
            catalogue = self.sudo()
            product = catalogue.env["product.template"].create(
                {
                    "name": design["title"],
                    "type": "consu",
                    "dmfg_design_id": existing.id,
                }
            )
            if design["parts"]:
                existing.bom_id = catalogue._dmfg_okh_bom(product, design["parts"])
        existing._dmfg_okh_add_revision(design)
        return existing

    @api.model
    def _dmfg_okh_bom(self, product, parts):
        """Bill of materials of the parts: products found by name or created."""
        Product = self.env["product.product"]
        names = list(dict.fromkeys(part["name"] for part in parts))
        found = {p.name: p for p in Product.search([("name", "in", names)])}
        missing = [name for name in names if name not in found]
        for created in Product.create(
            [{"name": name, "type": "consu"} for name in missing]
        ):
            found[created.name] = created
        return self.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create(
                        {
                            "product_id": found[part["name"]].id,
                            "product_qty": part["quantity"],
                        }
                    )
                    for part in parts
                ],
            }
        )

    def _dmfg_okh_add_revision(self, design):
        self.ensure_one()
        note = self.env._(
            "Imported from an Open Know-How manifest (version %(version)s).",
            version=design["version"] or "-",
        )
        revision = self.env["dmfg.design.revision"].create(
            {
                "design_id": self.id,
                "change_note": note,
                "file_ids": [
                    Command.create(self._prepare_okh_file_values(document, design))
                    for document in design["documents"]
                ],
            }
        )
        if revision.file_ids:
            revision.action_release()
        return revision

    @api.model
    def _prepare_okh_file_values(self, document, design):
        """A design file: the bytes when the upload holds the file, else a
        link to it."""
        path = document["path"]
        name = document["title"] or posixpath.basename(urlparse(path).path) or path
        data = design.get("files", {}).get(okh.local_path(path))
        if data is not None:
            return {
                "name": name,
                "raw": data,
                "kind": document["kind"],
            }
        return {"name": name, "type": "url", "url": path, "kind": document["kind"]}

    # ------------------------------------------------------------ export

    def export_okh(self, format="yml"):  # pylint: disable=redefined-builtin
        """The designs as Open Know-How manifests: ``{"<id>": text}``.

        ``format`` is ``yml`` (OKH v1) or ``toml`` (OKH-LOSH); the current
        revision's files are listed as documentation.
        """
        self.env["dmfg.open.standard"]._dmfg_check_manager()
        self.check_access("read")
        fmt = format if format in FORMATS else "yml"
        return {
            str(design.id): okh.dump(design._prepare_okh_values(fmt), fmt)
            for design in self
        }

    def _prepare_okh_values(self, fmt="yml"):
        self.ensure_one()
        revision = self.current_revision_id or self.revision_ids[:1]
        base = self.get_base_url()
        documents = []
        for design_file in revision.file_ids:
            if design_file.type == "url":
                path = design_file.url
            else:
                path = f"{base}/web/content/{design_file.ir_attachment_id.id}"
            documents.append(
                {"kind": design_file.kind, "path": path, "title": design_file.name}
            )
        parts = [
            {"name": line.product_id.name, "quantity": line.product_qty}
            for line in self.bom_id.bom_line_ids
        ]
        return {
            "title": self.name,
            "link": self.okh_identifier or f"{base}/odoo/dmfg.design/{self.id}",
            "description": self.description or self.name,
            "version": self.okh_version or (revision.code or ""),
            "licence": self.licence,
            "licensor": {
                "name": self.designer_id.name or "",
                "email": self.designer_id.email or "",
            },
            "documents": documents,
            "process_terms": self._dmfg_okh_process_terms(fmt),
            "parts": parts,
        }

    def _dmfg_okh_process_terms(self, fmt):
        """Process names (OKH v1), or OKH-LOSH process classes (``tsdc``)
        from the process terms when one is mapped for Open Know-How."""
        if fmt != "toml":
            return self.process_ids.mapped("name")
        terms = self.env["dmfg.process.term"].search_fetch(
            [("process_id", "in", self.process_ids.ids), ("standard", "=", "okh")],
            ["term", "process_id"],
            order="id",
        )
        classes = {}
        for term in terms:
            if term.term.isupper():  # a class code such as 3DP, not a phrase
                classes.setdefault(term.process_id.id, term.term)
        return [classes.get(p.id, p.name) for p in self.process_ids]

    def action_export_okh(self):
        """Download the design as an OKH v1 manifest (okh.yml)."""
        return self._dmfg_okh_download("yml")

    def action_export_okh_toml(self):
        """Download the design as an OKH-LOSH manifest (okh.toml)."""
        return self._dmfg_okh_download("toml")

    def _dmfg_okh_download(self, fmt):
        self.ensure_one()
        text = self.export_okh(fmt)[str(self.id)]
        mimetype = "application/toml" if fmt == "toml" else "application/yaml"
        return self.env["dmfg.open.standard"]._dmfg_download_action(
            text, f"okh.{fmt}", mimetype
        )
