/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_impact_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Distributed Manufacturing app",
            trigger: ".o_app[data-menu-xmlid='distributed_mfg.dmfg_root_menu']",
            run: "click",
        },
        {
            content: "The app opens on its dashboard: open jobs and savings",
            trigger:
                ".o_form_view.o_dmfg_dashboard .o_field_widget[name='year_km_saved']",
        },
        {
            content: "The demo's offered jobs are counted",
            trigger: ".o_dmfg_dashboard .o_field_widget[name='offered_count'] span",
            run: () => {
                const text = document.querySelector(
                    ".o_dmfg_dashboard .o_field_widget[name='offered_count'] span"
                ).textContent.trim();
                if (!text || text === "0") {
                    throw new Error(`No offered job counted: "${text}"`);
                }
            },
        },
        {
            content: "Load against capacity and the on-time rate are shown",
            trigger:
                ".o_dmfg_dashboard .o_field_widget[name='load_percent'] .o_progressbar",
        },
        {
            content: "Open the local impact by month",
            trigger: "button[name='action_open_impact_report']",
            run: "click",
        },
        {
            content: "The pivot shows the km saved per month of delivery",
            trigger: ".o_pivot .o_pivot_header_cell_closed, .o_pivot th:contains('Km saved')",
        },
        {
            content: "Open the row total to drill into producers",
            trigger: ".o_pivot tbody tr:first-child th.o_pivot_header_cell_opened",
            run: "click",
        },
        {
            content: "Collapsed: click it again for the groupings",
            trigger: ".o_pivot tbody tr:first-child th.o_pivot_header_cell_closed",
            run: "click",
        },
        {
            content: "Group the rows by producer",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Producer')",
            run: "click",
        },
        {
            content: "A producer of the demo network has a row",
            trigger: ".o_pivot tbody th:contains('Girona')",
        },
    ],
});
