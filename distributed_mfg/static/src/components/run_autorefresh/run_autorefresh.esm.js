/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {Component, onMounted, onWillUnmount} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";

/**
 * Rereads a background run every few seconds while it is queued or running,
 * so the planner watches its progress move and sees its result when done.
 * The work itself runs on the job queue: closing the form stops nothing.
 */
export class DmfgRunAutorefresh extends Component {
    static template = "distributed_mfg.DmfgRunAutorefresh";
    static props = {...standardWidgetProps};

    setup() {
        onMounted(() => this.schedule());
        onWillUnmount(() => clearTimeout(this.timer));
    }

    schedule() {
        this.timer = setTimeout(async () => {
            const record = this.props.record;
            if (!["queued", "running"].includes(record.data.state)) {
                return;
            }
            if (!record.isDirty) {
                await record.load();
            }
            this.schedule();
        }, 2000);
    }
}

registry.category("view_widgets").add("dmfg_run_autorefresh", {
    component: DmfgRunAutorefresh,
});
