# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Design files are not served to portal users by Odoo's generic routes."""

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

STL = b"solid secret\nendsolid secret\n"


@tagged("post_install", "-at_install", "dmfg")
class TestDesignFilesOverHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, "dmfg_http_portal", groups="base.group_portal")
        new_test_user(
            cls.env, "dmfg_http_user", groups="distributed_mfg.group_dmfg_user"
        )
        design = cls.env["dmfg.design"].create(
            {"name": "Secret part", "licence": "MIT"}
        )
        revision = cls.env["dmfg.design.revision"].create({"design_id": design.id})
        cls.file = cls.env["dmfg.design.file"].create(
            {"revision_id": revision.id, "name": "secret.stl", "raw": STL}
        )
        revision.action_release()
        cls.design = design
        cls.attachment = cls.file.ir_attachment_id

    def _urls(self):
        return [
            f"/web/content/{self.attachment.id}",
            f"/web/content/{self.attachment.id}?download=true",
            f"/web/content/ir.attachment/{self.attachment.id}/datas",
            f"/web/content/dmfg.design.file/{self.file.id}/datas",
        ]

    def test_internal_user_downloads_the_file(self):
        """Control: a Distributed Manufacturing user gets the bytes."""
        self.authenticate("dmfg_http_user", "dmfg_http_user")
        for url in self._urls():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.content, STL, url)

    @mute_logger("odoo.http")
    def test_portal_user_gets_no_bytes_from_web_content(self):
        """/web/content answers 403/404 to a portal user, never the file."""
        self.authenticate("dmfg_http_portal", "dmfg_http_portal")
        for url in self._urls():
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(STL, response.content, url)

    @mute_logger("odoo.http")
    def test_anonymous_visitor_gets_no_bytes(self):
        """Without a session the file is not served either."""
        for url in self._urls():
            response = self.url_open(url)
            self.assertNotIn(STL, response.content, url)
            self.assertIn(response.status_code, (403, 404), url)

    @mute_logger("odoo.http")
    def test_portal_user_gets_nothing_over_json_rpc(self):
        """JSON-RPC call_kw as a portal user is refused on files and designs."""
        self.authenticate("dmfg_http_portal", "dmfg_http_portal")
        calls = [
            ("ir.attachment", "read", [[self.attachment.id], ["datas", "name"]]),
            (
                "ir.attachment",
                "search_read",
                [[("res_model", "=", "dmfg.design.revision")], ["datas"]],
            ),
            ("dmfg.design.file", "read", [[self.file.id], ["datas"]]),
            ("dmfg.design.revision", "search_read", [[], ["code"]]),
            ("dmfg.design", "read", [[self.design.id], ["name"]]),
            ("dmfg.design", "get_current_revision_info", [[self.design.id]]),
        ]
        for model, method, args in calls:
            with self.assertRaises(JsonRpcException, msg=f"{model}.{method}") as caught:
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {"model": model, "method": method, "args": args, "kwargs": {}},
                )
            self.assertEqual(
                str(caught.exception),
                "odoo.exceptions.AccessError",
                f"{model}.{method}",
            )
