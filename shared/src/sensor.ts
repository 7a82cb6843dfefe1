import { z } from 'zod';
import {
  PointSchema,
  PolygonSchema,
  PositionSchema,
  type Point,
  type Polygon,
  type Position,
} from './geo.js';
import { type LocalizedText } from './i18n.js';
import { ExerciseIdSchema, type Severity } from './incident.js';
import { relatedCategoriesOf } from './room.js';
import { isCategoryOf, SectorIdSchema, type SectorId } from './sectors.js';

// Field sensors (issue 15): drones and fixed thermal cameras. Their registrations and the
// detections that report or join incidents are durable events; drone telemetry is volatile
// (broadcast, sampled into the position history for replay). The same payload schemas parse
// MQTT messages, the HTTP alternative and the simulator's output.

/** The kinds of field sensor Mirsad ingests. */
export const SENSOR_KINDS = ['drone', 'thermal-camera'] as const;

/** A kind of field sensor. */
export const SensorKindSchema = z.enum(SENSOR_KINDS);

/** A kind of field sensor. */
export type SensorKind = z.infer<typeof SensorKindSchema>;

/** The name of each sensor kind, in both languages. */
export const SENSOR_KIND_NAMES: Readonly<Record<SensorKind, LocalizedText>> = {
  drone: { en: 'Drone', ar: 'طائرة مسيّرة' },
  'thermal-camera': { en: 'Thermal camera', ar: 'كاميرا حرارية' },
};

/**
 * A sensor's id: one MQTT topic level (no `/`, `+` or `#`), lower-case letters, digits, dot,
 * dash and underscore, such as `drone-07` or `cam.amghara-2`.
 */
export const SensorIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore');

/** A sensor's id. */
export type SensorId = z.infer<typeof SensorIdSchema>;

/**
 * What a fixed camera sees: a sector of a circle around its place, from `bearingDeg - widthDeg/2`
 * to `bearingDeg + widthDeg/2`, out to `rangeM` on the ground.
 */
export const FieldOfViewSchema = z
  .object({
    /** Where the camera looks, degrees clockwise from north. */
    bearingDeg: z.number().min(0).max(360),
    /** How wide it sees, degrees (360 for a rotating mast). */
    widthDeg: z.number().gt(0).max(360),
    /** How far it resolves a fire on the ground, metres. */
    rangeM: z.number().gt(0).max(50_000),
  })
  .strict();

/** What a fixed camera sees. */
export type FieldOfView = z.infer<typeof FieldOfViewSchema>;

/**
 * When a camera's detection counts as a fire. A detection below any of them is counted but
 * neither reports nor joins an incident.
 */
export const ThermalThresholdsSchema = z
  .object({
    /** Hottest pixel, °C. Sun-baked ground in a Kuwaiti summer reaches about 70 °C; flame and embers are far above 150 °C. */
    minTempC: z.number().min(-50).max(2_000),
    /** Hot area on the ground, m². */
    minAreaM2: z.number().min(0).max(1_000_000),
    /** The camera's own confidence, 0–1. */
    minConfidence: z.number().min(0).max(1),
  })
  .strict();

/** When a camera's detection counts as a fire. */
export type ThermalThresholds = z.infer<typeof ThermalThresholdsSchema>;

/** Thresholds a camera gets unless registered with its own: a fire, not a hot roof or a car's engine. */
export const DEFAULT_THERMAL_THRESHOLDS: ThermalThresholds = {
  minTempC: 150,
  minAreaM2: 2,
  minConfidence: 0.6,
};

/** The category a thermal camera's reports carry unless registered with another (of fire and marine rescue). */
export const DEFAULT_THERMAL_CATEGORY = 'building-fire';

/** The sector every thermal detection reports to. */
export const THERMAL_REPORT_SECTOR: SectorId = 'fire-marine-rescue';

/** The body of `POST /api/sensors`: registers a drone or a thermal camera (or changes its registration). */
export const NewSensorSchema = z
  .object({
    id: SensorIdSchema,
    kind: SensorKindSchema,
    /** The sector that flies or watches it: its rooms see the sensor, its keys may post for it. */
    sector: SectorIdSchema,
    name: z.string().trim().min(1).max(128),
    /** Where a fixed camera stands. */
    location: PointSchema.optional(),
    /** What a fixed camera sees; needs `location`. */
    fieldOfView: FieldOfViewSchema.optional(),
    /** A camera's own thresholds, each defaulting to `DEFAULT_THERMAL_THRESHOLDS`. */
    thresholds: ThermalThresholdsSchema.partial().optional(),
    /** The category of fire and marine rescue its reports carry (`DEFAULT_THERMAL_CATEGORY` when left out). */
    category: z.string().min(1).max(64).optional(),
    /**
     * The API-key source that may post its payloads over HTTP (a key with this `source`, bound
     * to the sensor's sector); `sensor.<id>` when left out. A gateway feeding many devices
     * shares one source.
     */
    source: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9._-]*$/)
      .optional(),
    /** Registers the sensor inside this exercise, kept apart from the live picture. */
    exerciseId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((s) => s.fieldOfView === undefined || s.location !== undefined, {
    error: 'a field of view needs the camera’s location',
    path: ['fieldOfView'],
  })
  .refine((s) => s.kind === 'thermal-camera' || (s.thresholds === undefined && s.category === undefined), {
    error: 'only a thermal camera has thresholds and a report category',
    path: ['thresholds'],
  })
  .refine((s) => s.category === undefined || isCategoryOf(THERMAL_REPORT_SECTOR, s.category), {
    error: 'the category is not one of fire and marine rescue’s (GET /api/sectors lists them)',
    path: ['category'],
  });

/** The body of `POST /api/sensors`. */
export type NewSensor = z.infer<typeof NewSensorSchema>;

/** A registered sensor, as projected from its events and listed by `GET /api/sensors`. */
export const SensorSchema = z.object({
  id: SensorIdSchema,
  kind: SensorKindSchema,
  sector: SectorIdSchema,
  name: z.string().min(1).max(128),
  location: PointSchema.nullable(),
  fieldOfView: FieldOfViewSchema.nullable(),
  /** Resolved for a thermal camera; null for a drone. */
  thresholds: ThermalThresholdsSchema.nullable(),
  /** The category its reports carry; null for a drone. */
  category: z.string().nullable(),
  /** The API-key source allowed to post for it. */
  source: z.string().min(1).max(64),
  exerciseId: ExerciseIdSchema,
  registeredAt: z.iso.datetime(),
  /** Who registered it last, `user:<name>`. */
  registeredBy: z.string(),
});

/** A registered sensor. */
export type Sensor = z.infer<typeof SensorSchema>;

/** The API-key source a sensor registered without one accepts. */
export function defaultSensorSource(id: SensorId): string {
  return `sensor.${id}`;
}

/** How far a device's `at` may lie ahead of the server's clock, ms (clock skew, not the future). */
export const SENSOR_MAX_AHEAD_MS = 60_000;

/** How old a payload may be, ms: older ones are replayed backlog, not the present. */
export const SENSOR_MAX_AGE_MS = 10 * 60_000;

/**
 * One drone telemetry message (`mirsad/drone/<droneId>/telemetry`, or `POST
 * /api/sensors/:id/telemetry`): where it is, how it flies, and what its camera covers.
 */
export const DroneTelemetrySchema = z
  .object({
    /** When the drone measured it. */
    at: z.iso.datetime(),
    /** `[longitude, latitude]`, WGS 84 degrees. */
    position: PositionSchema,
    /** Height above ground, metres. */
    altitudeM: z.number().min(-100).max(10_000),
    /** Heading, degrees clockwise from north. */
    headingDeg: z.number().min(0).max(360),
    /** Ground speed, m/s. */
    speedMps: z.number().min(0).max(200),
    /** Battery left, percent. */
    batteryPct: z.number().min(0).max(100),
    /** What its camera covers on the ground now; null when the camera is off. */
    footprint: PolygonSchema.nullable().default(null),
  })
  .strict();

/** One drone telemetry message. */
export type DroneTelemetry = z.infer<typeof DroneTelemetrySchema>;

/** Largest thumbnail a detection may carry, characters of its data URL (about 48 KB of image). */
export const THUMBNAIL_MAX_CHARS = 65_536;

/**
 * One thermal detection (`mirsad/thermal/<cameraId>/detection`, or `POST
 * /api/sensors/:id/detections`): a hot spot the camera saw.
 */
export const ThermalDetectionSchema = z
  .object({
    /** When the camera saw it. */
    at: z.iso.datetime(),
    /** Where the hot spot is on the ground (not where the camera stands). */
    location: PointSchema,
    /** Hottest pixel, °C. */
    maxTempC: z.number().min(-50).max(2_000),
    /** Hot area on the ground, m². */
    areaM2: z.number().min(0).max(1_000_000),
    /** The camera's confidence that this is a fire, 0–1. */
    confidence: z.number().min(0).max(1),
    /** A small image as a data URL (`data:image/jpeg;base64,…`). */
    thumbnail: z
      .string()
      .max(THUMBNAIL_MAX_CHARS)
      .regex(
        /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/,
        'a base64 JPEG, PNG or WebP data URL',
      )
      .optional(),
  })
  .strict();

/** One thermal detection. */
export type ThermalDetection = z.infer<typeof ThermalDetectionSchema>;

/** Whether a detection is over a camera's thresholds: a fire to report or attach. */
export function isOverThresholds(
  detection: Pick<ThermalDetection, 'maxTempC' | 'areaM2' | 'confidence'>,
  thresholds: ThermalThresholds,
): boolean {
  return (
    detection.maxTempC >= thresholds.minTempC &&
    detection.areaM2 >= thresholds.minAreaM2 &&
    detection.confidence >= thresholds.minConfidence
  );
}

/**
 * The severity a thermal detection suggests, from its temperature and hot area: a car-sized hot
 * spot is 2, a house 3, a warehouse 4, a yard of tyres or a tank farm 5; very hot fires one more.
 */
export function thermalSeverity(detection: Pick<ThermalDetection, 'maxTempC' | 'areaM2'>): Severity {
  const byArea = detection.areaM2 >= 5_000 ? 5 : detection.areaM2 >= 500 ? 4 : detection.areaM2 >= 50 ? 3 : 2;
  const byTemp = detection.maxTempC >= 600 ? 1 : 0;
  return Math.min(5, byArea + byTemp) as Severity;
}

/** How near an active incident must be for a detection to join it instead of reporting a new one, metres. */
export const THERMAL_ATTACH_RADIUS_M = 300;

/** The fire categories of fire and marine rescue: an active incident of one of these (or of a category related to one) covers a detection near it. */
export const THERMAL_FIRE_CATEGORIES = ['building-fire', 'industrial-fire', 'vehicle-fire'] as const;

/** The sector/category pairs whose active incidents cover a thermal detection within `THERMAL_ATTACH_RADIUS_M`. */
export function thermalCoveringKinds(): { sector: SectorId; category: string }[] {
  const own = THERMAL_FIRE_CATEGORIES.map((category) => ({
    sector: THERMAL_REPORT_SECTOR,
    category,
  }));
  const related = own.flatMap((kind) => relatedCategoriesOf(kind));
  const seen = new Set<string>();
  return [...own, ...related].filter((kind) => {
    const key = `${kind.sector}/${kind.category}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Least time between two recorded detections of one camera on one incident, ms: between them,
 * detections no hotter than the last recorded are counted as coalesced, not written, so a
 * camera reporting many times a second leaves a history of one point per interval.
 */
export const DETECTION_RECORD_INTERVAL_MS = 10_000;

/** The source of the incidents a camera reports: `thermal:<cameraId>`. */
export function thermalSource(cameraId: SensorId): `thermal:${string}` {
  return `thermal:${cameraId}`;
}

/** What a detection did. `reported`: opened the incident; `attached`: joined an incident near it (evidence, no duplicate). */
export const DetectionOutcomeSchema = z.enum(['reported', 'attached']);

/** What a detection did. */
export type DetectionOutcome = z.infer<typeof DetectionOutcomeSchema>;

/** A detection as the log keeps it: its payload (without the thumbnail beyond the first), its camera and its incident. */
export const RecordedDetectionSchema = z.object({
  id: z.uuid(),
  cameraId: SensorIdSchema,
  incidentId: z.uuid(),
  outcome: DetectionOutcomeSchema,
  at: z.iso.datetime(),
  location: PointSchema,
  maxTempC: z.number(),
  areaM2: z.number(),
  confidence: z.number(),
  /** Kept only on the detection that reported or first attached from its camera, to keep the log lean. */
  thumbnail: z.string().nullable(),
});

/** A detection as the log keeps it. */
export type RecordedDetection = z.infer<typeof RecordedDetectionSchema>;

/**
 * One point of an incident's thermal history (`GET /api/incidents/:id/detections`), oldest
 * first: the temperature and area over time, for the incident panel's chart.
 */
export const DetectionHistorySchema = z.object({
  incidentId: z.uuid(),
  detections: z.array(RecordedDetectionSchema),
});

/** An incident's thermal history. */
export type DetectionHistory = z.infer<typeof DetectionHistorySchema>;

/** A drone's live state as the room sees it: its last telemetry and when it was heard. */
export const DroneStateSchema = z.object({
  droneId: SensorIdSchema,
  sector: SectorIdSchema,
  exerciseId: ExerciseIdSchema,
  telemetry: DroneTelemetrySchema,
  /** When the server last received a message from it (the server's clock, not the drone's). */
  heardAt: z.iso.datetime(),
});

/** A drone's live state. */
export type DroneState = z.infer<typeof DroneStateSchema>;

/** A drone not heard for this long is drawn stale, ms. */
export const DRONE_STALE_AFTER_MS = 30_000;

/** A drone not heard for this long is drawn lost, ms. */
export const DRONE_LOST_AFTER_MS = 2 * 60_000;

/** How long a drone's track the map draws, ms. */
export const DRONE_TRACK_MS = 10 * 60_000;

/** How fresh a drone is: from when the server last heard it, never from the drone's own clock. */
export function droneFreshness(heardAt: string, now: Date): 'live' | 'stale' | 'lost' {
  const silentMs = now.getTime() - Date.parse(heardAt);
  return silentMs >= DRONE_LOST_AFTER_MS ? 'lost' : silentMs >= DRONE_STALE_AFTER_MS ? 'stale' : 'live';
}

/**
 * Least time between two `drones.moved` broadcasts to one room, ms; telemetry in between is
 * coalesced (the latest per drone). Under a second so broker-to-screen stays under a second.
 */
export const DRONE_POSITION_THROTTLE_MS = 250;

/** The id under which a drone's sampled positions are kept in the position history, beside units'. */
export function droneHistoryId(droneId: SensorId): `drone:${string}` {
  return `drone:${droneId}`;
}

/** What `GET /api/sensors/stats` answers: what the ingest took, dropped and why, since start. */
export const SensorStatsSchema = z.object({
  mqtt: z.object({
    /** Whether MQTT_URL is set. */
    isEnabled: z.boolean(),
    isConnected: z.boolean(),
    reconnects: z.number().int(),
  }),
  /** Messages accepted, by kind. */
  accepted: z.object({ telemetry: z.number().int(), detections: z.number().int() }),
  /** Messages dropped, by reason: `bad_payload`, `unregistered`, `wrong_kind`, `stale`, `bad_topic`. */
  dropped: z.record(z.string(), z.number().int()),
  detections: z.object({
    belowThresholds: z.number().int(),
    /** Repeats of a heat just queued, within DETECTION_RECORD_INTERVAL_MS and no hotter: counted, not written. */
    coalesced: z.number().int(),
    reported: z.number().int(),
    attached: z.number().int(),
    /** Waiting to be written: the queue between ingest and the log. */
    queued: z.number().int(),
  }),
  cot: z.object({
    isEnabled: z.boolean(),
    clients: z.number().int(),
    positionsApplied: z.number().int(),
    unknownUids: z.number().int(),
    /** Positions of a registered uid refused: a unit of a sector the client's certificate does not allow, or a fix far from now. */
    refused: z.number().int(),
    malformed: z.number().int(),
    oversized: z.number().int(),
  }),
});

/** What `GET /api/sensors/stats` answers. */
export type SensorStats = z.infer<typeof SensorStatsSchema>;

/**
 * The ground polygon a fixed camera sees, as a closed ring of `steps` arc points plus its place
 * (a whole circle when `widthDeg` is 360). For the map, in degrees on a local flat-earth approximation.
 */
export function fieldOfViewPolygon(location: Point, fov: FieldOfView, steps = 16): Polygon {
  const [lon, lat] = location.coordinates;
  const mPerDegLat = 111_320;
  const mPerDegLon = 111_320 * Math.cos((lat * Math.PI) / 180);
  const at = (bearingDeg: number): Position => {
    const rad = (bearingDeg * Math.PI) / 180;
    return [lon + (fov.rangeM * Math.sin(rad)) / mPerDegLon, lat + (fov.rangeM * Math.cos(rad)) / mPerDegLat];
  };
  const start = fov.bearingDeg - fov.widthDeg / 2;
  const arc = Array.from({ length: steps + 1 }, (_, i) => at(start + (fov.widthDeg * i) / steps));
  const ring: Position[] = fov.widthDeg >= 360 ? arc : [[lon, lat], ...arc, [lon, lat]];
  const first = ring[0];
  if (first && fov.widthDeg >= 360) ring[ring.length - 1] = first;
  return { type: 'Polygon', coordinates: [ring] };
}
