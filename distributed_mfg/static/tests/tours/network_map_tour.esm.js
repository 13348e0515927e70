/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

// What the map should show, counted by the server independently of the map.
const LOCATED = ["|", ["latitude", "!=", 0], ["longitude", "!=", 0]];
const CUSTOMER_POINT = [
    "|",
    "|",
    "|",
    ["partner_shipping_id.partner_latitude", "!=", 0],
    ["partner_shipping_id.partner_longitude", "!=", 0],
    ["customer_latitude", "!=", 0],
    ["customer_longitude", "!=", 0],
];
const PRODUCER_LOCATED = [
    "|",
    ["producer_id.latitude", "!=", 0],
    ["producer_id.longitude", "!=", 0],
];

async function count(model, domain) {
    return rpc(`/web/dataset/call_kw/${model}/search_count`, {
        model,
        method: "search_count",
        args: [domain],
        kwargs: {},
    });
}

registry.category("web_tour.tours").add("dmfg_network_map_tour", {
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
            content: "Open the Network menu",
            trigger: "[data-menu-xmlid='distributed_mfg.dmfg_network_menu']",
            run: "click",
        },
        {
            content: "Open the map",
            trigger: "[data-menu-xmlid='distributed_mfg.dmfg_network_map_menu']",
            run: "click",
        },
        {
            content: "Producers are drawn (the tiles cannot load here)",
            trigger: ".o_dmfg_network_map .o_dmfg_map_producer",
        },
        {
            content: "One marker per located producer, one line per job at a producer",
            trigger: ".o_dmfg_network_map path.o_dmfg_map_line",
            run: async () => {
                const producers = await count("dmfg.producer", LOCATED);
                const states = ["offered", "accepted", "in_progress", "produced"];
                const lines = await count("dmfg.job", [
                    ["state", "in", states],
                    ...PRODUCER_LOCATED,
                    ...CUSTOMER_POINT,
                ]);
                const unassigned = await count("dmfg.job", [
                    ["state", "=", "unassigned"],
                    ...CUSTOMER_POINT,
                ]);
                const shown = {
                    producers: document.querySelectorAll(".o_dmfg_map_producer")
                        .length,
                    lines: document.querySelectorAll("path.o_dmfg_map_line").length,
                    jobs: document.querySelectorAll("path.o_dmfg_map_job").length,
                };
                const expected = JSON.stringify({
                    producers,
                    lines,
                    jobs: lines + unassigned,
                });
                if (JSON.stringify(shown) !== expected) {
                    throw new Error(
                        `Map shows ${JSON.stringify(shown)}, expected ${expected}`
                    );
                }
                if (!producers || !lines) {
                    throw new Error(
                        "The demo should put producers and jobs on the map"
                    );
                }
            },
        },
        {
            content: "Show the delivered jobs beside the central site's lines",
            trigger: ".o_dmfg_map_show_delivered",
            run: "click",
        },
        {
            content: "One local and one central line per delivered job with known km",
            trigger: ".o_dmfg_network_map path.o_dmfg_map_delivered_line",
            run: async () => {
                const delivered = Math.min(
                    500,
                    await count("dmfg.job", [
                        ["state", "=", "done"],
                        ["has_impact_km", "=", true],
                    ])
                );
                const local = document.querySelectorAll(
                    "path.o_dmfg_map_delivered_line"
                ).length;
                const central = document.querySelectorAll(
                    "path.o_dmfg_map_central_line"
                ).length;
                if (!delivered || local !== delivered || central !== delivered) {
                    throw new Error(
                        `${local} local and ${central} central lines, ${delivered} delivered jobs`
                    );
                }
            },
        },
        {
            content: "Hide them again",
            trigger: ".o_dmfg_map_show_delivered",
            run: "click",
        },
        {
            content: "The delivered jobs' lines are gone",
            trigger: ".o_dmfg_map_counts:not(:contains('delivered'))",
            run: () => {
                if (document.querySelector("path.o_dmfg_map_delivered_line")) {
                    throw new Error("Delivered lines still drawn");
                }
            },
        },
        {
            content: "Filter on a status hides the other producers",
            trigger: ".o_dmfg_map_state",
            run: "select suspended",
        },
        {
            content: "Only suspended producers are left",
            trigger: ".o_dmfg_map_counts:contains('producers')",
            run: async () => {
                const suspended = await count("dmfg.producer", [
                    ["state", "=", "suspended"],
                    ...LOCATED,
                ]);
                const shown = document.querySelectorAll(".o_dmfg_map_producer").length;
                if (shown !== suspended) {
                    throw new Error(`${shown} producers shown, ${suspended} suspended`);
                }
            },
        },
        {
            content: "Back to every status",
            trigger: ".o_dmfg_map_state",
            run: () => {
                const select = document.querySelector(".o_dmfg_map_state");
                select.value = "";
                select.dispatchEvent(new Event("change"));
            },
        },
        {
            content: "Click the marker of Taller Maker Poblenou",
            trigger: ".o_dmfg_map_producer[title^='Taller Maker Poblenou']",
            run: "click",
        },
        {
            content: "Its producer form opens",
            trigger:
                ".o_breadcrumb:contains('Taller Maker Poblenou')",
        },
        {
            content: "It is the producer's form: open its weekly load",
            trigger: ".o_form_view button[name='action_view_weekly_load']",
            run: "click",
        },
        {
            content: "The booked and free hours of the coming weeks are charted",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
        {
            content: "Its title names the producer",
            trigger: ".o_breadcrumb:contains('Weekly load of Taller Maker Poblenou')",
        },
    ],
});

registry.category("web_tour.tours").add("dmfg_job_kanban_tour", {
    url: "/odoo/action-distributed_mfg.dmfg_job_action",
    steps: () => [
        {
            content: "Switch the production jobs to the kanban",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The kanban is grouped by status",
            trigger:
                ".o_kanban_view .o_kanban_group .o_column_title:contains('Offered')",
        },
        {
            content: "A card shows the job, its product and its producer",
            trigger:
                ".o_kanban_record:contains('Modular shelf bracket')" +
                ":contains('Taller Maker Poblenou')",
        },
        {
            content: "The job past its due date is marked late",
            trigger: ".o_kanban_record:contains('Garraf Fab') .o_dmfg_job_late",
        },
        {
            content: "A job due later is not",
            trigger:
                ".o_kanban_record:contains('Taller Maker Poblenou')" +
                ":not(:has(.o_dmfg_job_late))",
        },
        {
            content: "Switch to the calendar",
            trigger: ".o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "The calendar is shown",
            trigger: ".o_calendar_view",
        },
    ],
});
