/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_producer_onboarding_tour", {
    url: "/odoo/action-distributed_mfg.dmfg_producer_action/new",
    steps: () => [
        {
            content: "Choose the producer's company",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Onboarding",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Onboarding Taller')",
            run: "click",
        },
        {
            content: "Its city comes from the partner",
            trigger: ".o_field_widget[name='city']:contains('Girona')",
        },
        {
            content: "Add a process",
            trigger: ".o_field_widget[name='process_ids'] input",
            run: "edit FDM",
        },
        {
            content: "Pick FDM 3D printing",
            trigger: ".o-autocomplete--dropdown-item:contains('FDM 3D printing')",
            run: "click",
        },
        {
            content: "Production hours per day",
            trigger: ".o_field_widget[name='capacity_hours_per_day'] input",
            run: "edit 6",
        },
        {
            content: "Locate (saves the producer first)",
            trigger: "button[name='action_locate']",
            run: "click",
        },
        {
            content: "Located at its address",
            trigger: ".o_notification:contains('located at its address')",
        },
        {
            content: "The form reloads with the localization date",
            trigger: ".o_field_widget[name='date_localization'] span:contains('/')",
        },
        {
            content: "Start the trial",
            trigger: "button[name='action_start_trial']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit Tour: samples approved",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The producer is in trial",
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status " +
                "button[aria-checked='true']:contains('Trial')",
        },
        {
            content: "Its stock location appeared",
            trigger: ".o_field_widget[name='location_id']:contains('Tour Onboarding Taller')",
        },
        {
            content: "The Stock smart button is there",
            trigger: "button[name='action_view_stock']",
        },
        {
            content: "The reason is in the chatter",
            trigger: ".o-mail-Message:contains('Tour: samples approved')",
        },
    ],
});
