# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Distributed Manufacturing Portal",
    "summary": "Producers see and run their production jobs from the portal",
    "version": "18.0.1.2.0",
    "category": "Manufacturing",
    "website": "https://github.com/distributed-mfg/distributed-mfg",
    "author": "Distributed Manufacturing contributors",
    "maintainers": ["distributed-mfg"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["distributed_mfg", "portal"],
    "data": [
        "security/distributed_mfg_portal_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/dmfg_job_views.xml",
        "views/dmfg_producer_views.xml",
        "views/res_config_settings_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": ["demo/dmfg_job_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "distributed_mfg_portal/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "distributed_mfg_portal/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
