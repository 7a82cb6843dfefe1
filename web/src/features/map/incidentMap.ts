// The map's own styles travel with the map's code: pages without a map never load them.
import './maplibre.css';
import './map.css';
import {
  KUWAIT_BOUNDS,
  representativePosition,
  type Facility,
  type Incident,
  type Overlay,
  type Position,
  type Shelter,
  type Unit,
} from '@mirsad/shared';
import type { GeoJSON } from 'geojson';
import {
  AttributionControl,
  Map as MapLibreMap,
  type GeoJSONSource,
  type LngLatBoundsLike,
  type MapGeoJSONFeature,
} from 'maplibre-gl';
import './maplibreWorker.js';
import { throttleLatest } from '../../lib/throttle.js';
import { createCoalescer } from '../../realtime/coalescer.js';
import type { GovernorateCollection } from '../geo/queries.js';
import { BASEMAP_REGION } from './basemapFiles.js';
import { DomMarkerSet, type DomLabel } from './domMarkers.js';
import {
  addExerciseOverlayLayers,
  EXERCISE_OVERLAY_SOURCE,
  fitToOverlays,
  toOverlayFeatures,
} from './exerciseOverlays.js';
import {
  diffChangedIncidents,
  diffIncidentFeatures,
  NEVER_OVERDUE,
  toIncidentFeatures,
  type DrawnIncident,
  type FeatureDiff,
  type OverdueClock,
} from './incidentFeatures.js';
import { ClusterClient } from './clusterClient.js';
import { packIncidents, type ClusterView, type DrawnPoint, type ViewFeatures } from './incidentClusters.js';
import { DrawBudget, MAP_DATA_THROTTLE_MS } from './drawBudget.js';
import { labelPosition } from './labelPosition.js';
import { setSourceData } from './sourceData.js';
import { OverdueQueue } from './overdueQueue.js';
import { drawIcon } from './mapIcons.js';
import {
  LAYER_IDS,
  OPTIONAL_LAYERS,
  SOURCE_IDS,
  builtInStyle,
  emptyCollection,
  overlayLayers,
  overlaySources,
  programWarmUpLayers,
  selectedFilter,
} from './mapStyle.js';
import { shelterLoad } from '../shelters/load.js';
import type { VisibleSelector } from '../incidents/selectors.js';
import type { LayerSpecification } from './maplibreTypes.js';
import { DEFAULT_LAYERS, type MapLayerId } from './store.js';
import { toFacilityFeatures, toUnitFeatures } from './unitFeatures.js';

declare global {
  interface Window {
    /**
     * The page's MapLibre map, for browser tests (e2e/tests/live-picture.spec.ts reads its
     * sources) and for looking at a running wall display from the devtools.
     */
    __MIRSAD_MAP__?: MapLibreMap;
    /**
     * The room map's incidents as its clustering worker holds them (the map's sources hold only
     * what the view shows), for browser tests: whether an incident is drawn, alone or in a cluster.
     */
    __MIRSAD_MAP_INCIDENTS__?: { has: (incidentId: string) => Promise<boolean> };
  }
}

/**
 * Share of the drawn incidents that must change for the sources to be set again whole rather
 * than updated by their changes: past it, one new collection is cheaper than many feature diffs.
 */
const FULL_RESET_SHARE = 0.5;

/** How often the units are drawn again so that silent ones turn stale, in ms. */
const UNIT_STALE_CHECK_MS = 30_000;

/** How long to wait before asking again for a basemap file that failed, ms. */
const BASEMAP_RETRY_MS = 5_000;

/** The built-in style's basemap sources (mapStyle.ts), fetched from the server's own files. */
const BASEMAP_SOURCE_IDS: ReadonlySet<string> = new Set(['land', 'borders']);

/** Padding around Kuwait when the map fits it, in pixels. */
const FIT_PADDING_PX = 28;
/**
 * Width a governorate must have on screen, in pixels, for its name to be shown: below it the
 * small city governorates' names would pile onto each other and onto the clusters there.
 */
const GOVERNORATE_LABEL_MIN_WIDTH_PX = 120;
/** Zoom the map flies to for one incident, unless already closer. */
const FOCUS_ZOOM = 12.5;
/**
 * How far the view asked of the clustering worker reaches past each edge of the screen, as a
 * share of the screen's width and height: a short pan needs no new view.
 */
const VIEW_PADDING_SHARE = 0.25;
/**
 * Change of zoom within the same whole zoom after which the view is asked again, for the areas
 * that grow past MIN_AREA_PX (the clusters change only at whole zooms).
 */
const VIEW_ZOOM_STEP = 0.5;
/** Zoom steps into a cluster whose expansion zoom is no longer known (the clusters were made again). */
const CLUSTER_FALLBACK_ZOOM_STEP = 2;

/**
 * Fixed labels that orient the reader: neighbours and the sea, placed to fall inside the
 * opening view of Kuwait on a laptop and on a wall.
 */
export const GEOGRAPHIC_LABELS = [
  { key: 'country:iraq', lngLat: [46.45, 29.68], className: 'map-label--country' },
  { key: 'country:saudi-arabia', lngLat: [46.95, 28.7], className: 'map-label--country' },
  { key: 'country:iran', lngLat: [48.64, 30.12], className: 'map-label--country' },
  { key: 'sea:arabian-gulf', lngLat: [48.55, 29.08], className: 'map-label--sea' },
] as const satisfies readonly Omit<DomLabel, 'text'>[];

/** The keys of GEOGRAPHIC_LABELS, which the page translates. */
export type GeographicLabelKey = (typeof GEOGRAPHIC_LABELS)[number]['key'];

/** What changed from an earlier list of incidents to the latest: see `VisibleSelector.changedSince`. */
export type ListChanges = VisibleSelector['changedSince'];

/** What the map tells the page. */
export interface IncidentMapOptions {
  container: HTMLElement;
  /** An on-premises style to use instead of the built-in one, from the server's config. */
  styleUrl: string | null;
  onSelect: (incidentId: string) => void;
  /** False for the wall display: nobody pans it, and a stray touch must not move it. */
  isInteractive?: boolean;
}

const KUWAIT: LngLatBoundsLike = [
  [KUWAIT_BOUNDS[0], KUWAIT_BOUNDS[1]],
  [KUWAIT_BOUNDS[2], KUWAIT_BOUNDS[3]],
];

function idOf(feature: MapGeoJSONFeature | undefined): string | null {
  const id: unknown = feature?.properties['id'];
  return typeof id === 'string' ? id : null;
}

/**
 * The incident map, imperative and outside React: React components call its methods from
 * effects. Data given before the style has loaded is kept and applied once it has.
 */
export class IncidentMap {
  private readonly map: MapLibreMap;
  private readonly clusterCounts: DomMarkerSet;
  private readonly labels: DomMarkerSet;
  private isLoaded = false;
  /** Callbacks of the feature layers waiting for the style (see `whenReady`). */
  private readonly readyCallbacks = new Set<(map: MapLibreMap, beforeId: string | undefined) => void>();
  private incidents: readonly Incident[] = [];
  private overdueClock: OverdueClock = NEVER_OVERDUE;
  /** Where the incidents given come from can say what changed since a list: see `setIncidents`. */
  private changedSince: ListChanges | null = null;
  /** The list and clock `drawn` was last brought up to date with. */
  private applied: { list: readonly Incident[]; clock: OverdueClock } | null = null;
  /** What the incident sources hold, by id: the diff's starting point. */
  private readonly drawn = new Map<string, DrawnIncident>();
  /** The drawn incidents still to turn overdue, by when: a tick of the clock looks at those due. */
  private readonly overdueQueue = new OverdueQueue();
  /**
   * Holds the drawn incidents in a worker and clusters them there: the incident sources are given
   * only the clusters, points and areas of the view, not every incident (see `showView`).
   */
  private readonly clusters = new ClusterClient();
  /** The view last asked of the clustering worker, and the number of the last one asked and shown. */
  private askedView: ClusterView | null = null;
  private askedViewSeq = 0;
  private shownViewSeq = 0;
  /** What the incident sources hold: the clusters among it carry the count labels. */
  private viewFeatures: ViewFeatures | null = null;
  private isViewCheckScheduled = false;
  private readonly incidentsHook = { has: (incidentId: string) => this.clusters.has(incidentId) };
  /** Brings the incident sources up to date on an animation frame, at most every 250 ms. */
  private readonly pushIncidents = createCoalescer(
    () => {
      this.applyIncidents();
      // The assignment lines end at incidents: they follow the incidents' filter.
      this.applyUnits();
    },
    () => this.drawBudget.intervalMs(this.drawn.size),
  );
  /** How long the map's frames take to draw (see `measureDrawCost`), and so how often the sources update. */
  private readonly drawBudget = new DrawBudget();
  private isMeasuringDraw = false;
  private units: readonly Unit[] = [];
  /** The exercise's overlays, or null on a live page (no overlay layers at all). */
  private exerciseOverlays: readonly Overlay[] | null = null;
  private hasFittedExercise = false;
  private facilities: readonly Facility[] = [];
  private shelters: readonly Shelter[] = [];
  private layers: Readonly<Record<MapLayerId, boolean>> = DEFAULT_LAYERS;
  private readonly shelterLabels: DomMarkerSet;
  private selectedId: string | null = null;
  /** What the selection ring's source holds: the selected incident as drawn then, or null. */
  private selectedDrawn: DrawnIncident | null = null;
  private governorates: GovernorateCollection | null = null;
  /** Each governorate's label position and west/east extent, worked out once per collection. */
  private governorateLabels: { id: string; position: [number, number]; west: number; east: number }[] = [];
  private governorateNames: (id: string) => string = (id) => id;
  private geographicNames: (key: GeographicLabelKey) => string = (key) => key;
  private formatCount: (count: number) => string = String;
  private readonly onSelect: (incidentId: string) => void;
  private readonly pushUnits = throttleLatest(() => {
    this.applyUnits();
  }, MAP_DATA_THROTTLE_MS);
  /** Redraws the units now and then: a silent unit turns stale without any new data. */
  private readonly staleCheck = setInterval(() => {
    this.pushUnits.call();
  }, UNIT_STALE_CHECK_MS);

  constructor(options: IncidentMapOptions) {
    this.onSelect = options.onSelect;
    this.map = new MapLibreMap({
      container: options.container,
      style: options.styleUrl ?? builtInStyle(),
      bounds: KUWAIT,
      fitBoundsOptions: { padding: FIT_PADDING_PX },
      maxBounds: [
        [BASEMAP_REGION[0], BASEMAP_REGION[1]],
        [BASEMAP_REGION[2], BASEMAP_REGION[3]],
      ],
      minZoom: 5,
      maxZoom: 17,
      interactive: options.isInteractive ?? true,
      // An operations map stays north-up and flat: no accidental rotation or tilt on a wall.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      renderWorldCopies: false,
      // Nothing leaves the network: no resource timing, no font fallbacks fetched, no logo.
      collectResourceTiming: false,
      localIdeographFontFamily: false,
      maplibreLogo: false,
      // The built-in style's attribution is drawn by the page, in the page's language; an
      // on-premises style brings its own, which MapLibre's control shows.
      attributionControl: false,
    });
    if (options.styleUrl) this.map.addControl(new AttributionControl({ compact: true }), 'bottom-right');
    this.map.keyboard.disableRotation();
    this.map.touchZoomRotate.disableRotation();
    this.clusterCounts = new DomMarkerSet(this.map);
    this.labels = new DomMarkerSet(this.map);
    this.shelterLabels = new DomMarkerSet(this.map);
    window.__MIRSAD_MAP__ = this.map;
    window.__MIRSAD_MAP_INCIDENTS__ = this.incidentsHook;
    // Icons are drawn when a layer first needs one: no sprite sheet to ship or fetch.
    this.map.on('styleimagemissing', (event) => {
      if (this.map.hasImage(event.id)) return;
      const icon = drawIcon(event.id);
      if (icon) this.map.addImage(event.id, icon.image, { pixelRatio: icon.pixelRatio });
    });

    // On the style, not on 'load': 'load' waits for every source, and a basemap file that failed
    // (the server went away while the page was opening) would then keep the incidents off the
    // map for good. The room's own layers need only the style.
    this.map.once('style.load', () => {
      this.addOverlays();
      this.isLoaded = true;
      this.applyIncidents();
      this.applyUnits();
      this.applyFacilities();
      this.applyShelters();
      this.applyLayers();
      this.applySelection();
      this.applyGovernorates();
      this.applyLabels();
      this.applyExerciseOverlays();
      for (const callback of this.readyCallbacks) callback(this.map, this.featureLayersBeforeId());
      this.readyCallbacks.clear();
    });
    // A basemap file that could not be fetched is asked for again until it comes: the room
    // keeps running through a server restart, and its land and borders come back with it.
    this.map.on('error', (event) => {
      // A source's error carries the source's id (MapLibre's types leave it out).
      const sourceId: unknown = 'sourceId' in event ? event.sourceId : undefined;
      if (typeof sourceId !== 'string' || !BASEMAP_SOURCE_IDS.has(sourceId)) return;
      setTimeout(() => {
        const source = this.map.getSource<GeoJSONSource>(sourceId);
        const data = this.map.getStyle().sources[sourceId];
        if (source && data?.type === 'geojson' && typeof data.data === 'string')
          void source.setData(data.data);
      }, BASEMAP_RETRY_MS);
    });
    this.map.on('render', () => {
      this.measureDrawCost();
    });
    this.map.on('move', () => {
      this.scheduleViewCheck();
    });
    this.map.on('zoomend', () => {
      this.applyLabels();
    });
  }

  /**
   * Times a frame the map drew: from its drawing to the page's next animation frame, which waits
   * for the frame to be drawn (on the CPU under software WebGL). The incident sources are then
   * updated no more often than MAP_DRAW_SHARE of the time allows.
   */
  private measureDrawCost(): void {
    if (this.isMeasuringDraw) return;
    this.isMeasuringDraw = true;
    const drawnAt = performance.now();
    requestAnimationFrame((next) => {
      this.isMeasuringDraw = false;
      this.drawBudget.noteFrame(next - drawnAt);
    });
  }

  /**
   * Hands a feature's own layers (patterns, sensors, warnings) the MapLibre map once its style
   * is loaded, at once if it already is. `beforeId` is the incidents' lowest layer: what a
   * feature adds there lies under the incidents, so a report is never hidden by an area.
   * Returns a function that cancels a callback not yet called.
   */
  whenReady(callback: (map: MapLibreMap, beforeId: string | undefined) => void): () => void {
    if (this.isLoaded) {
      callback(this.map, this.featureLayersBeforeId());
      return () => undefined;
    }
    this.readyCallbacks.add(callback);
    return () => this.readyCallbacks.delete(callback);
  }

  private featureLayersBeforeId(): string | undefined {
    return this.map.getLayer(LAYER_IDS.areaFill) ? LAYER_IDS.areaFill : undefined;
  }

  private addOverlays(): void {
    for (const [id, source] of Object.entries(overlaySources())) this.map.addSource(id, source);
    const layers = overlayLayers();
    for (const layer of layers) this.map.addLayer(layer);
    this.warmUpPrograms(layers);

    const selectFrom = (features: MapGeoJSONFeature[] | undefined): void => {
      const id = idOf(features?.[0]);
      if (id) this.onSelect(id);
    };
    this.map.on('click', LAYER_IDS.points, (event) => {
      selectFrom(event.features);
    });
    this.map.on('click', LAYER_IDS.areaFill, (event) => {
      // A point drawn over the area wins: it is what the officer aimed at.
      const points = this.map.queryRenderedFeatures(event.point, { layers: [LAYER_IDS.points] });
      if (points.length === 0) selectFrom(event.features);
    });
    this.map.on('click', LAYER_IDS.clusters, (event) => {
      void this.zoomIntoCluster(event.features?.[0]);
    });
    for (const layer of [LAYER_IDS.points, LAYER_IDS.clusters, LAYER_IDS.areaFill]) {
      this.map.on('mouseenter', layer, () => {
        this.map.getCanvas().style.cursor = 'pointer';
      });
      this.map.on('mouseleave', layer, () => {
        this.map.getCanvas().style.cursor = '';
      });
    }
  }

  /**
   * Has the map compile the shader programs of its own layers in its first frames, before any
   * data (see `programWarmUpLayers`), and takes the warm-up layers away once it has drawn them:
   * at its first idle, when every source is loaded and drawn.
   */
  private warmUpPrograms(layers: readonly LayerSpecification[]): void {
    const warmUps = programWarmUpLayers(layers);
    for (const layer of warmUps) this.map.addLayer(layer);
    this.map.once('idle', () => {
      for (const { id } of warmUps) if (this.map.getLayer(id)) this.map.removeLayer(id);
      if (this.map.getSource(SOURCE_IDS.programWarmUp)) this.map.removeSource(SOURCE_IDS.programWarmUp);
    });
  }

  private async zoomIntoCluster(feature: MapGeoJSONFeature | undefined): Promise<void> {
    const clusterId: unknown = feature?.properties['cluster_id'];
    if (typeof clusterId !== 'number' || feature?.geometry.type !== 'Point') return;
    const [lng = 0, lat = 0] = feature.geometry.coordinates;
    const zoom =
      (await this.clusters.expansionZoom(clusterId)) ?? this.map.getZoom() + CLUSTER_FALLBACK_ZOOM_STEP;
    this.map.easeTo({ center: [lng, lat], zoom });
  }

  /** The view to ask the clustering worker for: the screen and a margin around it, at the map's zoom. */
  private currentView(): ClusterView {
    const bounds = this.map.getBounds();
    const padX = (bounds.getEast() - bounds.getWest()) * VIEW_PADDING_SHARE;
    const padY = (bounds.getNorth() - bounds.getSouth()) * VIEW_PADDING_SHARE;
    return {
      bbox: [
        bounds.getWest() - padX,
        bounds.getSouth() - padY,
        bounds.getEast() + padX,
        bounds.getNorth() + padY,
      ],
      zoom: this.map.getZoom(),
      keepAreaOf: this.selectedId,
    };
  }

  /** Whether the screen has left the view last asked for: another whole zoom, or past its margin. */
  private hasLeftView(): boolean {
    const asked = this.askedView;
    if (!asked) return true;
    const zoom = this.map.getZoom();
    if (Math.floor(zoom) !== Math.floor(asked.zoom) || Math.abs(zoom - asked.zoom) >= VIEW_ZOOM_STEP)
      return true;
    const bounds = this.map.getBounds();
    const [west, south, east, north] = asked.bbox;
    return (
      bounds.getWest() < west ||
      bounds.getEast() > east ||
      bounds.getSouth() < south ||
      bounds.getNorth() > north
    );
  }

  /** While the map moves, looks once a frame whether it needs a new view of the incidents. */
  private scheduleViewCheck(): void {
    if (this.isViewCheckScheduled || !this.isLoaded) return;
    this.isViewCheckScheduled = true;
    requestAnimationFrame(() => {
      this.isViewCheckScheduled = false;
      if (this.askedView && this.hasLeftView()) void this.showView();
    });
  }

  /**
   * Asks the clustering worker for what the view shows, after the changes sent before, and gives
   * it to the incident sources: clusters and points, a few hundred features however many
   * incidents there are. An answer that a later one overtook is dropped.
   */
  private async showView(): Promise<void> {
    const view = this.currentView();
    this.askedView = view;
    const seq = ++this.askedViewSeq;
    const features = await this.clusters.view(view);
    if (seq < this.shownViewSeq || !this.isLoaded) return;
    this.shownViewSeq = seq;
    this.viewFeatures = features;
    this.setSourceData(SOURCE_IDS.incidentClusters, features.points);
    this.setSourceData(SOURCE_IDS.incidentAreas, features.areas);
    this.updateClusterCounts();
  }

  private updateClusterCounts(): void {
    if (!this.isLoaded) return;
    const labels: DomLabel[] = [];
    for (const feature of this.viewFeatures?.points.features ?? []) {
      const properties: Record<string, unknown> = feature.properties ?? {};
      const { cluster_id: clusterId, point_count: count } = properties;
      if (typeof clusterId !== 'number' || typeof count !== 'number') continue;
      const [lng = 0, lat = 0] = feature.geometry.coordinates;
      labels.push({
        key: String(clusterId),
        lngLat: [lng, lat],
        text: this.formatCount(count),
        className: 'map-label--cluster',
      });
    }
    this.clusterCounts.set(labels);
  }

  private setSourceData(sourceId: string, data: GeoJSON): void {
    setSourceData(this.map, sourceId, data);
  }

  /**
   * Shows these incidents (already filtered), ringing the overdue ones. The sources take the
   * changes on an animation frame, at most every 250 ms however often this is called.
   */
  setIncidents(
    incidents: readonly Incident[],
    overdueClock: OverdueClock,
    /**
     * What changed from a list given before to the latest (the room's shared visible list says):
     * the diff then looks at those incidents only. Without it, at every update, all of them.
     */
    changedSince: ListChanges | null = null,
  ): void {
    this.incidents = incidents;
    this.overdueClock = overdueClock;
    this.changedSince = changedSince;
    if (this.isLoaded) this.pushIncidents.schedule();
  }

  private applyIncidents(): void {
    if (!this.isLoaded) return;
    const heldCount = this.drawn.size;
    const { applied, overdueClock: clock } = this;
    // Only the incidents that changed, while the clock is the one `drawn` was marked overdue by,
    // or a later time of the same rule: then also those whose time came (the queue knows them).
    // Other rules can turn any incident overdue, and everything is looked at again.
    const isClockTick =
      applied !== null &&
      applied.clock !== clock &&
      applied.clock.fromMs === clock.fromMs &&
      clock.nowMs >= applied.clock.nowMs;
    const changes =
      heldCount > 0 && applied && (applied.clock === clock || isClockTick)
        ? (this.changedSince?.(applied.list) ?? null)
        : null;
    const ids =
      changes === null
        ? null
        : isClockTick
          ? new Set([...changes.ids, ...this.overdueQueue.takeDue(clock.nowMs, this.drawn)])
          : changes.ids;
    const { points, changed } =
      changes && ids
        ? diffChangedIncidents(this.drawn, ids, changes.shown, clock)
        : diffIncidentFeatures(this.drawn, this.incidents, clock, heldCount === 0);
    if (ids) {
      for (const id of ids) this.overdueQueue.offer(id, this.drawn.get(id));
    } else {
      this.overdueQueue.clear();
      for (const [id, held] of this.drawn) this.overdueQueue.offer(id, held);
    }
    this.applied = { list: changes?.list ?? this.incidents, clock };
    if (changed === 0) return;
    if (heldCount === 0 || changed > heldCount * FULL_RESET_SHARE) {
      this.clusters.reset(packIncidents(this.drawnInOrder()));
    } else {
      const upsert: DrawnPoint[] = [];
      for (const id of upsertedIds(points)) {
        const held = this.drawn.get(id);
        if (held) upsert.push(held);
      }
      this.clusters.update(packIncidents(upsert), points.remove);
    }
    this.applySelectedPoint();
    void this.showView();
  }

  /** The incidents given, each as drawn (ringed as overdue or not). */
  private *drawnInOrder(): Generator<DrawnPoint> {
    for (const incident of this.incidents) {
      yield { incident, isOverdue: this.drawn.get(incident.id)?.isOverdue === true };
    }
  }

  /** Shows these units, and lines from the assigned ones to their incidents; at most every 250 ms. */
  setUnits(units: readonly Unit[]): void {
    this.units = units;
    if (this.isLoaded) this.pushUnits.call();
  }

  private applyUnits(): void {
    if (!this.isLoaded) return;
    const drawn = { get: (id: string) => this.drawn.get(id)?.incident };
    const { units, lines } = toUnitFeatures(this.units, drawn, Date.now());
    // This runs with every update of the incidents too (the lines end at them); the sources
    // take only what changed (see `setSourceData`).
    this.setSourceData(SOURCE_IDS.units, units);
    this.setSourceData(SOURCE_IDS.unitLines, lines);
  }

  /** Shows the reference layer's facilities (drawn while the layer is on). */
  setFacilities(facilities: readonly Facility[]): void {
    this.facilities = facilities;
    this.applyFacilities();
  }

  private applyFacilities(): void {
    if (!this.isLoaded) return;
    this.setSourceData(SOURCE_IDS.facilities, toFacilityFeatures(this.facilities));
  }

  /** Shows the open shelters, each with its occupancy over capacity. */
  /** Draws an exercise's overlays; the first time there are any, the map moves to their area. */
  setExerciseOverlays(overlays: readonly Overlay[]): void {
    this.exerciseOverlays = overlays;
    this.applyExerciseOverlays();
  }

  private applyExerciseOverlays(): void {
    if (!this.isLoaded || this.exerciseOverlays === null) return;
    addExerciseOverlayLayers(this.map);
    this.setSourceData(EXERCISE_OVERLAY_SOURCE, toOverlayFeatures(this.exerciseOverlays));
    if (!this.hasFittedExercise) this.hasFittedExercise = fitToOverlays(this.map, this.exerciseOverlays);
  }

  setShelters(shelters: readonly Shelter[]): void {
    this.shelters = shelters;
    this.applyShelters();
  }

  private applyShelters(): void {
    if (!this.isLoaded) return;
    if (!this.layers.shelters) {
      this.shelterLabels.clear();
      return;
    }
    this.shelterLabels.set(
      this.shelters
        .filter((shelter) => shelter.status !== 'closed')
        .map((shelter) => {
          const load = shelterLoad(shelter);
          const [lng, lat] = shelter.location.coordinates;
          return {
            // The load is in the key: a marker keeps its class for life, so a new load is a new marker.
            key: `shelter:${shelter.id}:${load}`,
            lngLat: [lng, lat],
            text: `${this.formatCount(shelter.occupancy)}/${this.formatCount(shelter.capacity)}`,
            className: `map-label--shelter map-label--shelter-${load}`,
          };
        }),
    );
  }

  /** Shows or hides the optional layers. */
  setLayers(layers: Readonly<Record<MapLayerId, boolean>>): void {
    this.layers = layers;
    this.applyLayers();
    this.applyShelters();
  }

  private applyLayers(): void {
    if (!this.isLoaded) return;
    const optional = ['units', 'facilities'] as const satisfies readonly (keyof typeof OPTIONAL_LAYERS)[];
    for (const layer of optional) {
      const visibility = this.layers[layer] ? 'visible' : 'none';
      for (const id of OPTIONAL_LAYERS[layer]) this.map.setLayoutProperty(id, 'visibility', visibility);
    }
  }

  /** Rings the selected incident; null for none. */
  setSelected(id: string | null): void {
    this.selectedId = id;
    this.applySelection();
  }

  private applySelection(): void {
    if (!this.isLoaded) return;
    this.map.setFilter(LAYER_IDS.selectedArea, selectedFilter(this.selectedId));
    this.applySelectedPoint();
    // The selected incident's area is drawn at any size: its ring must show.
    if (this.askedView && this.askedView.keepAreaOf !== this.selectedId) void this.showView();
  }

  /**
   * Puts the selected incident, as drawn, alone into the selection ring's source: again only when
   * the selection or its drawing changed (`drawn` holds a new entry for a changed incident).
   */
  private applySelectedPoint(): void {
    const held = (this.selectedId === null ? undefined : this.drawn.get(this.selectedId)) ?? null;
    if (held === this.selectedDrawn) return;
    this.selectedDrawn = held;
    const { points } = toIncidentFeatures(held ? [held.incident] : [], () => held?.isOverdue === true);
    this.setSourceData(SOURCE_IDS.incidentSelected, points);
  }

  /** Draws the governorates and labels them with `nameOf`. */
  setGovernorates(collection: GovernorateCollection | null, nameOf: (id: string) => string): void {
    if (collection !== this.governorates) {
      this.governorateLabels = (collection?.features ?? []).flatMap((feature) => {
        const position = labelPosition(feature.geometry);
        if (!position) return [];
        const rings =
          feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
        const longitudes = rings.flatMap((polygon) => (polygon[0] ?? []).map((p) => p[0]));
        return [
          {
            id: feature.properties.id,
            position: [position[0], position[1]],
            west: Math.min(...longitudes),
            east: Math.max(...longitudes),
          },
        ];
      });
    }
    this.governorates = collection;
    this.governorateNames = nameOf;
    this.applyGovernorates();
    this.applyLabels();
  }

  private applyGovernorates(): void {
    if (!this.isLoaded) return;
    this.setSourceData(SOURCE_IDS.governorates, this.governorates ?? emptyCollection());
  }

  /** Sets the words of the fixed labels and the number format of cluster counts. */
  setLanguage(
    geographicNames: (key: GeographicLabelKey) => string,
    formatCount: (count: number) => string,
  ): void {
    this.geographicNames = geographicNames;
    this.formatCount = formatCount;
    this.applyLabels();
    this.updateClusterCounts();
    this.applyShelters();
  }

  private applyLabels(): void {
    if (!this.isLoaded) return;
    const labels: DomLabel[] = GEOGRAPHIC_LABELS.map((label) => ({
      ...label,
      lngLat: [label.lngLat[0], label.lngLat[1]],
      text: this.geographicNames(label.key),
    }));
    for (const { id, position, west, east } of this.governorateLabels) {
      const width = this.map.project([east, position[1]]).x - this.map.project([west, position[1]]).x;
      labels.push({
        key: `governorate:${id}`,
        lngLat: position,
        text: this.governorateNames(id),
        className: 'map-label--governorate',
        isHidden: width < GOVERNORATE_LABEL_MIN_WIDTH_PX,
      });
    }
    this.labels.set(labels);
  }

  /** Flies to an incident: its point, or its whole area. */
  focus(incident: Incident): void {
    const { location } = incident;
    if (location.type === 'Polygon') {
      const ring = location.coordinates[0] ?? [];
      const lngs = ring.map((p) => p[0]);
      const lats = ring.map((p) => p[1]);
      this.map.fitBounds(
        [
          [Math.min(...lngs), Math.min(...lats)],
          [Math.max(...lngs), Math.max(...lats)],
        ],
        { padding: 80, maxZoom: FOCUS_ZOOM + 1.5 },
      );
      return;
    }
    const center: Position = representativePosition(location);
    this.map.flyTo({ center: [center[0], center[1]], zoom: Math.max(this.map.getZoom(), FOCUS_ZOOM) });
  }

  zoomIn(): void {
    this.map.zoomIn();
  }

  zoomOut(): void {
    this.map.zoomOut();
  }

  /** Shows an area `[west, south, east, north]` at once, without flying: a wall's slice of the country. */
  fitArea(bounds: readonly [number, number, number, number]): void {
    this.map.fitBounds(
      [
        [bounds[0], bounds[1]],
        [bounds[2], bounds[3]],
      ],
      { padding: FIT_PADDING_PX, animate: false },
    );
  }

  /** Back to the opening view: all of Kuwait. */
  fitKuwait(): void {
    this.map.fitBounds(KUWAIT, { padding: FIT_PADDING_PX });
  }

  destroy(): void {
    this.pushIncidents.cancel();
    this.clusters.destroy();
    if (window.__MIRSAD_MAP_INCIDENTS__ === this.incidentsHook) delete window.__MIRSAD_MAP_INCIDENTS__;
    this.pushUnits.cancel();
    clearInterval(this.staleCheck);
    this.shelterLabels.clear();
    this.clusterCounts.clear();
    this.labels.clear();
    if (window.__MIRSAD_MAP__ === this.map) delete window.__MIRSAD_MAP__;
    this.map.remove();
  }
}

/** The ids of the incidents a diff adds or changes. */
function* upsertedIds(diff: FeatureDiff): Generator<string> {
  for (const feature of diff.add) {
    const id: unknown = feature.properties?.['id'];
    if (typeof id === 'string') yield id;
  }
  for (const { id } of diff.update) yield id;
}

export { supportsWebGL } from './webgl.js';
