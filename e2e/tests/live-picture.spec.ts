import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { IncidentSchema, type Incident, type NewIncident } from '@mirsad/shared';
import {
  collectPageErrors,
  unexpected,
  contextFor,
  launchBrowser,
  openRoom as openRoomAs,
  screenshot,
  VIEWPORTS,
} from '../support/browser.js';
import { distinctColours } from '../support/pixels.js';
import { E2E_PASSWORD, freePort, TestServer } from '../support/server.js';

/** The little of MapLibre's Map that the tests read, through the page's `__MIRSAD_MAP__` hook. */
interface MapHook {
  loaded(): boolean;
  isStyleLoaded(): boolean;
  getLayer(id: string): unknown;
  getZoom(): number;
  /** Where a position is on the map's canvas, in CSS pixels. */
  project(lngLat: [number, number]): { x: number; y: number };
  once(event: 'idle', listener: () => void): unknown;
  /** A GeoJSON source; `getData` answers with the features it holds, clustered or not. */
  getSource(
    id: string,
  ): { getData(): Promise<{ features?: { properties: Record<string, unknown> | null }[] }> } | undefined;
}
type WithMap = Window & {
  __MIRSAD_MAP__?: MapHook;
  /** The room map's incidents as its clustering worker holds them (the sources hold only the view's). */
  __MIRSAD_MAP_INCIDENTS__?: { has(id: string): Promise<boolean> };
};

/**
 * The shader programs the map has compiled, by MapLibre's own key. MapLibre's internals, not its
 * API (the map bench reads them too): a compile holds the page for hundreds of ms under
 * SwiftShader, so which ones happen on the way to a picture's first draw is the behaviour tested.
 */
function compiledPrograms(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(
      (
        window as unknown as {
          __MIRSAD_MAP__?: { painter?: { programCache?: { programs?: Record<string, unknown> } } };
        }
      ).__MIRSAD_MAP__?.painter?.programCache?.programs ?? {},
    ).sort(),
  );
}

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([TestServer.start(), launchBrowser()]);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

function report(n: number, overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    sector: 'civil-defence',
    category: 'flooding',
    severity: 4,
    title: `Flooded underpass ${n} on the Fourth Ring Road`,
    description: 'Water above the kerb; two cars stranded',
    location: { type: 'Point', coordinates: [47.9 + n * 0.05, 29.33 - n * 0.03] },
    source: 'e2e',
    externalRef: `e2e-${n}-${Date.now()}`,
    ...overrides,
  };
}

async function post(body: NewIncident, port?: number): Promise<Incident> {
  const { status, body: answer } = await server.api('POST', '/api/incidents', body, port);
  expect(status).toBe(201);
  return IncidentSchema.parse(answer);
}

/** Waits until the map draws the incident (alone or inside a cluster): its clustering worker holds it. */
async function waitForIncidentOnMap(page: Page, id: string, timeoutMs = 2_000): Promise<void> {
  await page.waitForFunction(
    async (incidentId) => {
      const hooks = window as WithMap;
      if (!hooks.__MIRSAD_MAP__?.isStyleLoaded()) return false;
      return (await hooks.__MIRSAD_MAP_INCIDENTS__?.has(incidentId)) === true;
    },
    id,
    { timeout: timeoutMs },
  );
}

/** The incidents the map's selection ring is drawn around, with the severity it is drawn for. */
function selectionRing(page: Page): Promise<{ id: unknown; severity: unknown }[]> {
  return page.evaluate(async () => {
    const data = await (window as WithMap).__MIRSAD_MAP__?.getSource('incident-selected')?.getData();
    return (data?.features ?? []).map((feature) => ({
      id: feature.properties?.id,
      severity: feature.properties?.severity,
    }));
  });
}

/** The duty commander sees every sector: the whole picture. */
async function openRoom(page: Page, query = 'lang=en'): Promise<void> {
  await openRoomAs(page, server.url, 'commander', E2E_PASSWORD, query);
}

describe('the live operations picture', () => {
  it('draws the offline basemap: the map canvas is not blank', async () => {
    const context = await contextFor(browser, VIEWPORTS.wall);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await openRoom(page);
    await page.waitForFunction(
      () => {
        const map = (window as WithMap).__MIRSAD_MAP__;
        return map?.loaded() === true;
      },
      undefined,
      { timeout: 20_000 },
    );
    const colours = await distinctColours(page, page.getByTestId('map'));
    expect(colours).toBeGreaterThan(8);
    await screenshot(page, 'room-empty-wall-en');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  });

  it('readies its map before any incident: one WebGL context, and every program the incidents and unit lines draw with compiled', async () => {
    // A store of its own: the page must open with no incident to draw.
    const empty = await TestServer.start();
    const context = await contextFor(browser, VIEWPORTS.wall);
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const counted = window as unknown as { __webgl2Contexts: number };
        counted.__webgl2Contexts = 0;
        const { prototype } = HTMLCanvasElement;
        const getContext = Reflect.get(prototype, 'getContext') as (...args: unknown[]) => unknown;
        Reflect.set(prototype, 'getContext', function (this: HTMLCanvasElement, ...args: unknown[]) {
          if (args[0] === 'webgl2') counted.__webgl2Contexts += 1;
          return getContext.apply(this, args);
        });
      });
      await openRoomAs(page, empty.url, 'commander', E2E_PASSWORD);
      // The map takes its warm-up layers away once it has drawn them.
      await page.waitForFunction(
        () => {
          const map = (window as WithMap).__MIRSAD_MAP__;
          return map?.loaded() === true && map.getLayer('program-warm-up:incident-points') === undefined;
        },
        undefined,
        { timeout: 20_000 },
      );
      const programsBefore = await compiledPrograms(page);
      expect(
        await page.evaluate(() => (window as unknown as { __webgl2Contexts: number }).__webgl2Contexts),
      ).toBe(1);

      // A critical area and an acknowledged point: the areas' fill and lines, the halo, the dot.
      const ring: [number, number][] = [
        [47.95, 29.3],
        [48.0, 29.3],
        [48.0, 29.35],
        [47.95, 29.3],
      ];
      const { status, body } = await empty.api('POST', '/api/incidents', {
        ...report(7, { severity: 5 }),
        location: { type: 'Polygon', coordinates: [ring] },
      });
      expect(status).toBe(201);
      const area = IncidentSchema.parse(body);
      const point = IncidentSchema.parse((await empty.api('POST', '/api/incidents', report(8))).body);
      const cookie = await empty.login('commander');
      await empty.api(
        'PATCH',
        `/api/incidents/${point.id}`,
        { version: 1, status: 'acknowledged' },
        undefined,
        cookie,
      );
      // A unit on its way to the point: its icon, and a dashed line in its sector's colour.
      const unit = await empty.api(
        'POST',
        '/api/units',
        {
          id: 'cd-9',
          sector: 'civil-defence',
          type: 'rescue-team',
          callSign: 'CD-09',
          position: {
            coordinates: [47.98, 29.37],
            headingDeg: null,
            speedMps: null,
            at: new Date().toISOString(),
          },
        },
        undefined,
        cookie,
      );
      expect(unit.status).toBe(201);
      const assigned = await empty.api(
        'POST',
        '/api/units/cd-9/assign',
        { incidentId: point.id },
        undefined,
        cookie,
      );
      expect(assigned.status).toBe(200);
      for (const id of [area.id, point.id]) await waitForIncidentOnMap(page, id, 10_000);
      await page.waitForFunction(
        async () => {
          const data = await (window as WithMap).__MIRSAD_MAP__?.getSource('unit-lines')?.getData();
          return (data?.features?.length ?? 0) > 0;
        },
        undefined,
        { timeout: 10_000 },
      );
      // Drawn: the map has gone idle again after taking them.
      await page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const map = (window as WithMap).__MIRSAD_MAP__;
            if (!map) resolve();
            else
              map.once('idle', () => {
                resolve();
              });
          }),
      );
      expect(await compiledPrograms(page)).toEqual(programsBefore);
    } finally {
      await context.close();
      await empty.stop();
    }
  });

  it('gives the map only the clusters of its view, each counting its incidents once, and zooms into a cluster clicked', async () => {
    // A store of its own: the page must show exactly these incidents.
    const empty = await TestServer.start();
    const context = await contextFor(browser, VIEWPORTS.wall);
    try {
      // Twenty in Kuwait City and ten in Ahmadi, each group within a kilometre: two clusters in
      // the opening view.
      const groups = [
        { count: 20, at: [47.98, 29.37] },
        { count: 10, at: [48.1, 29.08] },
      ] as const;
      let n = 0;
      for (const { count, at } of groups) {
        for (let i = 0; i < count; i++, n++) {
          const location = { type: 'Point' as const, coordinates: [at[0] + i * 0.0004, at[1] + i * 0.0003] };
          const { status } = await empty.api('POST', '/api/incidents', { ...report(20 + n), location });
          expect(status).toBe(201);
        }
      }
      const page = await context.newPage();
      await openRoomAs(page, empty.url, 'commander', E2E_PASSWORD);
      const clusterSource = () =>
        page.evaluate(async () => {
          const data = await (window as WithMap).__MIRSAD_MAP__?.getSource('incident-clusters')?.getData();
          return (data?.features ?? []).map((feature) => ({
            clusterId: feature.properties?.cluster_id,
            count: feature.properties?.point_count ?? 1,
          }));
        });
      await expect.poll(clusterSource, { timeout: 20_000 }).toHaveLength(2);
      const clusters = await clusterSource();
      expect(clusters.map(({ count }) => count).sort()).toEqual([10, 20]);
      await expect
        .poll(() => page.locator('.map-label--cluster').allInnerTexts())
        .toEqual(expect.arrayContaining(['20', '10']));

      // A click on the cluster of twenty zooms to where it falls apart.
      const zoomBefore = await page.evaluate(() => (window as WithMap).__MIRSAD_MAP__?.getZoom() ?? 0);
      const box = await page.getByTestId('map').boundingBox();
      const at = await page.evaluate(() => (window as WithMap).__MIRSAD_MAP__?.project([47.984, 29.373]));
      expect(box && at).toBeTruthy();
      await page.mouse.click((box?.x ?? 0) + (at?.x ?? 0), (box?.y ?? 0) + (at?.y ?? 0));
      await expect
        .poll(() => page.evaluate(() => (window as WithMap).__MIRSAD_MAP__?.getZoom() ?? 0), {
          timeout: 10_000,
        })
        .toBeGreaterThan(zoomBefore + 1);
    } finally {
      await context.close();
      await empty.stop();
    }
  });

  it('shows an incident reported through the API on the map and in the list within 2 s, without a reload', async () => {
    const context = await contextFor(browser);
    const page = await context.newPage();
    await openRoom(page);
    const incident = await post(report(1));
    const started = Date.now();
    await page
      .locator(`[data-testid="incident-item"][data-incident-id="${incident.id}"]`)
      .waitFor({ timeout: 2_000 });
    await waitForIncidentOnMap(page, incident.id);
    expect(Date.now() - started).toBeLessThan(2_000);
    await page.locator(`[data-testid="incident-item"][data-incident-id="${incident.id}"]`).click();
    await expect.poll(() => page.getByTestId('incident-details').innerText()).toContain(incident.title);
    // The selection ring's source holds the selected incident alone, and follows its changes.
    await expect.poll(() => selectionRing(page)).toEqual([{ id: incident.id, severity: 4 }]);
    const cookie = await server.login('commander');
    const { status } = await server.api(
      'PATCH',
      `/api/incidents/${incident.id}`,
      { version: incident.version, severity: 5 },
      undefined,
      cookie,
    );
    expect(status).toBe(200);
    await expect.poll(() => selectionRing(page)).toEqual([{ id: incident.id, severity: 5 }]);
    await screenshot(page, 'room-incident-laptop-en');
    await context.close();
  });

  it('reconnects by itself after the server is killed and shows what happened meanwhile', async () => {
    const context = await contextFor(browser);
    const page = await context.newPage();
    await openRoom(page);
    const before = await post(report(2));
    await page.locator(`[data-incident-id="${before.id}"]`).waitFor();

    await server.kill();
    await page
      .getByTestId('connection-state')
      .and(page.locator('[data-state="reconnecting"], [data-state="disconnected"]'))
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'room-disconnected-laptop-en');

    // While the page is cut off, the log moves on: a server on another port writes to the same store.
    const otherPort = await freePort();
    await server.restart(otherPort);
    const meanwhile = await post(report(3, { title: 'Reported while the room was offline' }), otherPort);
    await server.kill();
    await server.restart();

    await page
      .getByTestId('connection-state')
      .and(page.locator('[data-state="live"]'))
      .waitFor({ timeout: 20_000 });
    await page
      .locator(`[data-testid="incident-item"][data-incident-id="${meanwhile.id}"]`)
      .waitFor({ timeout: 5_000 });
    await waitForIncidentOnMap(page, meanwhile.id, 10_000);
    const rows = await page.locator(`[data-testid="incident-item"][data-incident-id="${before.id}"]`).count();
    expect(rows).toBe(1);
    await context.close();
  });

  it("shows every sector's whole name in the filter, in English and Arabic, on a laptop and a wall", async () => {
    for (const viewport of [VIEWPORTS.laptop, VIEWPORTS.wall]) {
      const context = await contextFor(browser, viewport);
      const page = await context.newPage();
      for (const lang of ['en', 'ar']) {
        await openRoom(page, `lang=${lang}`);
        const names = page.locator('.sector-toggle__name');
        // The commander's filter holds all eleven sectors.
        await expect.poll(() => names.count()).toBe(11);
        // Widths are measured in the page's own fonts, once they have loaded.
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const cutNames = (): Promise<(string | null)[]> =>
          names.evaluateAll((elements) =>
            elements
              .filter((element) => element.scrollWidth > element.clientWidth)
              .map((element) => element.textContent),
          );
        await expect.poll(cutNames, { message: `${viewport.width}×${viewport.height} ${lang}` }).toEqual([]);
      }
      await context.close();
    }
  });

  it('mirrors the layout in Arabic: dir=rtl, lang=ar, and the list on the other side of the map', async () => {
    const context = await contextFor(browser, VIEWPORTS.wall);
    const page = await context.newPage();
    await openRoom(page, 'lang=en');
    const listLtr = await page.getByTestId('incident-list').boundingBox();
    const mapLtr = await page.getByTestId('map').boundingBox();
    await openRoom(page, 'lang=ar');
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual([
      'rtl',
      'ar',
    ]);
    const listRtl = await page.getByTestId('incident-list').boundingBox();
    const mapRtl = await page.getByTestId('map').boundingBox();
    expect(listLtr && mapLtr && listRtl && mapRtl).toBeTruthy();
    if (!listLtr || !mapLtr || !listRtl || !mapRtl) return;
    // English puts the list after the map (to its right); Arabic mirrors it to the left.
    expect(listLtr.x).toBeGreaterThan(mapLtr.x);
    expect(listRtl.x).toBeLessThan(mapRtl.x);
    await screenshot(page, 'room-wall-ar');
    await context.close();
  });
});
