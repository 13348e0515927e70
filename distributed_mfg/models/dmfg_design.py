# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import design_sharing
from ..services import licence as licence_service

SHARING_SCOPES = [
    (design_sharing.SCOPE_ALL, "All trial and active producers"),
    (design_sharing.SCOPE_QUALIFIED, "Qualified producers"),
    (design_sharing.SCOPE_SELECTED, "Selected producers"),
]
COMMERCIAL_USE_OVERRIDES = [
    (licence_service.OVERRIDE_ALLOW, "Allow commercial use"),
    (licence_service.OVERRIDE_FORBID, "Forbid commercial use"),
]
COMMERCIAL_USE_REASONS = [
    (licence_service.REASON_LICENCE_ALLOWS, "The licence allows commercial use"),
    (
        licence_service.REASON_LICENCE_NON_COMMERCIAL,
        "The licence forbids commercial use (NonCommercial)",
    ),
    (licence_service.REASON_PROPRIETARY_OWN, "Our own proprietary design"),
    (
        licence_service.REASON_PROPRIETARY_THIRD_PARTY,
        "A third party's proprietary design: commercial use needs an agreement",
    ),
    (licence_service.REASON_OVERRIDE_ALLOW, "Allowed by a manager's override"),
    (licence_service.REASON_OVERRIDE_FORBID, "Forbidden by a manager's override"),
    (
        licence_service.REASON_UNKNOWN_LICENCE,
        "Unknown licence: commercial use not allowed",
    ),
]
MANAGER_GROUP = "distributed_mfg.group_dmfg_manager"
# Only a manager may change these: they decide what the network may sell.
OVERRIDE_FIELDS = ("commercial_use_override", "commercial_use_override_reason")


class DmfgDesign(models.Model):
    _name = "dmfg.design"
    _description = "Design"
    _inherit = ["mail.thread", "mail.activity.mixin", "image.mixin"]
    _order = "name, id"
    _check_company_auto = True

    def _default_company_id(self):
        return self.env.company

    name = fields.Char(
        required=True,
        tracking=True,
        index="trigram",
        help="Name of the design as the network knows it.",
    )
    active = fields.Boolean(
        default=True,
        tracking=True,
        help="Archive a design the network no longer makes; its revisions "
        "stay for the jobs that used them.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self._default_company_id(),
        tracking=True,
        help="Company whose network makes the design; empty to share the "
        "design with every company's network (it then cannot select "
        "producers, which belong to one company).",
    )
    description = fields.Text(
        help="What the design is and what it is for (the Open Know-How "
        "description).",
    )
    color = fields.Integer(help="Colour of the card in the kanban view.")
    product_tmpl_ids = fields.One2many(
        "product.template",
        "dmfg_design_id",
        string="Products",
        help="Products made from this design. A product has at most one design.",
    )
    product_count = fields.Integer(
        compute="_compute_product_count",
        help="Number of products made from this design.",
    )
    bom_id = fields.Many2one(
        "mrp.bom",
        string="Bill of materials",
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('product_tmpl_id', 'in', product_tmpl_ids)]",
        help="Bill of materials producers follow to make the design: the "
        "components they consume. Its product must be one of the design's "
        "products.",
    )
    designer_id = fields.Many2one(
        "res.partner",
        string="Designer / licensor",
        tracking=True,
        index=True,
        help="Person or organisation that created the design and licenses it. "
        "When it is our own company, a proprietary design may be sold.",
    )
    licence = fields.Selection(
        selection=licence_service.selection(),
        required=True,
        tracking=True,
        index=True,
        help="Licence of the design files (SPDX identifier). It decides whether "
        "the network may make the design for sale.",
    )
    licence_url = fields.Char(
        string="Licence text",
        compute="_compute_licence_url",
        help="Where to read the licence.",
    )
    commercial_use_override = fields.Selection(
        COMMERCIAL_USE_OVERRIDES,
        tracking=True,
        copy=False,
        help="Managers only: decide commercial use regardless of the licence, "
        "e.g. after a separate agreement with the licensor. A reason is "
        "required and both are logged in the chatter.",
    )
    commercial_use_override_reason = fields.Text(
        tracking=True,
        copy=False,
        help="Why the licence's answer is overridden (agreement reference, "
        "date, contact...). Required with an override.",
    )
    commercial_use_allowed = fields.Boolean(
        compute="_compute_commercial_use",
        store=True,
        tracking=True,
        index=True,
        help="Whether the design may be made for a sale order. Derived from "
        "the licence (non-commercial licences forbid it; a proprietary design "
        "is allowed only when we are the licensor) unless a manager overrode it.",
    )
    commercial_use_reason = fields.Selection(
        COMMERCIAL_USE_REASONS,
        compute="_compute_commercial_use",
        store=True,
        help="Why commercial use is allowed or not.",
    )
    attribution = fields.Text(
        help="Attribution text to reproduce with the product (labels, manuals, "
        "web page), as the licence requires.",
    )
    process_ids = fields.Many2many(
        "dmfg.process",
        "dmfg_design_process_rel",
        "design_id",
        "process_id",
        string="Required processes",
        help="Manufacturing processes a producer needs to make the design.",
    )
    material_ids = fields.Many2many(
        "dmfg.material",
        "dmfg_design_material_rel",
        "design_id",
        "material_id",
        string="Required materials",
        help="Materials a producer needs to work to make the design.",
    )
    sharing_scope = fields.Selection(
        SHARING_SCOPES,
        required=True,
        default=design_sharing.SCOPE_QUALIFIED,
        tracking=True,
        help="Who may make the design and get its files. All: every producer "
        "in trial or active state. Qualified: those of them with every "
        "required process and material. Selected: those of them picked in "
        "the list below.",
    )
    selected_producer_ids = fields.Many2many(
        "dmfg.producer",
        "dmfg_design_selected_producer_rel",
        "design_id",
        "producer_id",
        string="Selected producers",
        check_company=True,
        help="Producers allowed to make the design when the scope is "
        "'Selected producers' (only while in trial or active state).",
    )
    allowed_producer_ids = fields.Many2many(
        "dmfg.producer",
        string="Allowed producers",
        compute="_compute_allowed_producer_ids",
        search="_search_allowed_producer_ids",
        help="Producers who may make the design today, from the sharing scope, "
        "the required processes and materials and the producers' status.",
    )
    allowed_producer_count = fields.Integer(
        compute="_compute_allowed_producer_ids",
        help="Number of producers who may make the design.",
    )
    revision_ids = fields.One2many(
        "dmfg.design.revision",
        "design_id",
        string="Revisions",
        help="Revisions A, B, C... of the design and their files.",
    )
    revision_count = fields.Integer(
        compute="_compute_revision_count",
        help="Number of revisions of the design.",
    )
    current_revision_id = fields.Many2one(
        "dmfg.design.revision",
        string="Current revision",
        compute="_compute_current_revision_id",
        store=True,
        index=True,
        check_company=True,
        help="The released revision producers make now.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("product_tmpl_ids")
    def _compute_product_count(self):
        for design in self:
            design.product_count = len(design.product_tmpl_ids)

    @api.depends("licence")
    def _compute_licence_url(self):
        for design in self:
            info = licence_service.get_licence(design.licence)
            design.licence_url = info.url if info else False

    @api.depends("licence", "designer_id", "commercial_use_override")
    def _compute_commercial_use(self):
        seller_partners = self._dmfg_get_seller_partners()
        for design in self:
            decision = licence_service.commercial_use(
                design.licence,
                licensor_is_seller=design.designer_id.commercial_partner_id
                in seller_partners,
                override=design.commercial_use_override or None,
            )
            design.commercial_use_allowed = decision.allowed
            design.commercial_use_reason = decision.reason

    @api.depends(
        "sharing_scope",
        "process_ids",
        "material_ids",
        "selected_producer_ids",
    )
    def _compute_allowed_producer_ids(self):
        allowed = self._dmfg_get_allowed_producer_ids()
        for design in self:
            ids = sorted(allowed.get(design.id, ()))
            design.allowed_producer_ids = [Command.set(ids)]
            design.allowed_producer_count = len(ids)

    def _search_allowed_producer_ids(self, operator, value):
        if operator not in ("in", "not in", "=", "!="):
            raise UserError(
                self.env._(
                    "Allowed producers can only be searched by producer ids "
                    "(in, not in, =, !=), not with %(operator)s.",
                    operator=operator,
                )
            )
        if value is False or value is None:
            wanted = set()
        elif isinstance(value, int):
            wanted = {value}
        else:
            wanted = {item for item in value if isinstance(item, int)}
        designs = self.with_context(active_test=False).search([])
        if wanted:
            # Only the wanted producers matter: decide for them alone.
            allowed = designs._dmfg_get_allowed_producer_ids(wanted)
            ids = [key for key, producers in allowed.items() if producers]
        else:
            # ("allowed_producer_ids", "=", False): designs shared with nobody
            allowed = designs._dmfg_get_allowed_producer_ids()
            ids = [key for key, producers in allowed.items() if not producers]
        positive = operator in ("in", "=")
        return [("id", "in" if positive else "not in", ids)]

    @api.depends("revision_ids")
    def _compute_revision_count(self):
        for design in self:
            design.revision_count = len(design.revision_ids)

    @api.depends("revision_ids.is_current")
    def _compute_current_revision_id(self):
        for design in self:
            design.current_revision_id = design.revision_ids.filtered("is_current")[:1]

    # --------------------------------------------------------- constraints

    @api.constrains("bom_id", "product_tmpl_ids")
    def _check_bom_product(self):
        for design in self.filtered("bom_id"):
            if design.bom_id.product_tmpl_id not in design.product_tmpl_ids:
                raise ValidationError(
                    self.env._(
                        "Design %(design)s: the bill of materials %(bom)s makes "
                        "%(product)s, which is not one of the design's products. "
                        "Add the product to the design or pick another bill of "
                        "materials.",
                        design=design.display_name,
                        bom=design.bom_id.display_name,
                        product=design.bom_id.product_tmpl_id.display_name,
                    )
                )

    @api.constrains("commercial_use_override", "commercial_use_override_reason")
    def _check_commercial_use_override_reason(self):
        for design in self:
            if (
                design.commercial_use_override
                and not (design.commercial_use_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Design %(design)s: give the reason for overriding the "
                        "licence's commercial-use rule (e.g. the agreement with "
                        "the licensor).",
                        design=design.display_name,
                    )
                )

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if any(self._dmfg_touches_override(vals) for vals in vals_list):
            self._dmfg_check_override_rights()
        return super().create(vals_list)

    def write(self, vals):
        if self._dmfg_touches_override(vals):
            self._dmfg_check_override_rights()
            if (
                "commercial_use_override" in vals
                and not vals["commercial_use_override"]
            ):
                # Back to the licence's rule: a stale reason would mislead the
                # next override (the old one stays in the chatter).
                vals = dict(vals, commercial_use_override_reason=False)
        result = super().write(vals)
        if "company_id" in vals:
            # A design's files keep its company (see dmfg.design.file).
            self.revision_ids.file_ids.ir_attachment_id.write(
                {"company_id": vals["company_id"]}
            )
        return result

    def unlink(self):
        self.check_access("unlink")
        if self.revision_ids.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._(
                    "A design with released or obsolete revisions cannot be "
                    "deleted: jobs may refer to them. Archive the design instead."
                )
            )
        # Through the ORM so that the files' attachments go too.
        self.revision_ids.unlink()
        return super().unlink()

    # ------------------------------------------------------------- actions

    def action_view_products(self):
        """Open the products made from the design."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mrp.product_template_action"
        )
        action.update(
            {
                "domain": [("dmfg_design_id", "=", self.id)],
                "context": {"default_dmfg_design_id": self.id},
            }
        )
        return action

    def action_view_allowed_producers(self):
        """Open the producers allowed to make the design."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Producers for %(design)s", design=self.name),
            "res_model": "dmfg.producer",
            "view_mode": "list,kanban,form",
            "domain": [("id", "in", self.allowed_producer_ids.ids)],
            "context": {"create": False},
        }

    def action_view_revisions(self):
        """Open the revisions of the design."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_design_revision_action"
        )
        action.update(
            {
                "domain": [("design_id", "=", self.id)],
                "context": {"default_design_id": self.id},
            }
        )
        return action

    # ----------------------------------------------------- business methods

    def get_current_revision_info(self):
        """Describe the designs and their current revision, for integrators.

        XML-RPC friendly: returns a list of plain dicts (no None, no
        recordset), one per design in the given order. ``revision`` is False
        when the design has no released revision. File contents are not
        included: read ``dmfg.design.file`` ``datas`` for them.
        """
        return [design._prepare_revision_info_values() for design in self]

    def _prepare_revision_info_values(self):
        self.ensure_one()
        revision = self.current_revision_id
        return {
            "id": self.id,
            "name": self.name,
            "licence": self.licence,
            "commercial_use_allowed": self.commercial_use_allowed,
            "product_tmpl_ids": self.product_tmpl_ids.ids,
            "bom_id": self.bom_id.id,
            "allowed_producer_ids": self.allowed_producer_ids.ids,
            "revision": revision._prepare_info_values() if revision else False,
        }

    def _dmfg_check_commercial_use(self, origin=None):
        """Raise a UserError if any of the designs may not be made for sale.

        The licence gate: routing and sale-order confirmation call it before
        committing a design to a commercial order. ``origin`` names the
        document being processed, for the message.
        """
        refused = self.filtered(lambda d: not d.commercial_use_allowed)
        if not refused:
            return True
        labels = dict(self._fields["licence"]._description_selection(self.env))
        reasons = dict(
            self._fields["commercial_use_reason"]._description_selection(self.env)
        )
        lines = [
            self.env._(
                "- %(design)s, licence %(licence)s (%(spdx)s): %(note)s",
                design=design.display_name,
                licence=labels.get(design.licence, design.licence),
                spdx=design.licence,
                note=reasons.get(design.commercial_use_reason, ""),
            )
            for design in refused
        ]
        if origin:
            intro = self.env._(
                "%(origin)s cannot be processed: these designs may not be made "
                "for sale.",
                origin=origin,
            )
        else:
            intro = self.env._("These designs may not be made for sale.")
        raise UserError("\n".join([intro, *lines]))

    def _dmfg_get_allowed_producer_ids(self, producer_ids=None):
        """``{design_id: frozenset(producer_ids)}`` in a few batch queries.

        ``producer_ids`` (optional) limits the answer to those producers.
        """
        domain = [("state", "in", sorted(design_sharing.ELIGIBLE_STATES))]
        if producer_ids is not None:
            domain.append(("id", "in", list(producer_ids)))
        producers = self.env["dmfg.producer"].search(domain)
        return {
            design.id: design_sharing.allowed_producer_ids(
                design._dmfg_to_sharing_requirements(),
                self._dmfg_to_sharing_profiles(design._dmfg_own_producers(producers)),
            )
            for design in self
        }

    def _dmfg_own_producers(self, producers):
        """``producers`` of the design's company network (all when shared)."""
        self.ensure_one()
        if not self.company_id:
            return producers
        return producers.filtered(lambda p: p.company_id == self.company_id)

    def _dmfg_check_company_of(self, company, origin):
        """Raise a UserError if a design belongs to another company's network."""
        foreign = self.filtered(lambda d: d.company_id and d.company_id != company)
        if foreign:
            raise UserError(
                self.env._(
                    "%(origin)s cannot be processed: the designs %(designs)s "
                    "belong to another company's network than %(company)s.",
                    origin=origin,
                    designs=", ".join(foreign.mapped("display_name")),
                    company=company.display_name,
                )
            )
        return True

    def _dmfg_sharing_decisions(self, producers):
        """Sharing decisions (with reasons) of one design for ``producers``."""
        self.ensure_one()
        return design_sharing.rank_producers(
            self._dmfg_to_sharing_requirements(),
            self._dmfg_to_sharing_profiles(self._dmfg_own_producers(producers)),
        )

    @api.model
    def _dmfg_get_allowed_design_ids(self, producers):
        """``{producer_id: frozenset(design_ids)}``: the reverse of
        ``allowed_producer_ids``, over the active designs."""
        allowed = self.search([])._dmfg_get_allowed_producer_ids(producers.ids)
        return {
            producer.id: frozenset(
                design_id
                for design_id, producer_ids in allowed.items()
                if producer.id in producer_ids
            )
            for producer in producers
        }

    @api.model
    def _dmfg_to_sharing_profiles(self, producers):
        return [
            design_sharing.ProducerProfile(
                producer_id=producer.id,
                state=producer.state,
                process_ids=frozenset(producer.process_ids.ids),
                material_ids=frozenset(producer.material_ids.ids),
            )
            for producer in producers
        ]

    def _dmfg_to_sharing_requirements(self):
        self.ensure_one()
        return design_sharing.DesignRequirements(
            design_id=self.id,
            scope=self.sharing_scope,
            process_ids=frozenset(self.process_ids.ids),
            material_ids=frozenset(self.material_ids.ids),
            selected_producer_ids=frozenset(self.selected_producer_ids.ids),
        )

    def _dmfg_notify_revision_released(self, revision, previous):
        """Tell the producers allowed to make the design about a release.

        Posted on the design with the producers' partners as recipients
        (not followers: later internal discussions must not reach them).
        """
        self.ensure_one()
        if previous:
            body = self.env._(
                "Revision %(code)s of %(design)s is released and replaces "
                "revision %(previous)s. Make new jobs from revision %(code)s.",
                code=revision.code,
                design=self.name,
                previous=previous.code,
            )
        else:
            body = self.env._(
                "Revision %(code)s of %(design)s is released.",
                code=revision.code,
                design=self.name,
            )
        if revision.change_note:
            # Markup.format escapes its arguments: the note stays plain text.
            body = Markup("{}<br/>{}").format(
                body, self.env._("Changes: %(note)s", note=revision.change_note)
            )
        return self.message_post(
            body=body,
            subject=self.env._(
                "%(design)s: revision %(code)s released",
                design=self.name,
                code=revision.code,
            ),
            partner_ids=self.allowed_producer_ids.partner_id.ids,
            message_type="comment",
            subtype_xmlid="distributed_mfg.mt_dmfg_design_revision_released",
        )

    @api.model
    def _dmfg_get_seller_partners(self):
        """Partners of our companies: their proprietary designs may be sold.

        Read by the stored commercial-use compute, which runs as superuser:
        every company counts, not only the user's.
        """
        return self.env["res.company"].search([]).partner_id

    @api.model
    def _dmfg_touches_override(self, vals):
        return any(field in vals for field in OVERRIDE_FIELDS)

    @api.model
    def _dmfg_check_override_rights(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Only a Distributed Manufacturing manager may override the "
                "commercial-use rule of a design's licence."
            )
        )
