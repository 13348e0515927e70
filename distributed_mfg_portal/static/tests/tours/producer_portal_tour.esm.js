/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

// A producer logs in, opens its offered job, accepts it, starts it, marks it
// produced and ships it with a tracking number. The test runs it at phone
// width (375 px).
registry.category("web_tour.tours").add("dmfg_portal_producer_tour", {
    url: "/web/login?redirect=%2Fmy",
    steps: () => [
        {
            content: "Fill the login",
            trigger: "input#login",
            run: "edit dmfg_portal_sabadell",
        },
        {
            content: "Fill the password",
            trigger: "input#password",
            run: "edit dmfg_portal_sabadell",
        },
        {
            content: "Log in",
            trigger: "button[type='submit']:contains('Log in')",
            run: "click",
        },
        {
            content: "The portal home shows the jobs card with one job waiting",
            trigger:
                ".o_portal_index_card a[href='/my/jobs'] [data-placeholder_count='dmfg_job_count']:contains('1')",
        },
        {
            content: "Open the production jobs",
            trigger: ".o_portal_index_card a[href='/my/jobs']",
            run: "click",
        },
        {
            content: "Open the offered job",
            trigger: ".o_dmfg_portal_job_row a",
            run: "click",
        },
        {
            content: "The drawing of the pinned revision is there",
            trigger:
                ".o_dmfg_portal_files a.o_dmfg_portal_file:contains('drawing.pdf')",
        },
        {
            content: "Accept with the proposed ready date",
            trigger: ".o_dmfg_portal_accept button[type='submit']",
            run: "click",
        },
        {
            content: "Accepted",
            trigger: ".o_dmfg_portal_flash:contains('Job accepted')",
        },
        {
            content: "The full delivery address now shows",
            trigger: ".o_dmfg_portal_customer:contains('Mallorca')",
        },
        {
            content: "Start production",
            trigger: ".o_dmfg_portal_start button[type='submit']",
            run: "click",
        },
        {
            content: "Started",
            trigger: ".o_dmfg_portal_flash:contains('Production started')",
        },
        {
            content: "Mark the whole quantity produced",
            trigger: ".o_dmfg_portal_produced button[type='submit']",
            run: "click",
        },
        {
            content: "Produced",
            trigger: ".o_dmfg_portal_flash:contains('Marked as produced')",
        },
        {
            content: "Carrier",
            trigger: ".o_dmfg_portal_ship input[name='carrier_name']",
            run: "edit SEUR",
        },
        {
            content: "Tracking number",
            trigger: ".o_dmfg_portal_ship input[name='tracking_ref']",
            run: "edit SEUR-TOUR-42",
        },
        {
            content: "Ship to the customer",
            trigger: ".o_dmfg_portal_ship button[type='submit']",
            run: "click",
        },
        {
            content: "Shipped and delivered",
            trigger: ".o_dmfg_portal_flash:contains('Shipped')",
        },
        {
            content: "The tracking number shows on the job",
            trigger: ".o_dmfg_portal_tracking:contains('SEUR-TOUR-42')",
        },
    ],
});

// A producer declines an offered job with a reason.
registry.category("web_tour.tours").add("dmfg_portal_decline_tour", {
    steps: () => [
        {
            content: "Give the reason",
            trigger: ".o_dmfg_portal_decline textarea[name='reason']",
            run: "edit Printer under repair",
        },
        {
            content: "Decline",
            trigger: ".o_dmfg_portal_decline button[type='submit']",
            run: "click",
        },
        {
            content: "Back on the list, the job is gone to another producer",
            trigger: ".o_dmfg_portal_flash:contains('goes to another producer')",
        },
    ],
});

// The back office sees the declined job re-routed to the next producer.
registry.category("web_tour.tours").add("dmfg_portal_rerouted_backoffice_tour", {
    steps: () => [
        {
            content: "The job now belongs to the next-best producer",
            trigger: ".o_field_widget[name='producer_id']:contains('Fab Mataró')",
        },
        {
            content: "It is offered to it",
            trigger:
                ".o_statusbar_status button[aria-checked='true']:contains('Offered')",
        },
        {
            content: "The history says who declined and why",
            trigger: ".o-mail-Message:contains('Printer under repair')",
        },
        {
            content: "Open the declined tab",
            trigger: ".o_notebook .nav-link:contains('Declined by')",
            run: "click",
        },
        {
            content: "Sabadell is listed as having declined",
            trigger:
                ".o_field_widget[name='declined_producer_ids']:contains('Taller Sabadell')",
        },
    ],
});

// The producer's job list on a phone (the test runs it 375 px wide): every
// job shows its product, quantity, due date, answer-by time (offers) and
// town, visible and not cut, and the page does not scroll sideways.
function checkNotCut(selector) {
    const elements = [...document.querySelectorAll(selector)];
    if (!elements.length) {
        throw new Error(`Nothing matches ${selector}`);
    }
    for (const element of elements) {
        const box = element.getBoundingClientRect();
        if (!box.width || !box.height) {
            throw new Error(`${selector} is hidden: ${element.outerHTML}`);
        }
        if (element.scrollWidth > element.clientWidth + 1) {
            throw new Error(`${selector} is cut: ${element.textContent.trim()}`);
        }
        if (box.left < 0 || box.right > window.innerWidth + 1) {
            throw new Error(
                `${selector} overflows the screen: ${element.textContent.trim()}`
            );
        }
    }
}

registry.category("web_tour.tours").add("dmfg_portal_job_list_phone_tour", {
    url: "/my/jobs",
    steps: () => [
        {
            content: "The job list is there",
            trigger: ".o_dmfg_portal_jobs .o_dmfg_portal_job_row",
        },
        {
            content: "The offer shows its answer-by time",
            trigger: ".o_dmfg_portal_job_answer_by:contains('Answer by')",
        },
        {
            content: "Product, quantity, due date, answer-by and town are not cut",
            trigger: ".o_dmfg_portal_job_town:contains('Barcelona')",
            run() {
                for (const selector of [
                    ".o_dmfg_portal_job_name",
                    ".o_dmfg_portal_job_product",
                    ".o_dmfg_portal_job_qty",
                    ".o_dmfg_portal_job_due",
                    ".o_dmfg_portal_job_answer_by",
                    ".o_dmfg_portal_job_town",
                ]) {
                    checkNotCut(selector);
                }
                const page = document.documentElement;
                if (page.scrollWidth > window.innerWidth + 1) {
                    throw new Error(
                        `The page scrolls sideways: ${page.scrollWidth} px for ${window.innerWidth} px`
                    );
                }
            },
        },
    ],
});
