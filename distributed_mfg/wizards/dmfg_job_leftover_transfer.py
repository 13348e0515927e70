# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

ACTIONS = [
    ("keep", "Keep at the producer"),
    ("return", "Return to the warehouse"),
    ("forward", "Forward to the job's producer"),
]


class DmfgJobLeftoverTransfer(models.TransientModel):
    _name = "dmfg.job.leftover.transfer"
    _description = "Return or forward components left at a previous producer"

    job_id = fields.Many2one("dmfg.job", required=True, readonly=True)
    producer_id = fields.Many2one(
        related="job_id.producer_id", string="Job's producer now"
    )
    line_ids = fields.One2many(
        "dmfg.job.leftover.transfer.line",
        "wizard_id",
        string="Components",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("job_id")
    def _compute_line_ids(self):
        for wizard in self:
            leftovers = wizard.job_id.leftover_ids.filtered(lambda x: x.state == "kept")
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "leftover_id": leftover.id,
                        "quantity": leftover.quantity,
                        "action": "keep",
                    }
                )
                for leftover in leftovers
            ]

    def action_confirm(self):
        """Create the transfers the planner chose; the planner validates them."""
        self.ensure_one()
        self.job_id._dmfg_check_planner()
        moving = self.line_ids.filtered(lambda line: line.action != "keep")
        if not moving:
            raise UserError(
                self.env._("Choose to return or forward at least one component.")
            )
        for line in moving:
            line._check_line()
        # Transfers are stock-manager matters; the planner check above is what
        # entitles the user to them: sudo right after it, on this wizard only.
        wizard = self.sudo()
        pickings = wizard._create_transfers(moving.with_env(wizard.env))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Component transfers"),
            "res_model": "stock.picking",
            "view_mode": "list,form",
            "domain": [("id", "in", pickings.ids)],
        }

    def _create_transfers(self, lines):
        """One transfer per (from, to), reserved; the rest of the job's
        pending supply at the new producer shrinks by what is forwarded.

        Runs as superuser, once :meth:`action_confirm` checked the planner.
        """
        job = self.job_id
        supply = self.env["dmfg.supply"]
        warehouse = self.env["stock.warehouse"]._dmfg_get_main_warehouse(job.company_id)
        # Where the components go for each action.
        destinations = {
            "return": warehouse.lot_stock_id,
            "forward": job.producer_id.location_id,
        }
        groups = defaultdict(lambda: self.env["dmfg.job.leftover.transfer.line"])
        for line in lines:
            groups[(line.leftover_id.location_id, destinations[line.action])] |= line
        pickings = self.env["stock.picking"]
        for (source, destination), group in groups.items():
            if group[0].action == "forward":
                for line in group:
                    supply._dmfg_reduce_pending_supply(
                        job, destination, line.product_id, line.quantity
                    )
            picking = pickings.create(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "origin": job.name,
                    "move_ids": [
                        Command.create(
                            {
                                "name": line.product_id.display_name,
                                "product_id": line.product_id.id,
                                "product_uom": line.product_id.uom_id.id,
                                "product_uom_qty": line.quantity,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "dmfg_job_id": job.id,
                            }
                        )
                        for line in group
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()
            self._check_reserved(picking)
            for line in group:
                line._settle(picking)
            pickings |= picking
        job.message_post(
            body=self.env._(
                "Transfers of components left behind created: %(pickings)s.",
                pickings=", ".join(pickings.mapped("name")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return pickings

    def _check_reserved(self, picking):
        for move in picking.move_ids:
            if (
                float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "%(location)s holds only %(qty)s %(uom)s of %(product)s "
                        "free now (another job may use the rest): lower the "
                        "quantity to move.",
                        location=picking.location_id.display_name,
                        qty=move.quantity,
                        uom=move.product_uom.name,
                        product=move.product_id.display_name,
                    )
                )


class DmfgJobLeftoverTransferLine(models.TransientModel):
    _name = "dmfg.job.leftover.transfer.line"
    _description = "Component left at a previous producer (transfer choice)"

    wizard_id = fields.Many2one(
        "dmfg.job.leftover.transfer", required=True, ondelete="cascade"
    )
    leftover_id = fields.Many2one("dmfg.job.leftover", required=True, readonly=True)
    product_id = fields.Many2one(related="leftover_id.product_id")
    product_uom_id = fields.Many2one(related="leftover_id.product_uom_id")
    producer_id = fields.Many2one(related="leftover_id.producer_id", string="Left at")
    available_qty = fields.Float(
        related="leftover_id.quantity", string="Left there", readonly=True
    )
    quantity = fields.Float(
        string="Quantity to move",
        digits="Product Unit of Measure",
        help="How much to return or forward (at most what was left there).",
    )
    action = fields.Selection(
        ACTIONS,
        required=True,
        default="keep",
        help="Keep: the components stay at that producer, free for its next jobs. "
        "Return: a transfer back to the central warehouse. Forward: a transfer "
        "to the job's producer now, replacing what it still waits for.",
    )

    def _check_line(self):
        self.ensure_one()
        leftover = self.leftover_id
        name = leftover.product_id.display_name
        rounding = leftover.product_id.uom_id.rounding
        if leftover.state != "kept":
            raise UserError(self.env._("%(product)s was already moved.", product=name))
        self.env["dmfg.input"]._dmfg_number(
            self.quantity,
            self.env._("%(product)s: the quantity to move", product=name),
            strict=True,
            rounding=rounding,
        )
        if (
            float_compare(self.quantity, leftover.quantity, precision_rounding=rounding)
            > 0
        ):
            raise UserError(
                self.env._(
                    "%(product)s: at most %(qty)s %(uom)s were left at %(producer)s.",
                    product=name,
                    qty=leftover.quantity,
                    uom=leftover.product_uom_id.name,
                    producer=leftover.producer_id.display_name,
                )
            )
        if self.action == "forward":
            location = self.wizard_id.job_id.producer_id.location_id
            if not location or location == leftover.location_id:
                raise UserError(
                    self.env._(
                        "%(product)s: the job is not at another producer with a "
                        "stock location, there is nowhere to forward it.",
                        product=name,
                    )
                )

    def _settle(self, picking):
        """Mark the leftover (or the moved part of it) as moved by ``picking``."""
        self.ensure_one()
        leftover = self.leftover_id
        state = "returned" if self.action == "return" else "forwarded"
        rest = leftover.quantity - self.quantity
        if (
            float_compare(rest, 0, precision_rounding=leftover.product_uom_id.rounding)
            > 0
        ):
            leftover.copy(
                {"quantity": self.quantity, "state": state, "picking_id": picking.id}
            )
            leftover.quantity = rest
        else:
            leftover.write({"state": state, "picking_id": picking.id})
