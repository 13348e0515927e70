# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producers in and out as Open Know-Where facilities (issue #17).

The reading, checking and matching live in ``services/okw.py``; this file
gathers the network's data in a few queries, writes the result in batches
and exports producers with their live capacity.
"""

from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import html2plaintext

from ..services import okw, standards

# Days of free capacity exported in the OKW extension field.
EXPORT_CAPACITY_DAYS = 14
# Context of the batch writes: no chatter message per created producer.
QUIET = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "tracking_disable": True,
}


class DmfgProducer(models.Model):
    _inherit = "dmfg.producer"

    okw_identifier = fields.Char(
        string="OKW identifier",
        index="btree_not_null",
        copy=False,
        help="Identifier of the facility in the Open Know-Where directory it "
        "was imported from; a new import of the same facility updates this "
        "producer.",
    )
    opening_hours = fields.Char(
        help="When the facility is open, as its Open Know-Where entry says.",
    )

    # ------------------------------------------------------------ import

    @api.model
    def import_okw(self, content, filename=False, dry_run=False):
        """Import producers from an Open Know-Where file (YAML or JSON).

        New facilities become candidate producers; a facility already in
        the network (same OKW identifier, else same name and place) updates
        its producer. Returns ``{"created": [...], "updated": [...],
        "skipped": [...], "warnings": [...], "errors": [...], "dry_run":
        bool}`` where each created/updated/skipped entry is ``{"id", "name",
        "line", "reasons"}`` and each error or warning ``{"field", "line",
        "code", "message"}``. An invalid file raises a ValidationError
        naming the field and line and writes nothing; with ``dry_run`` it is
        reported in ``errors`` instead, and nothing is ever written.
        """
        standard = self.env["dmfg.open.standard"]
        standard._dmfg_check_manager()
        self.check_access("create")
        content = standard._dmfg_check_content(content)
        filename = standard._dmfg_check_filename(filename)
        try:
            facilities = okw.parse_facilities(content, filename or "")
        except standards.FormatError as error:
            if dry_run:
                return self._dmfg_okw_summary([], error.problems, dry_run)
            standard._dmfg_raise_invalid(error, filename)
        plan = self._dmfg_okw_plan(facilities)
        if not dry_run:
            self._dmfg_okw_apply(plan)
        return self._dmfg_okw_summary(plan, [], dry_run)

    @api.model
    def _dmfg_okw_plan(self, facilities):
        company = self.env.company
        existing = self.search_fetch(
            [("company_id", "=", company.id)],
            ["okw_identifier", "name", "latitude", "longitude"],
        )
        countries = self._dmfg_okw_countries({f["country"] for f in facilities})
        materials = self.env["dmfg.material"].search_fetch([], ["name", "code"])
        material_map = {}
        for material in materials:
            material_map[standards.normalize_term(material.code)] = material.id
            material_map[standards.normalize_term(material.name)] = material.id
        plan = okw.plan_import(
            facilities,
            [
                okw.ExistingProducer(
                    p.id, p.okw_identifier or "", p.name or "", p.latitude, p.longitude
                )
                for p in existing
            ],
            self.env["dmfg.process.term"]._dmfg_get_process_map("okw"),
            material_map,
            {text: country.code for text, country in countries.items()},
        )
        for entry in plan:
            entry["country"] = countries.get(entry["facility"]["country"])
        self._dmfg_okw_states(plan)
        return plan

    @api.model
    def _dmfg_okw_states(self, plan):
        """Set each entry's ``state`` (res.country.state of its region, by
        name or code within its country), in one query."""
        countries = {e["country"].id for e in plan if e["country"]}
        states = self.env["res.country.state"].search_fetch(
            [("country_id", "in", list(countries))], ["name", "code", "country_id"]
        )
        by_key = {}
        for state in states:
            for text in (state.name, state.code):
                by_key[(state.country_id.id, standards.normalize_term(text))] = state
        for entry in plan:
            region = standards.normalize_term(entry["facility"]["region"])
            country = entry["country"]
            entry["state"] = (
                by_key.get((country.id, region)) if country and region else None
            )

    @api.model
    def _dmfg_okw_countries(self, texts):
        """``{text: res.country}`` for ISO codes or names, in one query."""
        texts = {text for text in texts if text}
        if not texts:
            return {}
        countries = self.env["res.country"].search_fetch([], ["code", "name"])
        by_key = {}
        for country in countries:
            by_key[country.code.lower()] = country
            by_key[standards.normalize_term(country.name)] = country
        result = {}
        for text in texts:
            country = by_key.get(text.lower()) or by_key.get(
                standards.normalize_term(text)
            )
            if country:
                result[text] = country
        return result

    @api.model
    def _prepare_okw_partner_values(self, entry):
        facility = entry["facility"]
        values = {
            "name": facility["name"],
            "is_company": True,
            "street": facility["street"] or False,
            "street2": facility["district"] or False,
            "city": facility["city"] or False,
            "zip": facility["zip"] or False,
            "country_id": entry["country"].id if entry["country"] else False,
            "state_id": entry["state"].id if entry["state"] else False,
            "email": facility["email"] or False,
            "phone": facility["phone"] or False,
            "website": facility["website"] or False,
            "comment": facility["description"] or False,
        }
        if facility["latitude"] is not None:
            values["partner_latitude"] = facility["latitude"]
            values["partner_longitude"] = facility["longitude"]
        return values

    @api.model
    def _prepare_okw_producer_values(self, entry):
        facility = entry["facility"]
        values = {
            "process_ids": [Command.link(pid) for pid in entry["process_ids"]],
            "material_ids": [Command.link(mid) for mid in entry["material_ids"]],
        }
        if facility["identifier"]:
            values["okw_identifier"] = facility["identifier"]
        if facility["opening_hours"]:
            values["opening_hours"] = facility["opening_hours"]
        capacity = facility["capacity"]
        if "hours_per_day" in capacity:
            values["capacity_hours_per_day"] = capacity["hours_per_day"]
        if "lead_time_days" in capacity:
            values["lead_time_days"] = round(capacity["lead_time_days"])
        return values

    @api.model
    def _dmfg_okw_apply(self, plan):
        """Write the plan: creations in batches, then one write per update."""
        quiet = self.with_context(**QUIET)
        creates = [e for e in plan if e["action"] == okw.ACTION_CREATE]
        partners = (
            self.env["res.partner"]
            .with_context(**QUIET)
            .create([self._prepare_okw_partner_values(e) for e in creates])
        )
        vals_list = []
        for entry, partner in zip(creates, partners, strict=True):
            values = self._prepare_okw_producer_values(entry)
            values.update(
                {
                    "partner_id": partner.id,
                    "state": "candidate",
                    "equipment_ids": [
                        Command.create(self._prepare_okw_equipment_values(m))
                        for m in entry["equipment"]
                    ],
                }
            )
            vals_list.append(values)
        producers = quiet.create(vals_list)
        for entry, producer in zip(creates, producers, strict=True):
            entry["producer_id"] = producer.id
        updates = [e for e in plan if e["action"] == okw.ACTION_UPDATE]
        existing = quiet.browse([e["producer_id"] for e in updates])
        # Read what an update compares in a few queries, then write only
        # what changed (a re-import of an unchanged file writes nothing).
        existing.fetch(["partner_id", "equipment_ids", "process_ids", "material_ids"])
        existing.partner_id.fetch(list(self._prepare_okw_partner_values(plan[0])))
        existing.equipment_ids.fetch(["name"])
        for entry in updates:
            producer = existing.browse(entry["producer_id"])
            partner_values = self._dmfg_changed_values(
                producer.partner_id, self._prepare_okw_partner_values(entry)
            )
            if partner_values:
                producer.partner_id.write(partner_values)
            values = self._prepare_okw_producer_values(entry)
            values["process_ids"] = [
                Command.link(pid)
                for pid in entry["process_ids"]
                if pid not in producer.process_ids.ids
            ]
            values["material_ids"] = [
                Command.link(mid)
                for mid in entry["material_ids"]
                if mid not in producer.material_ids.ids
            ]
            names = set(producer.equipment_ids.mapped("name"))
            values["equipment_ids"] = [
                Command.create(self._prepare_okw_equipment_values(m))
                for m in entry["equipment"]
                if m["name"] not in names
            ]
            values = self._dmfg_changed_values(producer, values)
            if values:
                producer.write(values)
        return True

    @api.model
    def _dmfg_changed_values(self, record, values):
        """The items of ``values`` that would change ``record`` (x2many
        commands are kept when there are any)."""
        changed = {}
        for name, value in values.items():
            field = record._fields[name]
            current = record[name]
            if field.type in ("one2many", "many2many"):
                if value:
                    changed[name] = value
                continue
            if field.type == "many2one":
                current = current.id
            elif field.type == "html":
                current = html2plaintext(current or "") or False
            elif field.type == "float":
                if value is not False and abs((current or 0.0) - value) < 1e-7:
                    continue
            if (current or False) != (value or False):
                changed[name] = value
        return changed

    @api.model
    def _prepare_okw_equipment_values(self, machine):
        return {
            "name": machine["name"],
            "process_id": machine["process_id"],
            "quantity": machine["quantity"],
        }

    @api.model
    def _dmfg_okw_summary(self, plan, errors, dry_run):
        standard = self.env["dmfg.open.standard"]
        result = {
            "created": [],
            "updated": [],
            "skipped": [],
            "warnings": [],
            "errors": standard._dmfg_problem_values(errors),
            "dry_run": bool(dry_run),
        }
        keys = {
            okw.ACTION_CREATE: "created",
            okw.ACTION_UPDATE: "updated",
            okw.ACTION_SKIP: "skipped",
        }
        for entry in plan:
            facility = entry["facility"]
            reasons = standard._dmfg_problem_values(entry["notes"])
            result[keys[entry["action"]]].append(
                {
                    "id": entry["producer_id"] or False,
                    "name": facility["name"],
                    "line": facility["line"],
                    "reasons": [reason["message"] for reason in reasons],
                }
            )
            if entry["action"] != okw.ACTION_SKIP:
                result["warnings"] += reasons
        return result

    # ------------------------------------------------------------ export

    def export_okw(self, fmt="yaml"):
        """The producers as an Open Know-Where file (text, YAML or JSON).

        Each facility carries the network's live capacity in the extension
        field ``x-dmfg-capacity``: production hours per day, free hours in
        the next 14 days and lead time in days.
        """
        self.env["dmfg.open.standard"]._dmfg_check_manager()
        self.check_access("read")
        if fmt not in ("yaml", "json"):
            fmt = "yaml"
        return okw.dump([values for values in self._prepare_okw_values()], fmt)

    def _prepare_okw_values(self):
        today = fields.Date.context_today(self)
        free = self._get_free_capacity(
            today, today + timedelta(days=EXPORT_CAPACITY_DAYS - 1)
        )
        self.fetch(["partner_id", "process_ids", "material_ids", "equipment_ids"])
        result = []
        for producer in self:
            partner = producer.partner_id
            located = producer._dmfg_is_located()
            result.append(
                okw.facility_values(
                    {
                        "identifier": producer.okw_identifier
                        or f"dmfg-producer-{producer.id}",
                        "name": producer.name,
                        "status": "Closed" if producer.state == "closed" else "Active",
                        "street": partner.street or "",
                        "city": partner.city or "",
                        "zip": partner.zip or "",
                        "region": partner.state_id.name or "",
                        "country": partner.country_id.code or "",
                        "latitude": producer.latitude if located else None,
                        "longitude": producer.longitude if located else None,
                        "email": partner.email or "",
                        "phone": partner.phone or "",
                        "website": partner.website or "",
                        "opening_hours": producer.opening_hours or "",
                        "description": html2plaintext(partner.comment or ""),
                        "processes": producer.process_ids.mapped("name"),
                        "materials": producer.material_ids.mapped("name"),
                        "equipment": [
                            {
                                "name": machine.name,
                                "process": machine.process_id.name or "",
                                "quantity": machine.quantity,
                            }
                            for machine in producer.equipment_ids
                        ],
                        "capacity": {
                            "hours_per_day": producer.capacity_hours_per_day,
                            "free_hours_next_14_days": round(
                                free.get(producer.id, 0.0), 2
                            ),
                            "lead_time_days": producer.lead_time_days,
                        },
                    }
                )
            )
        return result

    def action_export_okw(self):
        """Download the selected producers as an Open Know-Where file."""
        text = self.export_okw()
        return self.env["dmfg.open.standard"]._dmfg_download_action(
            text, "okw-facilities.yml", "application/yaml"
        )
