/* Copyright 2026 Distributed Manufacturing contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
/* global L */
import {
    Component,
    onMounted,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {useService} from "@web/core/utils/hooks";

// Marker colour of each producer status.
const STATE_COLORS = {
    candidate: "#6c757d",
    trial: "#f0ad4e",
    active: "#28a745",
    suspended: "#dc3545",
    closed: "#343a40",
};
// Whole Catalonia when there is nothing to show.
const DEFAULT_CENTER = [41.6, 1.8];

/**
 * Network > Map: producers (colour by status, size by load) and open jobs
 * with a line from their producer to their customer; on demand, delivered jobs
 * with the line their producer drove beside the one the central site would
 * have driven (local impact). Clicking a marker opens
 * the record. The data comes from one call (dmfg.network.map.get_map_data);
 * the filters apply here. Tiles that fail to load leave the markers drawn.
 */
export class DmfgNetworkMap extends Component {
    static template = "distributed_mfg.DmfgNetworkMap";
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.mapRef = useRef("map");
        this.state = useState({
            processId: 0,
            producerState: "",
            showJobs: true,
            showDelivered: false,
            counts: {producers: 0, jobs: 0, lines: 0, delivered: 0},
        });
        onWillStart(async () => {
            this.data = await this.orm.call("dmfg.network.map", "get_map_data", []);
        });
        onMounted(() => this.createMap());
        onWillUnmount(() => {
            if (this.map) {
                this.map.remove();
            }
        });
    }

    get title() {
        return _t("Network map");
    }

    get legend() {
        return this.data.states
            .filter((state) => STATE_COLORS[state.value])
            .map((state) => ({...state, color: STATE_COLORS[state.value]}));
    }

    createMap() {
        this.map = L.map(this.mapRef.el, {center: DEFAULT_CENTER, zoom: 8});
        if (this.data.tile_url) {
            L.tileLayer(this.data.tile_url, {
                attribution: this.data.attribution,
                maxZoom: 19,
            }).addTo(this.map);
        }
        this.layer = L.featureGroup().addTo(this.map);
        this.draw(true);
    }

    /**
     * Draw the records the filters keep; fit the view to them the first time.
     * @param {Boolean} fit
     */
    draw(fit = false) {
        this.layer.clearLayers();
        const processId = Number(this.state.processId);
        const withProcess = (record) =>
            !processId || record.process_ids.includes(processId);
        const producers = this.data.producers.filter(
            (producer) =>
                withProcess(producer) &&
                (!this.state.producerState ||
                    producer.state === this.state.producerState)
        );
        const shown = new Map(producers.map((producer) => [producer.id, producer]));
        let jobs = 0;
        let lines = 0;
        if (this.state.showJobs) {
            for (const job of this.data.jobs) {
                if (!job.has_customer_point || !withProcess(job)) {
                    continue;
                }
                const producer = shown.get(job.producer_id);
                if (job.producer_id && !producer) {
                    continue;
                }
                const point = [job.latitude, job.longitude];
                if (producer) {
                    L.polyline([[producer.latitude, producer.longitude], point], {
                        className: "o_dmfg_map_line",
                        color: STATE_COLORS[producer.state] || "#0d6efd",
                        weight: 2,
                        dashArray: "4 4",
                    }).addTo(this.layer);
                    lines++;
                }
                this.jobMarker(job, point).addTo(this.layer);
                jobs++;
            }
        }
        const delivered = this.state.showDelivered ? this.drawDelivered() : 0;
        // Closed producers far away must not zoom the whole network out.
        const bounds = L.latLngBounds([]);
        for (const layer of this.layer.getLayers()) {
            bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
        }
        for (const producer of producers) {
            this.producerMarker(producer).addTo(this.layer);
            if (producer.state !== "closed") {
                bounds.extend([producer.latitude, producer.longitude]);
            }
        }
        Object.assign(this.state.counts, {
            producers: producers.length,
            jobs,
            lines,
            delivered,
        });
        if (fit && bounds.isValid()) {
            this.map.fitBounds(bounds, {padding: [30, 30], maxZoom: 12});
        }
    }

    /**
     * Delivered jobs: a solid green line from the producer to the customer
     * and a dashed grey one from the central site. Returns how many.
     * @returns {Number}
     */
    drawDelivered() {
        for (const job of this.data.delivered || []) {
            const customer = [job.latitude, job.longitude];
            const tooltip = _t("%(job)s: made in %(town)s, %(km)s km saved", {
                job: job.name,
                town: job.city,
                km: job.km_saved,
            });
            L.polyline([[job.central_latitude, job.central_longitude], customer], {
                className: "o_dmfg_map_central_line",
                color: "#6c757d",
                weight: 1,
                dashArray: "6 6",
                opacity: 0.6,
            }).addTo(this.layer);
            const local = L.polyline(
                [[job.producer_latitude, job.producer_longitude], customer],
                {className: "o_dmfg_map_delivered_line", color: "#198754", weight: 3}
            );
            local.bindTooltip(tooltip);
            local.on("click", () => this.openRecord("dmfg.job", job.id));
            local.addTo(this.layer);
        }
        return (this.data.delivered || []).length;
    }

    producerMarker(producer) {
        // 14 px idle to 34 px fully loaded.
        const size = Math.round(14 + Math.min(producer.load_percent, 100) / 5);
        const tooltip = _t("%(name)s (%(status)s), load %(load)s", {
            name: producer.name,
            status: producer.state_label,
            load: `${producer.load_percent} %`,
        });
        const color = STATE_COLORS[producer.state] || "#6c757d";
        const marker = L.marker([producer.latitude, producer.longitude], {
            title: tooltip,
            icon: L.divIcon({
                className: "o_dmfg_map_producer",
                iconSize: [size, size],
                html: `<span class="o_dmfg_map_dot" style="background:${color}"></span>`,
            }),
            zIndexOffset: 1000,
        });
        marker.on("add", () => {
            const element = marker.getElement();
            element.dataset.producerId = producer.id;
            element.setAttribute("aria-label", tooltip);
        });
        marker.on("click", () => this.openRecord("dmfg.producer", producer.id));
        return marker;
    }

    jobMarker(job, point) {
        const tooltip = _t("%(job)s: %(product)s, %(status)s, due %(due)s", {
            job: job.name,
            product: job.product,
            status: job.state_label,
            due: job.date_due || _t("no date"),
        });
        const marker = L.circleMarker(point, {
            className: "o_dmfg_map_job",
            radius: 6,
            color: "#0d6efd",
            fillColor: job.producer_id ? "#ffffff" : "#dc3545",
            fillOpacity: 1,
            weight: 2,
        });
        marker.bindTooltip(tooltip);
        marker.on("click", () => this.openRecord("dmfg.job", job.id));
        return marker;
    }

    openRecord(resModel, resId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: resModel,
            res_id: resId,
            views: [[false, "form"]],
        });
    }

    onFilterChange(field, ev) {
        const value =
            ev.target.type === "checkbox" ? ev.target.checked : ev.target.value;
        this.state[field] = value;
        this.draw();
    }
}

registry.category("actions").add("dmfg_network_map", DmfgNetworkMap);
