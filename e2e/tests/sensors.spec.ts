import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signedInPerson, unexpected } from '../support/browser.js';
import { E2E_PASSWORD, TestServer } from '../support/server.js';

/** The MQTT client the server depends on: the e2e package does not. */
const mqtt = createRequire(new URL('../../../server/package.json', import.meta.url))('mqtt') as {
  connectAsync(
    url: string,
    options: { clientId: string },
  ): Promise<{
    publishAsync(topic: string, payload: string, options: { qos: 0 | 1 }): Promise<unknown>;
    endAsync(): Promise<void>;
  }>;
};

const MQTT_URL = process.env['MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';
/** Each run its own topics on the shared broker. */
const PREFIX = `e2e${process.pid}x${Date.now() % 1_000_000}`;
const FIRE: [number, number] = [47.748, 29.284];

/** The little of MapLibre's Map this file reads, through the page's `__MIRSAD_MAP__` hook. */
interface MapHook {
  isStyleLoaded(): boolean;
  querySourceFeatures(source: string): { properties: Record<string, unknown> }[];
}
type WithMap = Window & { __MIRSAD_MAP__?: MapHook };

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let publisher: Awaited<ReturnType<typeof mqtt.connectAsync>>;

beforeAll(async () => {
  server = await TestServer.start({ MQTT_URL, MQTT_TOPIC_PREFIX: PREFIX });
  browser = await launchBrowser();
  publisher = await mqtt.connectAsync(MQTT_URL, { clientId: `${PREFIX}-pub` });
  const commander = await server.login('commander');
  for (const body of [
    { id: 'e2e-drone-1', kind: 'drone', sector: 'fire-marine-rescue', name: 'Falcon 1' },
    {
      id: 'e2e-cam-1',
      kind: 'thermal-camera',
      sector: 'fire-marine-rescue',
      name: 'Amghara mast',
      location: { type: 'Point', coordinates: [47.742, 29.279] },
      fieldOfView: { bearingDeg: 45, widthDeg: 60, rangeM: 2_500 },
    },
  ]) {
    const answer = await server.api('POST', '/api/sensors', body, server.port, commander);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await publisher.endAsync();
  await browser.close();
  await server.stop();
});

/** Waits until the room's map holds a feature of `source` matching `has`. */
async function waitForFeature(page: Page, source: string, key: string, value: unknown): Promise<void> {
  await page.waitForFunction(
    ({ source, key, value }) => {
      const map = (window as WithMap).__MIRSAD_MAP__;
      if (!map?.isStyleLoaded()) return false;
      return map.querySourceFeatures(source).some((feature) => feature.properties[key] === value);
    },
    { source, key, value },
    { timeout: 30_000, polling: 250 },
  );
}

describe('field sensors in the room', () => {
  it('draws a drone heard over MQTT, and a thermal detection with the incident it reported', async () => {
    const { page, errors } = await signedInPerson(browser, contexts, server.url, {
      username: 'fire',
      password: E2E_PASSWORD,
    });
    // The drone flies for a while: a few fixes, so it has a track.
    for (let n = 0; n < 3; n += 1) {
      await publisher.publishAsync(
        `${PREFIX}/drone/e2e-drone-1/telemetry`,
        JSON.stringify({
          at: new Date().toISOString(),
          position: [FIRE[0] - 0.01 + n * 0.002, FIRE[1]],
          altitudeM: 110,
          headingDeg: 90,
          speedMps: 12,
          batteryPct: 22,
          footprint: {
            type: 'Polygon',
            coordinates: [
              [
                [FIRE[0] - 0.011, FIRE[1] - 0.001],
                [FIRE[0] - 0.009, FIRE[1] - 0.001],
                [FIRE[0] - 0.009, FIRE[1] + 0.001],
                [FIRE[0] - 0.011, FIRE[1] - 0.001],
              ],
            ],
          },
        }),
        { qos: 0 },
      );
    }
    await waitForFeature(page, 'sensors-drones', 'id', 'e2e-drone-1');
    await page.getByTestId('map-legend').getByRole('button').first().click();
    const row = page.getByTestId('drone-status').filter({ hasText: 'e2e-drone-1' });
    await expect.poll(() => row.getAttribute('data-battery'), { timeout: 10_000 }).toBe('low');
    expect(await row.getAttribute('data-freshness')).toBe('live');

    await publisher.publishAsync(
      `${PREFIX}/thermal/e2e-cam-1/detection`,
      JSON.stringify({
        at: new Date().toISOString(),
        location: { type: 'Point', coordinates: FIRE },
        maxTempC: 480,
        areaM2: 120,
        confidence: 0.93,
      }),
      { qos: 1 },
    );
    // The camera's report joins the picture; its detections are drawn and charted in its panel.
    await page.getByTestId('incident-item').first().waitFor({ timeout: 30_000 });
    await waitForFeature(page, 'sensors-detections', 'maxTempC', 480);
    const picture = (
      await server.api('GET', '/api/incidents', undefined, server.port, await server.login('fire'))
    ).body as { incidents: { id: string; source: string }[] };
    const thermal = picture.incidents.find((incident) => incident.source === 'thermal:e2e-cam-1');
    expect(thermal, JSON.stringify(picture)).toBeDefined();
    await page.goto(`${server.url}/?lang=en&incident=${thermal?.id ?? ''}`);
    await page.getByTestId('detection-summary').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('detection-summary').textContent()).toContain(
      '1 detection; hottest 480 °C',
    );
    expect(unexpected(errors)).toEqual([]);
  }, 120_000);
});
