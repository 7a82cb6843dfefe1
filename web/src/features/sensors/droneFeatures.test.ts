import type { DroneState } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { applyDroneStates, batteryClass, dronePoints, droneShapes, EMPTY_FLEET } from './droneFeatures.js';

const T0 = Date.parse('2026-11-30T10:00:00.000Z');

const state = (droneId: string, minute: number, lon: number, heardMinute = minute): DroneState => ({
  droneId,
  sector: 'civil-defence',
  exerciseId: null,
  heardAt: new Date(T0 + heardMinute * 60_000).toISOString(),
  telemetry: {
    at: new Date(T0 + minute * 60_000).toISOString(),
    position: [lon, 29.3],
    altitudeM: 100,
    headingDeg: 45,
    speedMps: 10,
    batteryPct: 50,
    footprint: {
      type: 'Polygon',
      coordinates: [
        [
          [lon, 29.3],
          [lon + 0.001, 29.3],
          [lon + 0.001, 29.301],
          [lon, 29.3],
        ],
      ],
    },
  },
});

describe('the drone fleet', () => {
  it('keeps the newest telemetry of each drone: a late batch never moves it back', () => {
    const fleet = applyDroneStates(EMPTY_FLEET, [state('d1', 2, 48.02)]);
    const late = applyDroneStates(fleet, [state('d1', 1, 48.01)]);
    expect(late).toBe(fleet);
    expect(late.drones.get('d1')?.telemetry.position[0]).toBe(48.02);
  });

  it('keeps the last ten minutes of track, measured from the newest point', () => {
    let fleet = EMPTY_FLEET;
    for (let minute = 0; minute <= 14; minute += 1)
      fleet = applyDroneStates(fleet, [state('d1', minute, 48 + minute / 100)]);
    const track = fleet.tracks.get('d1') ?? [];
    expect(track.map((point) => (point.atMs - T0) / 60_000)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('draws a drone stale after 30 s of silence and lost after two minutes, dropping a lost drone’s footprint', () => {
    const fleet = applyDroneStates(EMPTY_FLEET, [state('d1', 0, 48), state('d2', 0, 48.1)]);
    const at = (seconds: number) => ({
      drones: dronePoints(fleet, new Date(T0 + seconds * 1000)),
      footprints: droneShapes(fleet, new Date(T0 + seconds * 1000)).footprints,
    });
    expect(at(29).drones.features.map((f) => f.properties.freshness)).toEqual(['live', 'live']);
    expect(at(31).drones.features.map((f) => f.properties.freshness)).toEqual(['stale', 'stale']);
    expect(at(31).footprints.features).toHaveLength(2);
    expect(at(121).drones.features.map((f) => f.properties.freshness)).toEqual(['lost', 'lost']);
    expect(at(121).footprints.features).toHaveLength(0);
  });

  it('classes the battery: good above 30 %, low to 15 %, critical below', () => {
    expect([80, 31, 30, 16, 15, 3].map(batteryClass)).toEqual([
      'ok',
      'ok',
      'low',
      'low',
      'critical',
      'critical',
    ]);
  });
});
