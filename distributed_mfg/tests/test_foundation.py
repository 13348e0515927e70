# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install", "dmfg")
class TestFoundation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root_menu = cls.env.ref("distributed_mfg.dmfg_root_menu")
        cls.user_group = cls.env.ref("distributed_mfg.group_dmfg_user")
        cls.manager_group = cls.env.ref("distributed_mfg.group_dmfg_manager")
        cls.plain_user = new_test_user(cls.env, "dmfg_plain", groups="base.group_user")
        cls.dmfg_user = new_test_user(
            cls.env, "dmfg_user", groups="distributed_mfg.group_dmfg_user"
        )

    def _visible_menus(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_groups_form_a_hierarchy(self):
        """Manager implies User, both under the Distributed Manufacturing category."""
        self.assertIn(self.user_group, self.manager_group.implied_ids)
        category = self.env.ref(
            "distributed_mfg.module_category_distributed_manufacturing"
        )
        self.assertEqual(self.user_group.category_id, category)
        self.assertEqual(self.manager_group.category_id, category)
        self.assertEqual(category.name, "Distributed Manufacturing")

    def test_app_menu_hidden_from_users_without_group(self):
        """An employee without the group does not see the app; a user does."""
        self.assertNotIn(self.root_menu.id, self._visible_menus(self.plain_user))
        self.assertIn(self.root_menu.id, self._visible_menus(self.dmfg_user))

    def test_settings_only_for_managers(self):
        """The Configuration menu is for managers only."""
        config_menu = self.env.ref("distributed_mfg.dmfg_configuration_menu")
        self.assertNotIn(config_menu.id, self._visible_menus(self.dmfg_user))
        planner = self.env.ref("distributed_mfg.res_users_planner_demo")
        self.assertIn(config_menu.id, self._visible_menus(planner))

    def test_settings_page_stores_max_distance(self):
        """The Settings page section saves the maximum routing distance."""
        settings = self.env["res.config.settings"].create({"dmfg_max_distance_km": 80})
        settings.execute()
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("distributed_mfg.max_distance_km")
        )
        self.assertEqual(float(value), 80.0)
        arch = self.env["res.config.settings"].get_view()["arch"]
        self.assertIn('name="distributed_mfg"', arch)
        self.assertIn("dmfg_max_distance_km", arch)

    def test_settings_refuse_weights_routing_cannot_use(self):
        """Negative or all-zero weights are refused; nothing is saved."""
        icp = self.env["ir.config_parameter"].sudo()
        before = icp.get_param("distributed_mfg.weight_distance")
        for values in (
            {"dmfg_weight_distance": -1.0},
            {
                "dmfg_weight_distance": 0,
                "dmfg_weight_lead_time": 0,
                "dmfg_weight_price": 0,
                "dmfg_weight_performance": 0,
                "dmfg_weight_stock": 0,
            },
            {"dmfg_candidate_limit": 0},
        ):
            settings = self.env["res.config.settings"].create(values)
            with self.assertRaises(UserError):
                settings.execute()
        self.assertEqual(icp.get_param("distributed_mfg.weight_distance"), before)
