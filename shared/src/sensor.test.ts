import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THERMAL_THRESHOLDS,
  DroneTelemetrySchema,
  NewSensorSchema,
  ThermalDetectionSchema,
  droneFreshness,
  fieldOfViewPolygon,
  isOverThresholds,
  thermalCoveringKinds,
  thermalSeverity,
} from './sensor.js';
import { PolygonSchema } from './geo.js';

const detection = {
  at: '2026-11-30T10:00:00.000Z',
  location: { type: 'Point', coordinates: [47.83, 29.26] },
  maxTempC: 420,
  areaM2: 35,
  confidence: 0.82,
};

describe('sensor payloads', () => {
  it('parse a detection and refuse one with a wrong field, naming it', () => {
    expect(ThermalDetectionSchema.parse(detection)).toEqual(detection);
    const bad = ThermalDetectionSchema.safeParse({ ...detection, confidence: 1.4, extra: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.path.join('.') || issue.code).sort()).toEqual([
      'confidence',
      'unrecognized_keys',
    ]);
    expect(ThermalDetectionSchema.safeParse({ ...detection, thumbnail: 'javascript:alert(1)' }).success).toBe(
      false,
    );
  });

  it('parse telemetry with its footprint, which defaults to none', () => {
    const telemetry = {
      at: '2026-11-30T10:00:00.000Z',
      position: [47.9, 29.3],
      altitudeM: 120,
      headingDeg: 270,
      speedMps: 12,
      batteryPct: 55,
    };
    expect(DroneTelemetrySchema.parse(telemetry).footprint).toBeNull();
    expect(DroneTelemetrySchema.safeParse({ ...telemetry, position: [47.9] }).success).toBe(false);
  });

  it('refuse a drone with thresholds, a field of view without a place, and a category outside fire and marine rescue', () => {
    const base = { id: 'cam-1', kind: 'thermal-camera', sector: 'fire-marine-rescue', name: 'Cam' };
    expect(NewSensorSchema.safeParse(base).success).toBe(true);
    expect(NewSensorSchema.safeParse({ ...base, kind: 'drone', thresholds: { minTempC: 90 } }).success).toBe(
      false,
    );
    expect(
      NewSensorSchema.safeParse({ ...base, fieldOfView: { bearingDeg: 10, widthDeg: 40, rangeM: 900 } })
        .success,
    ).toBe(false);
    expect(NewSensorSchema.safeParse({ ...base, category: 'collision' }).success).toBe(false);
    expect(NewSensorSchema.safeParse({ ...base, id: 'cam/+' }).success).toBe(false);
  });
});

describe('thermal rules', () => {
  it('count a fire only above every threshold', () => {
    expect(isOverThresholds(detection, DEFAULT_THERMAL_THRESHOLDS)).toBe(true);
    expect(isOverThresholds({ ...detection, maxTempC: 70 }, DEFAULT_THERMAL_THRESHOLDS)).toBe(false);
    expect(isOverThresholds({ ...detection, areaM2: 0.5 }, DEFAULT_THERMAL_THRESHOLDS)).toBe(false);
    expect(isOverThresholds({ ...detection, confidence: 0.3 }, DEFAULT_THERMAL_THRESHOLDS)).toBe(false);
  });

  it('grade severity by area, one more for a very hot fire, at most 5', () => {
    expect(thermalSeverity({ maxTempC: 300, areaM2: 10 })).toBe(2);
    expect(thermalSeverity({ maxTempC: 300, areaM2: 80 })).toBe(3);
    expect(thermalSeverity({ maxTempC: 300, areaM2: 800 })).toBe(4);
    expect(thermalSeverity({ maxTempC: 700, areaM2: 800 })).toBe(5);
    expect(thermalSeverity({ maxTempC: 900, areaM2: 9_000 })).toBe(5);
  });

  it('are covered by active fires of fire and marine rescue and the categories related to them', () => {
    const kinds = thermalCoveringKinds().map((kind) => `${kind.sector}/${kind.category}`);
    expect(kinds).toContain('fire-marine-rescue/building-fire');
    expect(kinds).toContain('traffic/collision');
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});

describe('drones and cameras on the map', () => {
  it('are stale after 30 s unheard and lost after two minutes, by the server’s clock', () => {
    const now = new Date('2026-11-30T10:00:00.000Z');
    expect(droneFreshness('2026-11-30T09:59:45.000Z', now)).toBe('live');
    expect(droneFreshness('2026-11-30T09:59:30.000Z', now)).toBe('stale');
    expect(droneFreshness('2026-11-30T09:57:59.000Z', now)).toBe('lost');
  });

  it('draw a camera’s field of view as a closed polygon, a sector or a whole circle', () => {
    const place = { type: 'Point' as const, coordinates: [47.8, 29.2] as [number, number] };
    for (const widthDeg of [60, 360]) {
      const polygon = fieldOfViewPolygon(place, { bearingDeg: 90, widthDeg, rangeM: 1_000 });
      expect(PolygonSchema.safeParse(polygon).success).toBe(true);
    }
    const narrow = fieldOfViewPolygon(place, { bearingDeg: 90, widthDeg: 2, rangeM: 1_000 });
    // Looking east: every arc point lies east of the camera, about a kilometre away.
    const arc = narrow.coordinates[0]?.slice(1, -1) ?? [];
    expect(arc.every(([lon]) => lon > 47.8 + 0.009)).toBe(true);
  });
});
