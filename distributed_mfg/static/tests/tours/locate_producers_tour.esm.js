/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_locate_producers_tour", {
    url: "/odoo/action-distributed_mfg.dmfg_producer_action",
    steps: () => [
        {
            content: "Switch to the list of producers",
            trigger: "button.o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Select Tour Taller Girona",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Taller Girona') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select Tour Taller Vic",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Taller Vic') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select Tour Taller Xyzzy",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Taller Xyzzy') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Three producers selected",
            trigger: ".o_list_selection_box:contains('3')",
        },
        {
            content: "Open the Actions menu",
            trigger: ".o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            content: "Run Locate producers",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Locate producers')",
            run: "click",
        },
        {
            content: "One producer per step, to see the steps chain",
            trigger: ".modal div[name='chunk_size'] input",
            run: "edit 1",
        },
        {
            content: "Start",
            trigger:
                ".modal footer button[name='action_locate_next']:contains('Locate')",
            run: "click",
        },
        {
            content: "The steps run by themselves up to 3 / 3 and a summary",
            trigger:
                ".modal:has(div[name='progress_label']:contains('3 / 3'))" +
                ":has(div[name='failed_count']:contains('1'))" +
                ":has(footer button:contains('Close'))",
            timeout: 30000,
        },
        {
            content: "The failure is named",
            trigger: ".modal div[name='problem_summary']:contains('Tour Taller Xyzzy')",
        },
        {
            content: "Close the summary",
            trigger: ".modal footer button.btn-primary:contains('Close')",
            run: "click",
        },
        {
            content: "Back on the list",
            trigger: "body:not(:has(.modal)) .o_list_view",
        },
    ],
});
