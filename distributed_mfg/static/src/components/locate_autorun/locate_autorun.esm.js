/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {Component, onMounted, onWillUnmount} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {useService} from "@web/core/utils/hooks";

/**
 * Runs the next step of the "Locate producers" wizard by itself.
 *
 * Shown only while the wizard is running: each step geocodes one chunk on
 * the server and reopens the wizard, which mounts this widget again, until
 * every producer is done. Closing the dialog stops after the current step.
 */
export class DmfgLocateAutorun extends Component {
    static template = "distributed_mfg.DmfgLocateAutorun";
    static props = {...standardWidgetProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.stopped = false;
        onMounted(() => {
            // A short pause lets the user read the progress and close the dialog.
            this.timer = setTimeout(() => this.runNextStep(), 500);
        });
        onWillUnmount(() => {
            this.stopped = true;
            clearTimeout(this.timer);
        });
    }

    async runNextStep() {
        const record = this.props.record;
        if (this.stopped || record.data.state !== "running") {
            return;
        }
        const action = await this.orm.call(record.resModel, "action_locate_next", [
            [record.resId],
        ]);
        if (!this.stopped) {
            await this.action.doAction(action);
        }
    }
}

registry.category("view_widgets").add("dmfg_locate_autorun", {
    component: DmfgLocateAutorun,
});
