# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service answers in the user's language.

The pure ``services/`` package speaks in stable codes with their values
(``Reason.code`` and ``Reason.params``) and keeps an English message for
logs and unit tests. Users read the sentences worded here, through Odoo's
translations, in the language of whoever reads them.
"""

from odoo import api, fields, models
from odoo.tools import formatLang

from ..services import routing, supply, vendor


class DmfgMessage(models.AbstractModel):
    _name = "dmfg.message"
    _description = "Distributed manufacturing messages"

    @api.model
    def _dmfg_reason_labels(self):
        """Short label of each routing exclusion code (filters, reports)."""
        _ = self.env._
        return {
            routing.REASON_INACTIVE: _("Producer not active"),
            routing.REASON_TRIAL_LIMIT: _("Trial producer at its job limit"),
            routing.REASON_JOB_LIMIT: _("Producer at its job limit"),
            routing.REASON_DESIGN: _("May not make the design"),
            routing.REASON_LICENCE: _("Licence forbids commercial use"),
            routing.REASON_PROCESS: _("Missing process"),
            routing.REASON_MATERIAL: _("Missing material"),
            routing.REASON_NO_LOCATION: _("Producer not located"),
            routing.REASON_RADIUS: _("Outside the producer's service radius"),
            routing.REASON_MAX_DISTANCE: _("Beyond the maximum routing distance"),
            routing.REASON_NO_PRICE: _("No purchase price"),
            routing.REASON_CAPACITY: _("Not enough free capacity"),
            routing.REASON_BLACKOUT: _("Blackout days"),
            routing.REASON_LATE: _("Cannot be ready by the due date"),
        }

    @api.model
    def _dmfg_date(self, value):
        """An ISO date of a service answer in the user's date format."""
        if not value:
            return self.env._("an unknown date")
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return fields.Date.to_date(value).strftime(lang.date_format)

    @api.model
    def _dmfg_num(self, value, digits=1):
        """A number of a service answer as the user's language writes it."""
        if value is None or value is False:
            return "?"
        return formatLang(self.env, value, digits=digits)

    @api.model
    def _dmfg_qty(self, value):
        """A quantity without trailing zeros (2, 0.5, 12.25)."""
        return f"{value:g}"

    @api.model
    def _dmfg_reason_text(self, reason):
        """The sentence of one routing reason (``Reason.to_dict()``)."""
        code = reason.get("code")
        p = reason.get("params") or {}
        _ = self.env._
        if code == routing.REASON_INACTIVE:
            states = dict(
                self.env["dmfg.producer"]
                ._fields["state"]
                ._description_selection(self.env)
            )
            return _(
                "The producer is %(state)s: only active producers, or trial "
                "producers under their job limit, receive jobs.",
                state=states.get(p.get("state"), p.get("state")),
            )
        if code == routing.REASON_TRIAL_LIMIT:
            return _(
                "Trial producer with %(open)s open job(s): its limit is %(limit)s.",
                open=p.get("open_jobs"),
                limit=p.get("limit"),
            )
        if code == routing.REASON_JOB_LIMIT:
            return _(
                "The producer has %(open)s open job(s): its limit is %(limit)s.",
                open=p.get("open_jobs"),
                limit=p.get("limit"),
            )
        if code == routing.REASON_DESIGN:
            return _("The design's sharing scope excludes this producer.")
        if code == routing.REASON_LICENCE:
            return _(
                "The design's licence forbids commercial use for this producer, "
                "and the order is commercial."
            )
        if code == routing.REASON_PROCESS:
            return _("Missing processes: %(names)s.", names=p.get("names"))
        if code == routing.REASON_MATERIAL:
            return _("Missing materials: %(names)s.", names=p.get("names"))
        if code == routing.REASON_NO_LOCATION:
            return _("The producer has no coordinates.")
        if code == routing.REASON_RADIUS:
            return _(
                "The customer is %(distance)s km away, outside the producer's "
                "%(radius)s km service radius.",
                distance=self._dmfg_num(p.get("distance_km")),
                radius=self._dmfg_num(p.get("radius_km")),
            )
        if code == routing.REASON_MAX_DISTANCE:
            return _(
                "The customer is %(distance)s km away, beyond the network maximum "
                "of %(max)s km.",
                distance=self._dmfg_num(p.get("distance_km")),
                max=self._dmfg_num(p.get("max_km")),
            )
        if code == routing.REASON_NO_PRICE:
            if p.get("note"):
                # Worded by the routing adapter, which knows the price lines.
                return p["note"]
            return _(
                "No valid purchase price (vendor pricelist) of the producer for "
                "this product and quantity."
            )
        if code == routing.REASON_CAPACITY:
            return _(
                "Needs %(hours)s h before %(due)s but only %(free)s h are free.",
                hours=self._dmfg_num(p.get("hours")),
                due=self._dmfg_date(p.get("due_date")),
                free=self._dmfg_num(p.get("free_hours")),
            )
        if code == routing.REASON_BLACKOUT:
            return _(
                "Blackout days push the ready date to %(ready)s, after the due "
                "date %(due)s.",
                ready=self._dmfg_date(p.get("ready_date")),
                due=self._dmfg_date(p.get("due_date")),
            )
        if code == routing.REASON_LATE:
            return _(
                "Queue (%(queue)s h) and production (%(hours)s h) at %(per_day)s "
                "h/day push the ready date to %(ready)s, after the due date "
                "%(due)s.",
                queue=self._dmfg_num(p.get("queue_hours")),
                hours=self._dmfg_num(p.get("hours")),
                per_day=self._dmfg_num(p.get("hours_per_day")),
                ready=self._dmfg_date(p.get("ready_date")),
                due=self._dmfg_date(p.get("due_date")),
            )
        return reason.get("message") or code or ""

    @api.model
    def _dmfg_excluded_text(self, entry):
        """Every reason an excluded producer (``Excluded.to_dict()``) fails."""
        reasons = entry.get("reasons") or [
            {"code": entry.get("reason_code"), "message": entry.get("message")}
        ]
        return " ".join(self._dmfg_reason_text(reason) for reason in reasons)

    @api.model
    def _dmfg_scored_text(self, entry):
        """One ranked producer (``Scored.to_dict()``) in a line."""
        return self.env._(
            "%(producer)s: %(distance)s km, ready %(ready)s, score %(score)s",
            producer=entry.get("producer_name"),
            distance=self._dmfg_num(entry.get("distance_km") or 0.0),
            ready=self._dmfg_date(entry.get("ready_date")),
            score=self._dmfg_num(entry.get("total_score") or 0.0, digits=3),
        )

    @api.model
    def _dmfg_routing_summary(self, data):
        """One line for the chatter: choice and runner-up, or why none."""
        if not data:
            return ""
        chosen = data.get("chosen")
        if not chosen:
            excluded = data.get("excluded") or []
            labels = self._dmfg_reason_labels()
            codes = sorted({entry.get("reason_code") for entry in excluded})
            return self.env._(
                "No producer available (%(count)s excluded: %(reasons)s).",
                count=len(excluded),
                reasons=", ".join(labels.get(code, code) for code in codes)
                or self.env._("no candidates"),
            )
        text = self.env._(
            "Routed to %(choice)s.", choice=self._dmfg_scored_text(chosen)
        )
        if data.get("runner_up"):
            text += " " + self.env._(
                "Runner-up: %(choice)s.",
                choice=self._dmfg_scored_text(data["runner_up"]),
            )
        return text

    @api.model
    def _dmfg_word_result(self, data):
        """A routing result (``RoutingResult.to_dict()``) with its sentences
        in the user's language, for callers over RPC."""
        data["summary"] = self._dmfg_routing_summary(data)
        for entry in data.get("excluded") or []:
            for reason in entry.get("reasons") or []:
                reason["message"] = self._dmfg_reason_text(reason)
            entry["message"] = self._dmfg_excluded_text(entry)
        for key in ("chosen", "runner_up"):
            if data.get(key):
                data[key]["summary"] = self._dmfg_scored_text(data[key])
        for entry in data.get("ranked") or []:
            entry["summary"] = self._dmfg_scored_text(entry)
        return data

    @api.model
    def _dmfg_vendor_text(self, ranked):
        """Why a vendor (``services.vendor.RankedVendor``) got its rank."""
        _ = self.env._
        code, offer, dist = ranked.reason_code, ranked.offer, ranked.distance_km
        if code == vendor.REASON_PRODUCER_NO_LOCATION:
            return _(
                "The producer has no coordinates: vendors ranked by price, then "
                "delay."
            )
        if code == vendor.REASON_NO_LOCATION:
            return _(
                "The vendor has no coordinates: ranked after every located vendor, "
                "by price, then delay."
            )
        if code == vendor.REASON_BELOW_MIN_QTY:
            return _(
                "%(km)s km away, but its minimum quantity %(min)s exceeds the "
                "need: ranked after vendors that sell that quantity.",
                km=self._dmfg_num(dist),
                min=self._dmfg_qty(offer.min_qty),
            )
        if code == vendor.REASON_NEAREST:
            return _(
                "Nearest vendor: %(km)s km from the producer.", km=self._dmfg_num(dist)
            )
        return _("%(km)s km from the producer.", km=self._dmfg_num(dist))

    @api.model
    def _dmfg_supply_line_text(self, line):
        """Where one component (``services.supply.SupplyLine``) comes from."""
        _ = self.env._
        need = line.need
        uom = need.uom or ""
        if line.source == supply.SOURCE_PRODUCER:
            return _(
                "%(component)s: %(qty)s %(uom)s held at the producer.",
                component=need.label,
                qty=self._dmfg_qty(need.qty_needed),
                uom=uom,
            )
        missing = _(
            "%(component)s: %(qty)s %(uom)s missing at the producer",
            component=need.label,
            qty=self._dmfg_qty(need.qty_needed - line.qty_from_producer),
            uom=uom,
        )
        central = self._dmfg_qty(max(need.central_free, 0.0))
        if line.source == supply.SOURCE_UNMANAGED:
            return _(
                "%(missing)s; not managed by the network (no supply mode): the "
                "producer provides it.",
                missing=missing,
            )
        if line.source == supply.SOURCE_BUY:
            return _(
                "%(missing)s, bought from the vendor nearest to the producer.",
                missing=missing,
            )
        if line.source == supply.SOURCE_CENTRAL:
            if need.mode == supply.MODE_BUY:
                return _(
                    "%(missing)s, resupplied from the central warehouse: no vendor "
                    "sells it.",
                    missing=missing,
                )
            if need.central_free + 0.0001 < line.qty_to_supply:
                return _(
                    "%(missing)s, resupplied from the central warehouse (it holds "
                    "%(central)s %(uom)s: the transfer waits for its "
                    "replenishment).",
                    missing=missing,
                    central=central,
                    uom=uom,
                )
            return _(
                "%(missing)s, resupplied from the central warehouse.", missing=missing
            )
        return _(
            "%(missing)s: no vendor sells it and the central warehouse holds only "
            "%(central)s %(uom)s.",
            missing=missing,
            central=central,
            uom=uom,
        )
