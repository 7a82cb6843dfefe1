import {
  DEFAULT_THERMAL_THRESHOLDS,
  DroneTelemetrySchema,
  NewSensorSchema,
  ThermalDetectionSchema,
  distanceMetres,
  isOverThresholds,
} from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { AMGHARA_FIRE, droneTelemetry, patrolCot, sensorPlan, thermalDetection } from './sensors.js';

const START = Date.parse('2026-11-30T10:00:00.000Z');

describe('simulated sensors', () => {
  it('fly drones that stay in their search box, send valid telemetry and drain their battery', () => {
    const plan = sensorPlan({ scenario: 'demo', startMs: START });
    expect(plan.drones).toHaveLength(4);
    for (const drone of plan.drones) {
      const [west, south, east, north] = drone.box;
      for (let minute = 0; minute < 60; minute += 3) {
        const telemetry = DroneTelemetrySchema.parse(droneTelemetry(drone, START + minute * 60_000));
        const [lon, lat] = telemetry.position;
        expect(lon).toBeGreaterThanOrEqual(west - 1e-6);
        expect(lon).toBeLessThanOrEqual(east + 1e-6);
        expect(lat).toBeGreaterThanOrEqual(south - 1e-6);
        expect(lat).toBeLessThanOrEqual(north + 1e-6);
      }
      const a = droneTelemetry(drone, START);
      const b = droneTelemetry(drone, START + 10_000);
      // 10 s at its speed, give or take a turn at the end of a lane.
      expect(distanceMetres(a.position, b.position)).toBeLessThanOrEqual(drone.speedMps * 10 + 1);
    }
  });

  it('are the same every run (seeded)', () => {
    const one = sensorPlan({ scenario: 'industrial-fire-amghara', startMs: START });
    const two = sensorPlan({ scenario: 'industrial-fire-amghara', startMs: START });
    expect(one).toEqual(two);
  });

  it('watch the Amghara fire from two masts, seeing it grow past the fire thresholds', () => {
    const plan = sensorPlan({ scenario: 'industrial-fire-amghara', startMs: START, exerciseId: 'ex-1234' });
    expect(plan.cameras).toHaveLength(2);
    for (const camera of plan.cameras) {
      expect(NewSensorSchema.parse(camera.sensor).exerciseId).toBe('ex-1234');
      expect(camera.sensor.id.startsWith('ex-1234-')).toBe(true);
      expect(thermalDetection(camera, START - 1, 0)).toBeNull();
      const early = ThermalDetectionSchema.parse(thermalDetection(camera, START + 60_000, 1));
      const late = ThermalDetectionSchema.parse(thermalDetection(camera, START + 25 * 60_000, 2));
      expect(isOverThresholds(early, DEFAULT_THERMAL_THRESHOLDS)).toBe(true);
      expect(late.maxTempC).toBeGreaterThan(early.maxTempC);
      expect(late.areaM2).toBeGreaterThan(early.areaM2);
      expect(distanceMetres(late.location.coordinates, AMGHARA_FIRE)).toBeLessThan(50);
    }
  });

  it('drive live patrols that report as CoT events with their TAK uid', () => {
    const plan = sensorPlan({ scenario: 'demo', startMs: START });
    expect(plan.patrols.length).toBeGreaterThan(0);
    const xml = patrolCot(plan.patrols[0] ?? (undefined as never), START + 30_000);
    expect(xml).toMatch(/^<event version="2\.0" uid="ANDROID-mirsad-sim-1" type="a-f-G-U-C"/);
    expect(xml).toMatch(/<point lat="29\.\d+" lon="47\.\d+"/);
    // A drill carries no patrols: an exercise's units move by its scenario.
    expect(
      sensorPlan({ scenario: 'heavy-rain-capital', startMs: START, exerciseId: 'ex-1' }).patrols,
    ).toEqual([]);
  });
});
