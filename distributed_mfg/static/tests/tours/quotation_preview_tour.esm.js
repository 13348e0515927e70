/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dmfg_quotation_preview_tour", {
    steps: () => [
        {
            content: "Choose the customer of the new quotation",
            trigger: ".o_form_view div[name='partner_id'] input",
            run: "edit Núria Customer",
        },
        {
            content: "Pick the customer",
            trigger: ".o-autocomplete--dropdown-item:contains('Núria Customer')",
            run: "click",
        },
        {
            content: "Add a line",
            trigger: ".o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Type the locally made product",
            trigger: ".o_data_row div[name='product_template_id'] input",
            run: "edit Test lamp shade",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Test lamp shade')",
            run: "click",
        },
        {
            content: "The line names the producer that would make it",
            trigger: ".o_data_row td[name='dmfg_preview_producer']:contains('Taller Sabadell')",
        },
        {
            content: "and its town",
            trigger: ".o_data_row td[name='dmfg_preview_city']:contains('Sabadell')",
        },
        {
            content: "and when it would be ready",
            trigger: ".o_data_row td[name='dmfg_preview_date_ready']:not(:empty)",
        },
        {
            content: "The quotation says where it will be made, in a section of its own",
            trigger:
                ".o_form_view .o_dmfg_where_made_section:contains('Where it will be made') " +
                ".o_dmfg_where_made li:contains('Test lamp shade'):contains('Taller Sabadell')" +
                ":contains('Sabadell (')",
        },
        {
            content: "Save the quotation",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, still a quotation, the preview is kept",
            trigger:
                ".o_form_saved .o_data_row td[name='dmfg_preview_producer']" +
                ":contains('Taller Sabadell')",
        },
        {
            content: "The section is still there once saved",
            trigger:
                ".o_form_saved .o_dmfg_where_made li:contains('Taller Sabadell')" +
                ":contains('ready')",
        },
    ],
});
