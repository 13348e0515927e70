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

from ..services import routing, routing_hints, supply, vendor


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
    def _dmfg_design_reason_text(self, params):
        """Why the design's sharing scope excludes a producer."""
        if "not_selected" in (params.get("refusal") or "").split(","):
            return self.env._(
                "The design is shared only with producers chosen by hand on the "
                "design, and this producer is not one of them."
            )
        return self.env._("The design's sharing scope excludes this producer.")

    @api.model
    def _dmfg_missing_text(self, code, names):
        """Missing processes or materials (``code``), named."""
        if code == routing.REASON_PROCESS:
            return self.env._("Missing processes: %(names)s.", names=names)
        return self.env._("Missing materials: %(names)s.", names=names)

    @api.model
    def _dmfg_legacy_reason_text(self, reason):
        """The sentence of a reason stored before reasons carried their
        values (``params``): missing capabilities named in ``detail`` only,
        distances in the English message only. None for other reasons."""
        code = reason.get("code")
        if reason.get("params"):
            return None
        if code in (routing.REASON_PROCESS, routing.REASON_MATERIAL):
            names = ", ".join(map(str, reason.get("detail") or []))
            return self._dmfg_missing_text(code, names)
        if code in (routing.REASON_RADIUS, routing.REASON_MAX_DISTANCE):
            return reason.get("message") or code
        return None

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
            return self._dmfg_design_reason_text(p)
        if code == routing.REASON_LICENCE:
            return _(
                "The design's licence forbids commercial use for this producer, "
                "and the order is commercial."
            )
        legacy = self._dmfg_legacy_reason_text(reason)
        if legacy:
            return legacy
        if code in (routing.REASON_PROCESS, routing.REASON_MATERIAL):
            return self._dmfg_missing_text(code, p.get("names"))
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
    def _dmfg_price(self, value, currency):
        """A unit price with its currency, as the user's language writes it."""
        if value is None or value is False:
            return self.env._("no price")
        return formatLang(self.env, value, currency_obj=currency)

    @api.model
    def _dmfg_breakdown_text(self, entry, currency):
        """Why a ranked producer (``Scored.to_dict()``) scores what it does,
        in plain words with units: each criterion's value, then what it adds
        to the score (lower is better)."""
        _ = self.env._
        crit = entry.get("breakdown") or {}

        def adds(name):
            return self._dmfg_num((crit.get(name) or {}).get("contribution") or 0.0, 3)

        def raw(name):
            return (crit.get(name) or {}).get("raw")

        parts = []
        if "distance" in crit:
            parts.append(
                _(
                    "%(km)s km from the customer (+%(adds)s)",
                    km=self._dmfg_num(raw("distance") or 0.0),
                    adds=adds("distance"),
                )
            )
        if "lead_time" in crit:
            parts.append(
                _(
                    "ready in %(days)s day(s) (+%(adds)s)",
                    days=raw("lead_time") or 0,
                    adds=adds("lead_time"),
                )
            )
        if "price" in crit:
            parts.append(
                _(
                    "%(price)s per unit (+%(adds)s)",
                    price=self._dmfg_price(raw("price"), currency),
                    adds=adds("price"),
                )
            )
        if "performance" in crit:
            parts.append(
                _(
                    "performance %(factor)s, 1.0 being neutral (+%(adds)s)",
                    factor=self._dmfg_num(raw("performance") or 0.0),
                    adds=adds("performance"),
                )
            )
        if "stock" in crit:
            parts.append(
                _(
                    "holds %(share)s%% of the components (+%(adds)s)",
                    share=self._dmfg_num((raw("stock") or 0.0) * 100, 0),
                    adds=adds("stock"),
                )
            )
        return _(
            "%(parts)s: score %(score)s.",
            parts="; ".join(parts),
            score=self._dmfg_num(entry.get("total_score") or 0.0, 3),
        )

    @api.model
    def _dmfg_fix_text(self, fix):
        """One change that would let an excluded producer qualify."""
        _ = self.env._
        code = fix.get("code")
        if code == routing_hints.FIX_CAPABILITY:
            return _("with %(names)s", names=", ".join(fix.get("names") or []))
        if code == routing_hints.FIX_RADIUS:
            return _(
                "with a service radius of at least %(km)s km (now %(radius)s km)",
                km=self._dmfg_num(fix.get("distance_km")),
                radius=self._dmfg_num(fix.get("radius_km")),
            )
        if code == routing_hints.FIX_LATER:
            if fix.get("ready_date"):
                return _(
                    "with a due date on or after %(date)s",
                    date=self._dmfg_date(fix["ready_date"]),
                )
            return _("with a later due date or more free hours")
        if code == routing_hints.FIX_PRICE:
            return _("with a purchase price for this product and quantity")
        return _(
            "with fewer open jobs (limit %(limit)s)", limit=fix.get("limit") or "?"
        )

    @api.model
    def _dmfg_hint_text(self, hint):
        """What would make a job routable (``routing_hints.Hint.to_dict()``)."""
        _ = self.env._
        code = hint.get("code")
        p = hint.get("params") or {}
        if code == routing_hints.HINT_NEAREST_CAPABLE_FAR:
            return _(
                "The nearest producer with every required process and material, "
                "%(producer)s, is %(distance)s km away, beyond the %(max)s km "
                "maximum routing distance (Settings).",
                producer=p.get("producer"),
                distance=self._dmfg_num(p.get("distance_km")),
                max=self._dmfg_num(p.get("max_km")),
            )
        if code == routing_hints.HINT_NONE_CAPABLE:
            return _(
                "No working producer of the network has every process and material "
                "the design needs (%(names)s).",
                names=p.get("names"),
            )
        if code == routing_hints.HINT_PRODUCER_FIXES:
            return _(
                "%(producer)s (%(distance)s km) would qualify %(fixes)s.",
                producer=p.get("producer"),
                distance=self._dmfg_num(p.get("distance_km")),
                fixes=_(" and ").join(
                    self._dmfg_fix_text(fix) for fix in p.get("fixes") or []
                ),
            )
        return hint.get("message") or code or ""

    @api.model
    def _dmfg_other_text(self, group, max_km):
        """Producers of the network that were not candidates, and why
        (``routing_hints.OtherGroup.to_dict()``)."""
        _ = self.env._
        code = group.get("code")
        count = group.get("count")
        nearest = group.get("nearest_name")
        km = group.get("nearest_km")
        if code == routing_hints.OTHER_SKIPPED:
            return _(
                "%(count)s declined the job or hold it now (%(nearest)s).",
                count=count,
                nearest=nearest,
            )
        if code == routing_hints.OTHER_NOT_WORKING:
            return _(
                "%(count)s are neither active nor on trial (nearest: %(nearest)s).",
                count=count,
                nearest=nearest,
            )
        if code == routing_hints.OTHER_NO_LOCATION:
            return _(
                "%(count)s have no coordinates (e.g. %(nearest)s).",
                count=count,
                nearest=nearest,
            )
        if code == routing_hints.OTHER_BEYOND_MAX:
            return _(
                "%(count)s are beyond the %(max)s km maximum routing distance "
                "(nearest: %(nearest)s, %(km)s km).",
                count=count,
                max=self._dmfg_num(max_km),
                nearest=nearest,
                km=self._dmfg_num(km),
            )
        return _(
            "%(count)s are within reach but farther than the producers ranked "
            "(nearest: %(nearest)s, %(km)s km).",
            count=count,
            nearest=nearest,
            km=self._dmfg_num(km),
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
