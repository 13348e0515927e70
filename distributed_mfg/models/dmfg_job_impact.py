# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local impact of a job (issue 16): km, transport CO2 and days saved
against shipping from the company's central site.

The formulas are in services/impact.py. The figures are stored on the job
(reportable, exportable) and written again when the job moves to another
producer or its customer point changes; at delivery they are computed one
last time and frozen with a snapshot of the Settings and places they came
from, so that a delivered job's history never changes with the Settings.
Unknown figures (no weight, no coordinates) are stored as 0 with their
``has_impact_*`` flag unset: reports and totals count only known ones.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services import impact as impact_service
from .dmfg_job import PLANNER_GROUP

PARAM_CENTRAL_PARTNER = "distributed_mfg.impact_central_partner_id"
PARAM_VAN_FACTOR = "distributed_mfg.impact_van_factor"
PARAM_FREIGHT_FACTOR = "distributed_mfg.impact_freight_factor"
PARAM_PRODUCTION_DAYS = "distributed_mfg.impact_production_days"
PARAM_SHIPPING_DAYS = "distributed_mfg.impact_shipping_days"
# Changes of these job fields change its figures.
IMPACT_TRIGGERS = {
    "producer_id",
    "partner_shipping_id",
    "product_id",
    "product_qty",
    "customer_latitude",
    "customer_longitude",
    "state",
    "date_shipped",
}
# The stored figures: {field: JobImpact attribute}.
IMPACT_FIELDS = {
    "impact_distance_km": "distance_km",
    "impact_baseline_km": "baseline_km",
    "impact_km_saved": "km_saved",
    "impact_weight_kg": "weight_kg",
    "impact_co2_kg": "co2_kg",
    "impact_baseline_co2_kg": "baseline_co2_kg",
    "impact_co2_saved_kg": "co2_saved_kg",
    "impact_lead_days": "lead_days",
    "impact_baseline_lead_days": "baseline_lead_days",
    "impact_days_saved": "days_saved",
}
# Flag of each figure: set when it is known.
KNOWN_FLAGS = {
    "has_impact_km": "km_saved",
    "has_impact_co2": "co2_saved_kg",
    "has_impact_days": "days_saved",
}


class DmfgJobImpact(models.Model):
    _inherit = "dmfg.job"

    impact_distance_km = fields.Float(
        string="Local distance (km)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Straight-line distance from the producer to the customer.",
    )
    impact_baseline_km = fields.Float(
        string="Central distance (km)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Straight-line distance from the central site (Settings) to the "
        "customer: what shipping without the network would have covered.",
    )
    impact_km_saved = fields.Float(
        string="Km saved",
        digits=(16, 1),
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Central distance minus local distance (negative when the "
        "producer is farther than the central site).",
    )
    impact_weight_kg = fields.Float(
        string="Shipped weight (kg)",
        digits=(16, 3),
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="The product's weight times the quantity; without a product "
        "weight the CO2 figures are unknown.",
    )
    impact_co2_kg = fields.Float(
        string="Local transport CO2 (kg)",
        digits=(16, 3),
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Weight x local distance x the van emission factor (Settings).",
    )
    impact_baseline_co2_kg = fields.Float(
        string="Central transport CO2 (kg)",
        digits=(16, 3),
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Weight x central distance x the road freight emission factor "
        "(Settings).",
    )
    impact_co2_saved_kg = fields.Float(
        string="CO2 saved (kg)",
        digits=(16, 3),
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Central transport CO2 minus local transport CO2, in kg CO2e.",
    )
    impact_lead_days = fields.Integer(
        string="Lead time (days)",
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Days from the order's confirmation (or the first offer, for a "
        "job without order) to the delivery.",
    )
    impact_baseline_lead_days = fields.Integer(
        string="Central lead time (days)",
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Central production days plus shipping days (Settings).",
    )
    impact_days_saved = fields.Integer(
        string="Days saved",
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Central lead time minus the job's lead time, once delivered.",
    )
    has_impact_km = fields.Boolean(
        string="Km known",
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Set when the producer, the customer and the central site are "
        "located: otherwise the km figures are unknown, not zero.",
    )
    has_impact_co2 = fields.Boolean(
        string="CO2 known",
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Set when the km are known and the product has a weight.",
    )
    has_impact_days = fields.Boolean(
        string="Days known",
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="Set once the job is delivered.",
    )
    is_impact_frozen = fields.Boolean(
        string="Impact frozen",
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="The figures were fixed at delivery: later Settings do not "
        "change them.",
    )
    impact_snapshot = fields.Json(
        readonly=True,
        copy=False,
        groups=PLANNER_GROUP,
        help="The Settings and places the frozen figures were computed from.",
    )

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        jobs._dmfg_update_impact()
        return jobs

    def write(self, vals):
        res = super().write(vals)
        if IMPACT_TRIGGERS & set(vals):
            self._dmfg_update_impact()
        return res

    # ------------------------------------------------------------ figures

    @api.model
    def _dmfg_impact_factors(self):
        """The emission factors and central lead time of the Settings."""
        inputs = self.env["dmfg.input"]
        label = self.env._

        def number(key, default, **bounds):
            return inputs._dmfg_param_number(
                key, default, label("The setting %(key)s", key=key), **bounds
            )

        return impact_service.ImpactFactors(
            van_factor=number(
                PARAM_VAN_FACTOR,
                impact_service.DEFAULT_VAN_FACTOR,
                minimum=0,
                maximum=impact_service.MAX_FACTOR,
            ),
            freight_factor=number(
                PARAM_FREIGHT_FACTOR,
                impact_service.DEFAULT_FREIGHT_FACTOR,
                minimum=0,
                maximum=impact_service.MAX_FACTOR,
            ),
            baseline_production_days=number(
                PARAM_PRODUCTION_DAYS,
                impact_service.DEFAULT_BASELINE_PRODUCTION_DAYS,
                integer=True,
                minimum=0,
                maximum=impact_service.MAX_DAYS,
            ),
            baseline_shipping_days=number(
                PARAM_SHIPPING_DAYS,
                impact_service.DEFAULT_BASELINE_SHIPPING_DAYS,
                integer=True,
                minimum=0,
                maximum=impact_service.MAX_DAYS,
            ),
        )

    @api.model
    def _dmfg_central_partner(self, company):
        """The central site: the partner set in Settings, else the address
        of the company's main warehouse, else the company's own."""
        value = self.env["ir.config_parameter"]._dmfg_get_param(PARAM_CENTRAL_PARTNER)
        partner = self.env["res.partner"]
        if value and str(value).isdigit():
            partner = partner.browse(int(value)).exists()
        if partner:
            return partner
        # sudo: only the warehouse's address comes out, for any reader of
        # the figures (planners without Inventory rights).
        warehouse = (
            self.env["stock.warehouse"]
            .sudo()
            .search([("company_id", "=", company.id)], order="sequence, id", limit=1)
        )
        return warehouse.partner_id or company.partner_id

    def _dmfg_impact_customer_point(self):
        """The customer's point, as the map shows it."""
        self.ensure_one()
        partner = self.partner_shipping_id
        if partner.partner_latitude or partner.partner_longitude:
            return partner.partner_latitude, partner.partner_longitude
        return self.customer_latitude, self.customer_longitude

    def _dmfg_weight_kg(self, weight_uom=None):
        """Total weight of the job's goods in kg, None when the product has
        none (product weights are in the unit of the Inventory settings,
        kg or lb)."""
        self.ensure_one()
        product = self.product_id
        if not product.weight:
            return None
        qty = self.product_qty
        if self.product_uom_id and self.product_uom_id != product.uom_id:
            qty = self.product_uom_id._compute_quantity(
                qty, product.uom_id, round=False
            )
        weight = product.weight * qty
        kg = self.env.ref("uom.product_uom_kgm")
        weight_uom = (
            weight_uom
            or self.env[
                "product.template"
            ]._get_weight_uom_id_from_ir_config_parameter()
        )
        if weight_uom and weight_uom != kg:
            weight = weight_uom._compute_quantity(weight, kg, round=False)
        return weight

    def _dmfg_confirmation_date(self):
        """When the customer's order was confirmed (the first offer for a
        job without order)."""
        self.ensure_one()
        moment = self.sale_order_id.date_order or self.date_offered
        return fields.Date.to_date(moment) if moment else None

    def _dmfg_compute_impact(self, factors, central, weight_uom=None):
        """The job's :class:`services.impact.JobImpact`."""
        self.ensure_one()
        producer = self.producer_id
        return impact_service.compute_impact(
            producer=(producer.latitude, producer.longitude) if producer else None,
            customer=self._dmfg_impact_customer_point(),
            central=(central.partner_latitude, central.partner_longitude)
            if central
            else None,
            weight_kg=self._dmfg_weight_kg(weight_uom),
            factors=factors,
            date_confirmed=self._dmfg_confirmation_date(),
            date_delivered=self.date_shipped if self.state == "done" else None,
        )

    @api.model
    def _dmfg_impact_values(self, figures):
        """Field values of a :class:`services.impact.JobImpact`."""
        values = {
            field: getattr(figures, attribute) or 0
            for field, attribute in IMPACT_FIELDS.items()
        }
        for flag, attribute in KNOWN_FLAGS.items():
            values[flag] = getattr(figures, attribute) is not None
        return values

    def _dmfg_update_impact(self):
        """Write the figures of the jobs not frozen yet; freeze the
        delivered ones with a snapshot of what they came from."""
        # sudo: the figures follow a write that passed its own checks (a
        # producer shipping writes them on its job too); they are read by
        # planners only.
        jobs = self.sudo().filtered(lambda j: not j.is_impact_frozen)
        if not jobs:
            return
        factors = jobs._dmfg_impact_factors()
        weight_uom = self.env[
            "product.template"
        ]._get_weight_uom_id_from_ir_config_parameter()
        centrals = {}
        for job in jobs:
            company = job.company_id
            if company not in centrals:
                centrals[company] = jobs._dmfg_central_partner(company)
            central = centrals[company]
            figures = job._dmfg_compute_impact(factors, central, weight_uom)
            values = self._dmfg_impact_values(figures)
            if job.state == "done":
                values["is_impact_frozen"] = True
                values["impact_snapshot"] = {
                    "factors": factors.as_dict(),
                    "central": {
                        "id": central.id,
                        "name": central.display_name,
                        "latitude": central.partner_latitude,
                        "longitude": central.partner_longitude,
                    },
                    "figures": figures.as_dict(),
                    "frozen_on": fields.Date.to_string(fields.Date.context_today(job)),
                }
            changed = {key: value for key, value in values.items() if job[key] != value}
            if changed:
                # None of the triggers is in it: no recursion.
                job.write(changed)

    @api.model
    def _dmfg_refresh_open_impact(self):
        """Recompute the figures of the jobs not delivered (after the
        Settings changed, saved by an administrator); delivered ones keep
        theirs."""
        self.search(
            [("is_impact_frozen", "=", False), ("state", "!=", "cancel")]
        )._dmfg_update_impact()

    # ------------------------------------------------------------- totals

    @api.model
    def impact_totals(self, date_from, date_to):
        """The network's local impact over delivered jobs, for export.

        ``date_from``, ``date_to``: ``YYYY-MM-DD``, the delivery dates
        included (at most ten years apart). Returns plain data: ``jobs``
        (delivered), ``km_saved``, ``co2_saved_kg``, ``days_saved`` (sums of
        the known figures), ``jobs_km_known``, ``jobs_co2_known``,
        ``jobs_days_known`` and ``months``: the same per month of delivery
        (``month``: ``YYYY-MM``). Planners only; one grouped query.
        """
        if not self.env.user.has_group(PLANNER_GROUP):
            raise AccessError(
                self.env._("Only the network's planners may read its impact.")
            )
        inputs = self.env["dmfg.input"]
        start = inputs._dmfg_date(date_from, self.env._("The first day"))
        end = inputs._dmfg_date(date_to, self.env._("The last day"), minimum=start)
        if (end - start).days > impact_service.MAX_DAYS:
            raise UserError(
                self.env._(
                    "Ask for at most %(days)s days at a time.",
                    days=impact_service.MAX_DAYS,
                )
            )
        groups = self._dmfg_impact_groups(
            [("date_shipped", ">=", start), ("date_shipped", "<=", end)],
            ["date_shipped:month"],
        )
        months = []
        for row in groups:
            month = row.pop("date_shipped:month")
            months.append({"month": month.strftime("%Y-%m"), **row})
        result = self._dmfg_sum_rows(months)
        result.update(
            {
                "date_from": fields.Date.to_string(start),
                "date_to": fields.Date.to_string(end),
                "months": months,
            }
        )
        return result

    @api.model
    def _dmfg_impact_groups(self, domain, groupby):
        """Known figures of delivered jobs grouped by ``groupby``, in one
        grouped query: a list of dicts with the group keys, ``jobs`` and
        the sums and counts of :func:`services.impact.totals`."""
        # Unknown figures are stored as 0, so a plain sum is that of the
        # known ones; their flags, aggregated, count the known ones.
        aggregates = ["__count", "impact_km_saved:sum"]
        aggregates += ["impact_co2_saved_kg:sum", "impact_days_saved:sum"]
        aggregates += [
            "has_impact_km:array_agg",
            "has_impact_co2:array_agg",
            "has_impact_days:array_agg",
        ]
        rows = []
        for group in self._read_group(
            [("state", "=", "done"), *domain],
            groupby,
            aggregates,
            order=", ".join(groupby) or None,
        ):
            keys, values = group[: len(groupby)], group[len(groupby) :]
            count, km, co2, days, km_known, co2_known, days_known = values
            row = dict(zip(groupby, keys, strict=True))
            row.update(
                {
                    "jobs": count,
                    "km_saved": round(km or 0.0, 1),
                    "co2_saved_kg": round(co2 or 0.0, 3),
                    "days_saved": days or 0,
                    "jobs_km_known": sum(1 for flag in km_known if flag),
                    "jobs_co2_known": sum(1 for flag in co2_known if flag),
                    "jobs_days_known": sum(1 for flag in days_known if flag),
                }
            )
            rows.append(row)
        return rows

    @api.model
    def _dmfg_sum_rows(self, rows):
        keys = (
            "jobs",
            "km_saved",
            "co2_saved_kg",
            "days_saved",
            "jobs_km_known",
            "jobs_co2_known",
            "jobs_days_known",
        )
        result = {key: sum(row[key] for row in rows) for key in keys}
        result["km_saved"] = round(result["km_saved"], 1)
        result["co2_saved_kg"] = round(result["co2_saved_kg"], 3)
        return result
