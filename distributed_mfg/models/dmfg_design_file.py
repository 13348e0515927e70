# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

FILE_KINDS = [
    ("cad", "CAD / 3D model (STL, STEP...)"),
    ("drawing", "PDF drawing"),
    ("making", "Making instructions"),
    ("quality", "Quality instructions"),
    ("other", "Other"),
]
REVISION_MODEL = "dmfg.design.revision"


class DmfgDesignFile(models.Model):
    """A file of a design revision.

    Delegates to an ``ir.attachment`` attached to the revision (as
    ``product.document`` does for products), so the bytes live in the filestore
    and obey attachment security: portal users can never read them through
    the ORM, RPC or ``/web/content``. The portal serves them through its own
    checked controller. Its company (the attachment's) is the revision's,
    set on every create and move.
    """

    _name = "dmfg.design.file"
    _description = "Design file"
    _inherits = {"ir.attachment": "ir_attachment_id"}
    _order = "revision_id, sequence, id"
    _check_company_auto = True

    ir_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Attachment",
        required=True,
        ondelete="cascade",
        index=True,
        help="The stored file.",
    )
    revision_id = fields.Many2one(
        REVISION_MODEL,
        string="Revision",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="Revision the file belongs to.",
    )
    design_id = fields.Many2one(
        related="revision_id.design_id",
        store=True,
        index=True,
        help="Design of the file's revision.",
    )
    kind = fields.Selection(
        FILE_KINDS,
        required=True,
        default="cad",
        help="What the file is for: CAD/3D model to make the part, PDF "
        "drawing, making instructions or quality instructions.",
    )
    sequence = fields.Integer(default=10, help="Order of the files in lists.")

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        revisions = self.env[REVISION_MODEL].browse(
            {vals.get("revision_id") for vals in vals_list} - {False, None}
        )
        revisions._dmfg_check_files_editable()
        for vals in vals_list:
            # The attachment belongs to the revision and is never public:
            # its access and company follow the revision's.
            revision = revisions.browse(vals.get("revision_id"))
            vals.update(
                {
                    "res_model": REVISION_MODEL,
                    "res_id": vals.get("revision_id"),
                    "public": False,
                    "company_id": revision.company_id.id,
                }
            )
        return super().create(vals_list)

    def write(self, vals):
        self.revision_id._dmfg_check_files_editable()
        if vals.get("public"):
            raise UserError(self.env._("Design files cannot be made public."))
        if "revision_id" in vals:
            new_revision = self.env[REVISION_MODEL].browse(vals["revision_id"])
            new_revision._dmfg_check_files_editable()
            vals = dict(
                vals,
                res_model=REVISION_MODEL,
                res_id=new_revision.id,
                company_id=new_revision.company_id.id,
            )
        return super().write(vals)

    def unlink(self):
        self.revision_id._dmfg_check_files_editable()
        attachments = self.ir_attachment_id
        result = super().unlink()
        attachments.unlink()
        return result
