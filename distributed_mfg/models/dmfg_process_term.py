# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from ..services import standards

TERM_STANDARDS = [
    ("any", "Open Know-Where and Open Know-How"),
    ("okw", "Open Know-Where (facilities)"),
    ("okh", "Open Know-How (designs)"),
]


class DmfgProcessTerm(models.Model):
    """A word of the open standards for one of our processes.

    Open Know-Where names processes and equipment by Wikipedia URLs or free
    text; OKH-LOSH by a process class (``tsdc``, e.g. 3DP). Imports map them
    to the network's processes through this table; a term found nowhere is
    reported, never guessed.
    """

    _name = "dmfg.process.term"
    _description = "Open-standard process term"
    _order = "process_id, term, id"

    term = fields.Char(
        required=True,
        help="Process or equipment term as written in Open Know-Where or Open "
        "Know-How files: a word (FDM), a process class (3DP) or a Wikipedia "
        "URL. Case, accents and punctuation are ignored.",
    )
    normalized_term = fields.Char(
        compute="_compute_normalized_term",
        store=True,
        index=True,
        help="The term as imports compare it.",
    )
    process_id = fields.Many2one(
        "dmfg.process",
        string="Process",
        required=True,
        ondelete="cascade",
        index=True,
        help="Our process the term stands for.",
    )
    standard = fields.Selection(
        TERM_STANDARDS,
        required=True,
        default="any",
        help="Files the mapping applies to.",
    )
    active = fields.Boolean(default=True, help="Archive a mapping to stop using it.")

    _sql_constraints = [
        (
            "term_standard_uniq",
            "unique(normalized_term, standard)",
            "A term can map to only one process per standard.",
        ),
    ]

    @api.depends("term")
    def _compute_normalized_term(self):
        for mapping in self:
            mapping.normalized_term = standards.normalize_term(mapping.term)

    @api.model
    def _dmfg_get_process_map(self, standard):
        """``{normalized term: process id}`` for a standard (``okw``/``okh``).

        Our processes' codes and names count as terms (so our own exports
        read back); the mapping table wins over them.
        """
        mapping = {}
        processes = self.env["dmfg.process"].search_fetch([], ["name", "code"])
        for process in processes:
            mapping[standards.normalize_term(process.code)] = process.id
            mapping[standards.normalize_term(process.name)] = process.id
        terms = self.search_fetch(
            [("standard", "in", ("any", standard)), ("process_id.active", "=", True)],
            ["normalized_term", "process_id", "standard"],
            order="standard",
        )
        for term in terms:
            mapping[term.normalized_term] = term.process_id.id
        return mapping
