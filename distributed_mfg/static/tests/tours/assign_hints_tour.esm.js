/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_assign_hints_tour", {
    steps: () => [
        {
            content: "Open the Assign dialog of the unassigned job",
            trigger:
                ".o_form_view button[name='action_open_assign_wizard']:contains('Assign producer')",
            run: "click",
        },
        {
            content: "The dialog says what would make it work",
            trigger:
                ".modal .o_dmfg_assign_candidates .o_dmfg_hints:contains('What would make it work')",
        },
        {
            content: "It names the nearest capable producer and the maximum distance",
            trigger:
                ".modal .o_dmfg_hints li:contains('Taller Sabadell'):contains('beyond the 150.0 km maximum')",
        },
        {
            content: "The excluded producer is listed with its reason below",
            trigger: ".modal .o_dmfg_excluded li:contains('Lleida Makers')",
        },
        {
            content: "Close the dialog",
            trigger: ".modal footer button:contains('Discard')",
            run: "click",
        },
        {
            content: "Back on the job, still unassigned",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Unassigned')",
        },
    ],
});
