/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_design_library_tour", {
    url: "/odoo/action-distributed_mfg.dmfg_design_action",
    steps: () => [
        {
            content: "The design kanban shows the bracket with its thumbnail",
            trigger: ".o_kanban_record:contains('Modular shelf bracket') img",
        },
        {
            content: "The non-commercial lamp is flagged on its card",
            trigger:
                ".o_kanban_record:contains('Plywood lamp shade') " +
                ".badge:contains('Non-commercial')",
        },
        {
            content: "Open the bracket",
            trigger: ".o_kanban_record:contains('Modular shelf bracket')",
            run: "click",
        },
        {
            content: "Its revisions are listed, B released",
            trigger:
                ".o_field_widget[name='revision_ids'] " +
                ".o_data_row:contains('Legs 4 to 5 mm'):contains('Released')",
        },
        {
            content: "Open revision B",
            trigger:
                ".o_field_widget[name='revision_ids'] " +
                ".o_data_row:contains('Legs 4 to 5 mm') td.o_data_cell",
            run: "click",
        },
        {
            content: "Revision B shows its STL and PDF files",
            trigger:
                ".modal .o_field_widget[name='file_ids'] " +
                ".o_data_row:contains('shelf_bracket_rev_b.pdf')",
        },
        {
            content: "Close the revision",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Open the sharing tab",
            trigger: ".o_notebook .nav-link:contains('Sharing')",
            run: "click",
        },
        {
            content: "Qualified producers are listed",
            trigger:
                ".o_field_widget[name='allowed_producer_ids'] " +
                ".o_data_row:contains('Taller Maker Poblenou')",
        },
        {
            content: "Open the producers smart button",
            trigger: "button[name='action_view_allowed_producers']",
            run: "click",
        },
        {
            content: "The producers allowed to make the bracket are listed",
            trigger: ".o_list_view .o_data_row:contains('Taller Maker Poblenou')",
        },
    ],
});
