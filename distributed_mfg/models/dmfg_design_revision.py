# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services import revision_code

REVISION_STATES = [
    ("draft", "Draft"),
    ("released", "Released"),
    ("obsolete", "Obsolete"),
]


class DmfgDesignRevision(models.Model):
    _name = "dmfg.design.revision"
    _description = "Design revision"
    _order = "design_id, sequence desc, id desc"
    _rec_names_search = ["design_id", "code"]
    _check_company_auto = True

    design_id = fields.Many2one(
        "dmfg.design",
        string="Design",
        required=True,
        index=True,
        ondelete="cascade",
        help="Design this revision belongs to.",
    )
    company_id = fields.Many2one(related="design_id.company_id", store=True, index=True)
    sequence = fields.Integer(
        string="Number",
        readonly=True,
        copy=False,
        help="Number of the revision within its design (1 for A, 2 for B...). "
        "Set automatically.",
    )
    code = fields.Char(
        string="Revision",
        compute="_compute_code",
        store=True,
        help="Letter code of the revision: A, B, C... Set automatically.",
    )
    change_note = fields.Text(
        help="What changed since the previous revision, and why.",
    )
    state = fields.Selection(
        REVISION_STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        help="Draft: being prepared, files can change. Released: the current "
        "revision producers make (one per design). Obsolete: replaced by a "
        "later release; kept for the jobs made from it.",
    )
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        store=True,
        help="This is the released revision producers make now.",
    )
    release_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the revision was released.",
    )
    released_by_id = fields.Many2one(
        "res.users",
        string="Released by",
        readonly=True,
        copy=False,
        help="Who released the revision.",
    )
    file_ids = fields.One2many(
        "dmfg.design.file",
        "revision_id",
        string="Files",
        help="Files of the revision: CAD/STL/STEP, PDF drawings, making and "
        "quality instructions. They can change only while the revision is a "
        "draft.",
    )
    file_count = fields.Integer(
        compute="_compute_file_count",
        help="Number of files of the revision.",
    )

    _sql_constraints = [
        (
            "design_sequence_uniq",
            "unique(design_id, sequence)",
            "A design cannot have two revisions with the same code.",
        ),
        # Safety net for concurrent releases; _dmfg_check_one_current gives the
        # readable message.
        (
            "one_current_per_design",
            "EXCLUDE (design_id WITH =) WHERE (state = 'released')",
            "A design can have only one released (current) revision.",
        ),
    ]

    # ------------------------------------------------------------ computes

    @api.depends("sequence")
    def _compute_code(self):
        for revision in self:
            revision.code = (
                revision_code.revision_code(revision.sequence)
                if revision.sequence
                else False
            )

    @api.depends("state")
    def _compute_is_current(self):
        for revision in self:
            revision.is_current = revision.state == "released"

    @api.depends("file_ids")
    def _compute_file_count(self):
        for revision in self:
            revision.file_count = len(revision.file_ids)

    @api.depends("design_id.name", "code")
    def _compute_display_name(self):
        for revision in self:
            revision.display_name = self.env._(
                "%(design)s - rev. %(code)s",
                design=revision.design_id.name or "",
                code=revision.code or "?",
            )

    # --------------------------------------------------------- constraints

    @api.constrains("state", "file_ids")
    def _check_released_has_files(self):
        for revision in self:
            if revision.state != "draft" and not revision.file_ids:
                raise ValidationError(revision._dmfg_no_file_message())

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        design_ids = {vals.get("design_id") for vals in vals_list} - {False, None}
        next_numbers = self._dmfg_next_numbers(design_ids)
        for vals in vals_list:
            if vals.get("state", "draft") != "draft":
                raise UserError(
                    self.env._(
                        "A revision is created as a draft; add its files, then "
                        "release it."
                    )
                )
            design_id = vals.get("design_id")
            if design_id:
                vals["sequence"] = next_numbers[design_id]
                next_numbers[design_id] += 1
        return super().create(vals_list)

    def write(self, vals):
        if "design_id" in vals and any(
            revision.design_id.id != vals["design_id"] for revision in self
        ):
            raise UserError(self.env._("A revision cannot be moved to another design."))
        if vals.get("state") == "released":
            # Checked before writing: the SQL exclusion constraint would
            # otherwise fire first, with a less helpful message.
            self._dmfg_check_one_current()
        return super().write(vals)

    def unlink(self):
        kept = self.filtered(lambda r: r.state != "draft")
        if kept:
            raise UserError(
                self.env._(
                    "Revision %(revision)s is %(state)s and cannot be deleted: "
                    "jobs may have been made from it.",
                    revision=kept[0].display_name,
                    state=dict(REVISION_STATES)[kept[0].state],
                )
            )
        # Through the ORM so that the files' attachments go too.
        self.file_ids.unlink()
        return super().unlink()

    # ------------------------------------------------------------- actions

    def action_release(self):
        """Release draft revisions: each becomes its design's current one.

        The previous current revision becomes obsolete and the producers
        allowed to make the design are notified. Returns True (RPC-safe).
        """
        self.check_access("write")
        self._dmfg_check_releasable()
        previous_by_design = {
            revision.design_id.id: revision.design_id.current_revision_id
            for revision in self
        }
        previous = self.design_id.current_revision_id
        # Obsolete first, so that there is never more than one current revision.
        previous.write({"state": "obsolete"})
        self.write(
            {
                "state": "released",
                "release_date": fields.Datetime.now(),
                "released_by_id": self.env.uid,
            }
        )
        for revision in self:
            revision.design_id._dmfg_notify_revision_released(
                revision, previous_by_design[revision.design_id.id]
            )
        return True

    def action_view_files(self):
        """Open the files of the revision."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_design_file_action"
        )
        action.update(
            {
                "domain": [("revision_id", "=", self.id)],
                "context": {"default_revision_id": self.id},
            }
        )
        return action

    # ----------------------------------------------------- business methods

    def _dmfg_check_releasable(self):
        if not self:
            raise UserError(self.env._("Select a revision to release."))
        for revision in self:
            if revision.state != "draft":
                raise UserError(
                    self.env._(
                        "Revision %(revision)s is %(state)s: only a draft "
                        "revision can be released.",
                        revision=revision.display_name,
                        state=dict(REVISION_STATES)[revision.state],
                    )
                )
            if not revision.file_ids:
                raise UserError(revision._dmfg_no_file_message())
        if len(self.design_id) != len(self):
            raise UserError(
                self.env._(
                    "Only one revision per design can be released at a time: "
                    "a design has a single current revision."
                )
            )

    def _dmfg_check_one_current(self):
        """Raise if releasing these revisions would leave a design with two
        current revisions."""
        released = self.search(
            [
                ("design_id", "in", self.design_id.ids),
                ("state", "=", "released"),
                ("id", "not in", self.ids),
            ]
        )
        for design in self.design_id:
            count = len(self.filtered(lambda r, d=design: r.design_id == d)) + len(
                released.filtered(lambda r, d=design: r.design_id == d)
            )
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Design %(design)s would have %(count)s current revisions: "
                        "only one revision can be released at a time. Release a "
                        "revision with its Release button, which makes the "
                        "previous one obsolete.",
                        design=design.display_name,
                        count=count,
                    )
                )

    def _dmfg_check_files_editable(self):
        """Files of released or obsolete revisions are frozen: jobs made from
        a revision must keep getting exactly the files that were released."""
        frozen = self.filtered(lambda r: r.state != "draft")
        if frozen:
            raise UserError(
                self.env._(
                    "Revision %(revision)s is %(state)s: its files cannot change. "
                    "Create a new revision instead.",
                    revision=frozen[0].display_name,
                    state=dict(REVISION_STATES)[frozen[0].state],
                )
            )

    def _dmfg_no_file_message(self):
        return self.env._(
            "Revision %(revision)s has no file: attach its CAD, drawings or "
            "instructions before releasing it.",
            revision=self.display_name,
        )

    @api.model
    def _dmfg_next_numbers(self, design_ids):
        """``{design_id: next free revision number}`` in one query."""
        groups = self.with_context(active_test=False)._read_group(
            [("design_id", "in", list(design_ids))],
            ["design_id"],
            ["sequence:max"],
        )
        highest = {design.id: number or 0 for design, number in groups}
        return {
            design_id: revision_code.next_revision_number([highest.get(design_id, 0)])
            for design_id in design_ids
        }

    def _prepare_info_values(self):
        """Plain dict describing the revision and its files (RPC-safe)."""
        self.ensure_one()
        return {
            "id": self.id,
            "code": self.code or "",
            "state": self.state,
            "release_date": fields.Datetime.to_string(self.release_date) or "",
            "change_note": self.change_note or "",
            "files": [
                {
                    "id": design_file.id,
                    "name": design_file.name,
                    "kind": design_file.kind,
                    "mimetype": design_file.mimetype or "",
                    "file_size": design_file.file_size,
                    "checksum": design_file.checksum or "",
                }
                for design_file in self.file_ids
            ],
        }
