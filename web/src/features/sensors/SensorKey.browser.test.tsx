import type { DroneState, RecordedDetection } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { fakeApi } from '../../test/fakeServer.js';
import { renderInBrowser } from '../../test/render.js';
import { DetectionChart } from './DetectionChart.js';
import { applyDroneStates, EMPTY_FLEET } from './droneFeatures.js';
import { sensorQueries } from './queries.js';
import { DroneStatusList, SensorKey } from './SensorKey.js';

const NOW_MS = Date.parse('2026-11-30T10:00:00.000Z');

const drone = (droneId: string, batteryPct: number, silentS: number): DroneState => {
  const at = new Date(NOW_MS - silentS * 1000).toISOString();
  return {
    droneId,
    sector: 'fire-marine-rescue',
    exerciseId: null,
    heardAt: at,
    telemetry: {
      at,
      position: [47.6, 29.4],
      altitudeM: 80,
      headingDeg: 90,
      speedMps: 8,
      batteryPct,
      footprint: null,
    },
  };
};

const DRONES = [
  drone('drone-ok', 82, 2),
  drone('drone-low', 12, 3),
  drone('drone-quiet', 60, 45),
  drone('drone-gone', 40, 300),
];

describe('the drones in the map key', () => {
  it('lists the drones that need an eye first: lost, stale, then a critical battery, each marked', async () => {
    renderInBrowser(<DroneStatusList drones={DRONES} nowMs={NOW_MS} />);
    await expect.element(page.getByTestId('drone-list')).toHaveTextContent('4 drones');
    const rows = page.getByTestId('drone-status').elements();
    expect(rows.map((row) => row.querySelector('bdi')?.textContent)).toEqual([
      'drone-gone',
      'drone-quiet',
      'drone-low',
      'drone-ok',
    ]);
    expect(rows.map((row) => row.getAttribute('data-freshness'))).toEqual(['lost', 'stale', 'live', 'live']);
    expect(rows[2]?.getAttribute('data-battery')).toBe('critical');
    expect(rows[0]?.textContent).toContain('Lost · silent for 5 minutes');
    expect(rows[1]?.textContent).toContain('Stale');
    expect(rows[1]?.textContent).toContain('silent for 45 seconds');
    expect(rows[2]?.textContent).toContain('Battery 12%');
  });

  it('reads in Arabic, with the plural of the drones and no English left', async () => {
    renderInBrowser(
      <DroneStatusList drones={[DRONES[1] as DroneState, DRONES[2] as DroneState]} nowMs={NOW_MS} />,
      {
        locale: 'ar',
      },
    );
    await expect.element(page.getByTestId('drone-list')).toHaveTextContent('طائرتان مسيّرتان');
    await expect.element(page.getByTestId('drone-list')).toHaveTextContent('متأخرة · صامتة منذ 45 ثانية');
    const rows = page.getByTestId('drone-status').elements();
    expect(rows[0]?.textContent).toContain('البطارية');
    expect(rows[1]?.textContent).toContain('مباشرة');
    // Only the drones' own ids are Latin.
    for (const row of rows)
      expect(row.textContent.replace(row.querySelector('bdi')?.textContent ?? '', '')).not.toMatch(
        /[A-Za-z]/,
      );
  });

  it('switches the drone and detection layers and explains staleness in the key, in both languages', async () => {
    fakeApi(() => undefined);
    const { queryClient } = renderInBrowser(<SensorKey />);
    queryClient.setQueryData(
      sensorQueries.drones().queryKey,
      applyDroneStates(EMPTY_FLEET, [DRONES[0] as DroneState]),
    );
    await expect.element(page.getByTestId('sensor-key')).toHaveTextContent('Stale: silent for 30 seconds');
    await expect.element(page.getByTestId('sensor-key')).toHaveTextContent('Lost: silent for 2 minutes');
    await expect.element(page.getByTestId('sensor-key')).toHaveTextContent('Battery low (≤ 30%)');
    await expect.element(page.getByTestId('drone-list')).toHaveTextContent('1 drone');
    await page.getByTestId('layer-drones').click();
    await expect.element(page.getByTestId('layer-drones')).not.toBeChecked();
    await expect.element(page.getByTestId('drone-list')).not.toBeInTheDocument();
    await page.getByTestId('layer-drones').click();
  });

  it('explains staleness in Arabic', async () => {
    fakeApi(() => undefined);
    renderInBrowser(<SensorKey />, { locale: 'ar' });
    await expect.element(page.getByTestId('sensor-key')).toHaveTextContent('متأخرة: صامتة منذ 30 ثانية');
    await expect.element(page.getByTestId('sensor-key')).toHaveTextContent('مفقودة: صامتة منذ دقيقتين');
  });
});

const detection = (n: number, maxTempC: number, outcome: 'reported' | 'attached'): RecordedDetection => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  cameraId: 'cam-amghara-1',
  incidentId: '10000000-0000-4000-8000-000000000000',
  outcome,
  at: new Date(NOW_MS + n * 60_000).toISOString(),
  location: { type: 'Point', coordinates: [47.6, 29.4] },
  maxTempC,
  areaM2: 40,
  confidence: 0.9,
  thumbnail: null,
});

describe('the thermal history chart', () => {
  const DETECTIONS = [
    detection(1, 320, 'reported'),
    detection(2, 610, 'attached'),
    detection(3, 540, 'attached'),
  ];

  it('draws one point per detection, higher for hotter, and sums them up', async () => {
    renderInBrowser(<DetectionChart detections={DETECTIONS} />);
    await expect
      .element(page.getByTestId('detection-summary'))
      .toHaveTextContent('3 detections; hottest 610 °C, latest 540 °C');
    const points = page.getByTestId('detection-point').elements();
    expect(points).toHaveLength(3);
    const ys = points.map((point) => Number(point.getAttribute('cy')));
    const xs = points.map((point) => Number(point.getAttribute('cx')));
    // SVG y grows downward: the hottest point is the highest; time runs left to right.
    expect(ys[1]).toBeLessThan(ys[2] ?? 0);
    expect(ys[2]).toBeLessThan(ys[0] ?? 0);
    expect(xs[0]).toBeLessThan(xs[1] ?? 0);
    expect(xs[1]).toBeLessThan(xs[2] ?? 0);
  });

  it('reads in Arabic, time still running left to right', async () => {
    renderInBrowser(<DetectionChart detections={DETECTIONS} />, { locale: 'ar' });
    await expect.element(page.getByTestId('detection-summary')).toHaveTextContent('3 رصدات');
    expect(page.getByTestId('detection-summary').element().textContent).not.toMatch(/[A-Za-z]/);
    const xs = page
      .getByTestId('detection-point')
      .elements()
      .map((point) => Number(point.getAttribute('cx')));
    expect(xs[0]).toBeLessThan(xs[2] ?? 0);
  });

  it('says so when there is nothing yet', async () => {
    renderInBrowser(<DetectionChart detections={[]} />);
    await expect.element(page.getByText('No detections yet.')).toBeVisible();
  });
});
