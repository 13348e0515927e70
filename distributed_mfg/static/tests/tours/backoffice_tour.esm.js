/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_backoffice_tour", {
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
            content: "The app is open, with its Network menu",
            trigger:
                ".o_main_navbar:has(.o_menu_brand:contains('Distributed Manufacturing')) " +
                "[data-menu-xmlid='distributed_mfg.dmfg_network_menu']",
        },
    ],
});
