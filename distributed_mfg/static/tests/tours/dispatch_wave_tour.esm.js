/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_dispatch_wave_tour", {
    url: "/odoo/action-distributed_mfg.dmfg_job_action",
    steps: () => [
        {
            content: "Open the Dispatch wave menu",
            trigger: ".o_main_navbar button:contains('Operations')",
            run: "click",
        },
        {
            content: "Dispatch wave",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Dispatch wave')",
            run: "click",
        },
        {
            content: "Two jobs wait for dispatch",
            trigger: ".modal div[name='waiting_count']:contains('2')",
        },
        {
            content: "Plan the wave",
            trigger: ".modal footer button[name='action_plan']",
            run: "click",
        },
        {
            content: "The plan sends the Sabadell customer's job to Sabadell",
            trigger:
                ".modal .o_dmfg_wave_assignments tr:contains('Taller Sabadell')",
        },
        {
            content: "and compares it with one-by-one routing",
            trigger: ".modal .o_dmfg_wave_totals th:contains('One by one')",
        },
        {
            content: "Apply",
            trigger: ".modal footer button[name='action_dispatch']:contains('Apply')",
            run: "click",
        },
        {
            content: "Dispatched",
            trigger: ".modal .alert-success:contains('dispatched')",
        },
        {
            content: "Open the jobs",
            trigger: ".modal footer button[name='action_open_jobs']",
            run: "click",
        },
        {
            content: "Both jobs are offered to their producers",
            trigger: ".o_kanban_view, .o_list_view",
        },
    ],
});
