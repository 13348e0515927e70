/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_assign_tour", {
    steps: () => [
        {
            content: "Open the Reassign dialog of the offered job",
            trigger: ".o_form_view button[name='action_open_assign_wizard']:contains('Reassign')",
            run: "click",
        },
        {
            content: "The ranked producers are listed as the dialog opens",
            trigger:
                ".modal .o_dmfg_assign_candidates table.o_dmfg_routing " +
                "tr:contains('Fab Mataró'):contains('km')",
        },
        {
            content: "Girona is ranked too",
            trigger: ".modal .o_dmfg_assign_candidates tr:contains('Girona Makers')",
        },
        {
            content: "The best-ranked producer is named",
            trigger: ".modal div[name='best_producer_id']:contains('Fab Mataró')",
        },
        {
            content: "Assign with nobody chosen",
            trigger: ".modal footer button[name='action_assign']:contains('Assign')",
            run: "click",
        },
        {
            content: "Refused with a clear message",
            trigger: ".o_error_dialog:contains('Choose the producer')",
        },
        {
            content: "Close the message",
            trigger: ".o_error_dialog footer button.btn-primary",
            run: "click",
        },
        {
            content: "Choose Girona, not the best-ranked producer",
            trigger: ".modal div[name='producer_id'] input",
            run: "edit Girona",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Girona Makers')",
            run: "click",
        },
        {
            content: "Assign without a reason",
            trigger: ".modal footer button[name='action_assign']:contains('Assign')",
            run: "click",
        },
        {
            content: "The reason is required to override the ranking",
            trigger: ".modal div[name='reason'].o_field_invalid",
        },
        {
            content: "Give the reason",
            trigger: ".modal div[name='reason'] textarea",
            run: "edit Tour: Mataró is closed",
        },
        {
            content: "Assign",
            trigger: ".modal footer button[name='action_assign']:contains('Assign')",
            run: "click",
        },
        {
            content: "The documents to cancel are named before anything is cancelled",
            trigger:
                ".modal .o_dmfg_assign_confirm .o_dmfg_to_cancel " +
                "li:contains('Purchase order')",
        },
        {
            content: "Confirm",
            trigger:
                ".modal footer button[name='action_assign']:contains('Cancel these documents')",
            run: "click",
        },
        {
            content: "The job is Girona's",
            trigger:
                "body:not(:has(.modal)) .o_form_view div[name='producer_id']:contains('Girona Makers')",
        },
    ],
});
