/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_background_wave_tour", {
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
            content: "Dispatch them in the background",
            trigger: ".modal footer button[name='action_dispatch_background']",
            run: "click",
        },
        {
            content: "The run opens, queued, and says it goes on by itself",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Queued')",
        },
        {
            content: "while the page keeps reading its progress",
            trigger: ".o_form_view .o_dmfg_run_autorefresh:contains('background')",
        },
        {
            content: "Its name says how many jobs",
            trigger: ".o_form_view .oe_title:contains('Wave of 2 jobs')",
        },
    ],
});

registry.category("web_tour.tours").add("dmfg_background_run_done_tour", {
    steps: () => [
        {
            content: "The run is done",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "with its result",
            trigger: ".o_form_view div[name='result_summary']:contains('2 jobs assigned')",
        },
        {
            content: "and a full progress bar",
            trigger: ".o_form_view div[name='progress']:contains('100')",
        },
    ],
});
