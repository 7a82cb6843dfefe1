import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { IncidentSchema, SECTORS, type Incident, type NewIncident } from '@mirsad/shared';
import { collectPageErrors, launchBrowser, screenshot } from '../support/browser.js';
import { seriousViolations } from '../support/axe.js';
import { TestServer, freePort } from '../support/server.js';

/** The wall screens Mirsad is laid out for, at one CSS pixel per device pixel. */
const WALL_SCREENS = {
  '1080p': { width: 1920, height: 1080 },
  '4k': { width: 3840, height: 2160 },
} as const;

/** Every panel a full wall shows. */
const PANELS = [
  'wall',
  'wall-tile-open',
  'wall-tile-critical',
  'wall-tile-last-hour',
  'wall-tile-ack',
  'wall-tile-dispatch',
  'wall-tile-units',
  'wall-tile-shelters',
  'wall-ticker',
] as const;

/** The little of MapLibre's Map this file reads, through the page's `__MIRSAD_MAP__` hook. */
interface MapHook {
  loaded(): boolean;
  getCenter(): { toArray(): [number, number] };
  getBounds(): { getEast(): number; getWest(): number };
}
type WithMap = Window & { __MIRSAD_MAP__?: MapHook };

/** How many incidents the ticker names (web's `TICKER_LENGTH`). */
const TICKER_LENGTH = 6;

/** The longest a wall may show a lost server as live, in ms (issue #4). */
const STALE_BANNER_DEADLINE_MS = 10_000;

let server: TestServer;
let browser: Browser;
let commander = '';
let displayKey = '';
let reports = 0;

function report(overrides: Partial<NewIncident> = {}): NewIncident {
  reports += 1;
  const sector = SECTORS.at(reports % SECTORS.length);
  if (!sector) throw new Error('no sectors');
  return {
    sector: sector.id,
    category: sector.categories.at(0)?.id ?? 'other',
    severity: (reports % 4) + 1,
    title: `${sector.name.en}: report ${reports} near the Fourth Ring Road`,
    description: 'Seeded for the wall display test',
    location: { type: 'Point', coordinates: [47.85 + (reports % 7) * 0.04, 29.2 + (reports % 5) * 0.04] },
    source: 'e2e',
    externalRef: null,
    ...overrides,
  };
}

async function post(body: NewIncident, port?: number): Promise<Incident> {
  const answer = await server.api('POST', '/api/incidents', body, port, commander);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return IncidentSchema.parse(answer.body);
}

async function acknowledge(incident: Incident, port?: number): Promise<void> {
  const answer = await server.api(
    'PATCH',
    `/api/incidents/${incident.id}`,
    { version: incident.version, status: 'acknowledged' },
    port,
    commander,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

beforeAll(async () => {
  [server, browser] = await Promise.all([TestServer.start(), launchBrowser()]);
  commander = await server.login('commander');
  displayKey = await server.createDisplayKey('Wall screen 1', 'wall-1');
  // A morning's picture: reports of every sector, some acknowledged, units and a shelter.
  for (let n = 0; n < 18; n += 1) {
    const incident = await post(report());
    if (n % 3 === 0) await acknowledge(incident);
  }
  for (const [n, sector] of SECTORS.slice(0, 4).entries()) {
    const unit = await server.api(
      'POST',
      '/api/units',
      {
        id: `wall-unit-${n}`,
        sector: sector.id,
        type: 'patrol',
        callSign: `W-${n}`,
        position: {
          coordinates: [47.9 + n * 0.05, 29.3],
          headingDeg: null,
          speedMps: null,
          at: new Date().toISOString(),
        },
      },
      undefined,
      commander,
    );
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
  }
  const shelter = await server.api(
    'POST',
    '/api/shelters',
    {
      name: 'Mishref hall',
      location: { type: 'Point', coordinates: [48.06, 29.27] },
      capacity: 300,
      occupancy: 40,
    },
    undefined,
    commander,
  );
  expect(shelter.status, JSON.stringify(shelter.body)).toBe(201);
});

afterAll(async () => {
  await browser.close();
  await server.stop();
});

/** Open incidents of every sector, as the server counts them now. */
async function openCount(port?: number): Promise<number> {
  const answer = await server.api('GET', '/api/stats', undefined, port, commander);
  const { openBySector } = answer.body as { openBySector: Record<string, number> };
  return Object.values(openBySector).reduce((sum, count) => sum + count, 0);
}

/** Opens the wall signed in by the display key in its address, and waits until it is live. */
async function openWall(page: Page, query: string): Promise<void> {
  await page.goto(`${server.url}/wall?key=${encodeURIComponent(displayKey)}&${query}`);
  await page.getByTestId('wall').waitFor({ timeout: 20_000 });
  await page.waitForFunction(
    () => (document.querySelector('meta[name="mirsad-seq"]')?.getAttribute('content') ?? '0') !== '0',
    undefined,
    { timeout: 20_000 },
  );
  await page.getByTestId('wall-tile-open').waitFor({ timeout: 20_000 });
}

/** What overflows on the page: the document itself, or any element that scrolls or clips text. */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth || root.scrollHeight > root.clientHeight)
      found.push(
        `document ${root.scrollWidth}×${root.scrollHeight} in ${root.clientWidth}×${root.clientHeight}`,
      );
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(element);
      const isScroller = [style.overflowX, style.overflowY].some((o) => o === 'auto' || o === 'scroll');
      const hasBars =
        style.overflowX === 'scroll' ||
        style.overflowY === 'scroll' ||
        (isScroller &&
          (element.scrollHeight > element.clientHeight || element.scrollWidth > element.clientWidth));
      if (hasBars) found.push(`scrollbars on ${element.tagName}.${element.className}`);
    }
    // A figure cut off is as bad as a scrollbar: the number is what the room reads.
    for (const value of document.querySelectorAll<HTMLElement>('.wall-tile__value, .wall-tile__label')) {
      if (value.scrollWidth > value.clientWidth + 1)
        found.push(`clipped "${value.textContent}" (${value.scrollWidth} > ${value.clientWidth})`);
    }
    return found;
  });
}

/** The panels that are missing, empty, or reach outside the viewport. */
async function panelsOutside(page: Page, size: { width: number; height: number }): Promise<string[]> {
  const outside: string[] = [];
  for (const id of PANELS) {
    const box = await page.getByTestId(id).boundingBox();
    if (
      !box ||
      box.width < 1 ||
      box.height < 1 ||
      box.x < 0 ||
      box.y < 0 ||
      box.x + box.width > size.width + 0.5 ||
      box.y + box.height > size.height + 0.5
    )
      outside.push(`${id} ${JSON.stringify(box)}`);
  }
  return outside;
}

describe('the wall display', () => {
  it('shows every panel without scrollbars or accessibility faults at 1080p and 4K, in English and Arabic', async () => {
    for (const [name, size] of Object.entries(WALL_SCREENS)) {
      const context = await browser.newContext({
        viewport: size,
        deviceScaleFactor: 1,
        locale: 'en-GB',
        timezoneId: 'Asia/Kuwait',
      });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      for (const lang of ['en', 'ar'] as const) {
        await openWall(page, `lang=${lang}`);
        // The key signed the screen in and left the address.
        expect(page.url()).not.toContain('key=');
        expect(await page.getByTestId('login-form').count()).toBe(0);
        const openValue = page.getByTestId('wall-tile-open').locator('.wall-tile__value');
        if (lang === 'en') await expect.poll(() => openValue.textContent()).toBe(String(await openCount()));
        else await expect.poll(() => openValue.textContent()).toMatch(/^[٠-٩0-9]+$/);
        await page.getByTestId('wall-ticker').locator('li').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await overflows(page)).toEqual([]);
        expect(await panelsOutside(page, size)).toEqual([]);
        expect(await seriousViolations(page)).toEqual([]);
        // Type grows with the screen: a 4K wall is read from as far as a 1080p one.
        const fontPx = await page.evaluate(() =>
          parseFloat(getComputedStyle(document.querySelector('.wall-tile__value') ?? document.body).fontSize),
        );
        expect(fontPx).toBeGreaterThanOrEqual(size.height / 25);
        await screenshot(page, `wall-${name}-${lang}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('flies to a new critical incident and keeps it highlighted until someone acknowledges it', async () => {
    const context = await browser.newContext({ viewport: WALL_SCREENS['1080p'], deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await openWall(page, 'lang=en');
    const critical = await post(report({ severity: 5, title: 'Tanker fire at the Shuwaikh port gate' }));
    const callout = page.getByTestId('wall-critical');
    await callout.waitFor({ timeout: 5_000 });
    expect(await callout.textContent()).toContain('Tanker fire at the Shuwaikh port gate');
    await expect.poll(() => page.getByTestId('wall-tile-critical').getAttribute('class')).toContain('alarm');
    await screenshot(page, 'wall-1080p-critical-en');
    // The pulse beats a few times and stops (the callout stays): an animation left running would
    // have the wall draw a frame at every refresh for as long as the incident waits.
    const isStill = (): Promise<boolean> =>
      page.evaluate(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
    await expect.poll(isStill, { timeout: 15_000 }).toBe(true);
    await page.setViewportSize({ width: 1366, height: 768 });
    await screenshot(page, 'wall-1366-critical-en');
    // The wall calls out a critical incident as it arrives: the Arabic one gets one of its own.
    await openWall(page, 'lang=ar');
    const second = await post(report({ severity: 5, title: 'حريق في ناقلة عند بوابة ميناء الشويخ' }));
    await callout.waitFor({ timeout: 5_000 });
    await screenshot(page, 'wall-1366-critical-ar');
    await page.setViewportSize(WALL_SCREENS['1080p']);
    await screenshot(page, 'wall-1080p-critical-ar');
    await acknowledge(second);
    await acknowledge(critical);
    await callout.waitFor({ state: 'detached', timeout: 5_000 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows only the incidents and figures of the governorate its address names', async () => {
    // The governorate with the most open incidents of the seeded picture, so the slice is not empty.
    const all = await server.api('GET', '/api/incidents', undefined, undefined, commander);
    const counts = new Map<string, number>();
    for (const incident of (all.body as { incidents: Incident[] }).incidents) {
      if (incident.governorate !== null)
        counts.set(incident.governorate, (counts.get(incident.governorate) ?? 0) + 1);
    }
    const [governorate] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (governorate === undefined) throw new Error('no seeded incident has a governorate');
    const titlesOf = async (query: string): Promise<string[]> => {
      const answer = await server.api('GET', `/api/incidents${query}`, undefined, undefined, commander);
      return (answer.body as { incidents: Incident[] }).incidents.map((incident) => incident.title);
    };
    const inside = await titlesOf(`?governorate=${governorate}`);
    const outside = (await titlesOf('')).filter((title) => !inside.includes(title));
    expect(inside.length).toBeGreaterThan(0);
    expect(outside.length).toBeGreaterThan(0);
    const names = await server.api('GET', '/api/geo/governorates', undefined, undefined, commander);
    const feature = (
      names.body as {
        features: {
          properties: { id: string; name_en: string; name_ar: string };
          geometry: { type: string; coordinates: unknown };
        }[];
      }
    ).features.find((candidate) => candidate.properties.id === governorate);
    if (!feature) throw new Error(`no boundary for ${governorate}`);
    const name = feature.properties;
    // Every position of the boundary, whether a Polygon's or a MultiPolygon's.
    const positions = [feature.geometry.coordinates].flat(3) as unknown as number[];
    const lngs = positions.filter((_, i) => i % 2 === 0);
    const lats = positions.filter((_, i) => i % 2 === 1);

    const context = await browser.newContext({ viewport: WALL_SCREENS['1080p'], deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await openWall(page, `lang=en&governorates=${governorate}`);
    await expect.poll(() => page.getByTestId('wall-title').textContent()).toContain(name.name_en);
    // The map opens on the governorate: centred inside its box, far closer than all of Kuwait.
    await page.waitForFunction(() => (window as WithMap).__MIRSAD_MAP__?.loaded() === true, undefined, {
      timeout: 20_000,
    });
    const view = await page.evaluate(() => {
      const map = (window as WithMap).__MIRSAD_MAP__;
      if (!map) throw new Error('no map');
      const bounds = map.getBounds();
      return { center: map.getCenter().toArray(), span: bounds.getEast() - bounds.getWest() };
    });
    expect(view.center[0]).toBeGreaterThan(Math.min(...lngs));
    expect(view.center[0]).toBeLessThan(Math.max(...lngs));
    expect(view.center[1]).toBeGreaterThan(Math.min(...lats));
    expect(view.center[1]).toBeLessThan(Math.max(...lats));
    expect(view.span).toBeLessThan(0.8);
    const ticker = page.getByTestId('wall-ticker').locator('.wall-ticker__text');
    await ticker.first().waitFor();
    const shown = (await ticker.allTextContents()).map((title) => title.trim());
    expect(shown.length).toBe(Math.min(inside.length, TICKER_LENGTH));
    expect(shown.filter((title) => !inside.includes(title))).toEqual([]);
    const openValue = page.getByTestId('wall-tile-open').locator('.wall-tile__value');
    await expect.poll(() => openValue.textContent()).toBe(String(inside.length));
    expect(await overflows(page)).toEqual([]);
    await screenshot(page, `wall-1080p-governorate-${governorate}-en`);
    await openWall(page, `lang=ar&governorates=${governorate}`);
    await expect.poll(() => page.getByTestId('wall-title').textContent()).toContain(name.name_ar);
    await page.waitForFunction(() => (window as WithMap).__MIRSAD_MAP__?.loaded() === true, undefined, {
      timeout: 20_000,
    });
    expect(await overflows(page)).toEqual([]);
    await screenshot(page, `wall-1080p-governorate-${governorate}-ar`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says EXERCISE all over when it shows an exercise, with the exercise’s own figures', async () => {
    const trainer = await server.login('trainer');
    const exercise = await server.api(
      'POST',
      '/api/exercises',
      { scenarioId: 'heavy-rain-capital', trainees: [], seed: 1, speed: 60, locale: 'en' },
      undefined,
      trainer,
    );
    expect(exercise.status, JSON.stringify(exercise.body)).toBe(201);
    const { id } = exercise.body as { id: string };
    await server.api('POST', `/api/exercises/${id}/control`, { action: 'start' }, undefined, trainer);
    await server.api(
      'POST',
      `/api/exercises/${id}/control`,
      { action: 'jump', toMin: 20 },
      undefined,
      trainer,
    );
    const stats = await server.api('GET', `/api/stats?exercise=${id}`, undefined, undefined, commander);
    const exerciseOpen = Object.values(
      (stats.body as { openBySeverity: Record<string, number> }).openBySeverity,
    ).reduce((sum, count) => sum + count, 0);

    const titlesOf = async (query: string): Promise<string[]> => {
      const answer = await server.api('GET', `/api/incidents${query}`, undefined, undefined, commander);
      return (answer.body as { incidents: { title: string }[] }).incidents.map((i) => i.title);
    };
    const liveTitles = await titlesOf('');
    expect(liveTitles.length).toBeGreaterThan(0);

    // Exercises are for people in them: the duty commander signs in to watch one.
    const context = await browser.newContext({ viewport: WALL_SCREENS['1080p'], deviceScaleFactor: 1 });
    await context.addCookies([
      {
        name: commander.split('=')[0] ?? '',
        value: commander.split('=').slice(1).join('='),
        url: server.url,
      },
    ]);
    const page = await context.newPage();
    for (const [lang, word] of [
      ['en', 'EXERCISE'],
      ['ar', 'تمرين'],
    ] as const) {
      await page.goto(`${server.url}/wall?exercise=${id}&lang=${lang}`);
      const banner = page.getByTestId('wall-exercise-banner');
      await banner.waitFor({ timeout: 20_000 });
      expect(await banner.textContent()).toContain(word);
      expect(await page.locator('.wall-exercise-mark').textContent()).toBe(word);
      expect(await page.getByTestId('wall').getAttribute('data-exercise')).toBe(id);
      await expect
        .poll(() => page.getByTestId('wall-tile-critical').isVisible(), { timeout: 10_000 })
        .toBe(true);
      // The map and ticker show the exercise's incidents, never the live ones.
      const ticker = page.getByTestId('wall-ticker');
      await expect
        .poll(
          async () => {
            // The exercise runs on, so its titles are read again at each look.
            const shown = (await ticker.locator('.wall-ticker__text').allTextContents()).map((x) => x.trim());
            const exerciseTitles = await titlesOf(`?exercise=${id}`);
            return shown.length > 0 && shown.every((title) => exerciseTitles.includes(title));
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      const shown = await ticker.locator('.wall-ticker__text').allTextContents();
      expect(shown.filter((title) => liveTitles.includes(title.trim()))).toEqual([]);
      // The map's code loads after the figures: the watermark is checked over the drawn map.
      await page.locator('[data-testid="map"] canvas').waitFor({ timeout: 20_000 });
      expect(await overflows(page)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `wall-1080p-exercise-${lang}`);
    }
    expect(exerciseOpen).toBeGreaterThan(0);
    await context.close();
  });

  it('says within 10 s that the server is gone, and catches up with what happened meanwhile', async () => {
    const context = await browser.newContext({ viewport: WALL_SCREENS['1080p'], deviceScaleFactor: 1 });
    const page = await context.newPage();
    await openWall(page, 'lang=en');
    expect(await page.getByTestId('wall-stale-banner').count()).toBe(0);

    const stoppedAt = Date.now();
    await server.terminate();
    const banner = page.getByTestId('wall-stale-banner');
    await banner.waitFor({ timeout: STALE_BANNER_DEADLINE_MS });
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(STALE_BANNER_DEADLINE_MS);
    expect(await banner.textContent()).toMatch(/Disconnected|Reconnecting/);
    expect(await banner.textContent()).toMatch(/data as of \d\d:\d\d:\d\d/);
    await screenshot(page, 'wall-1080p-disconnected-en');

    // Meanwhile the room goes on, on a port this wall does not know: it cannot hear of it.
    const aside = await freePort();
    await server.restart(aside);
    const missed = [];
    for (let n = 0; n < 3; n += 1)
      missed.push(await post(report({ title: `Missed report ${n} in Jahra` }), aside));
    const openAfter = await openCount(aside);
    await server.terminate();
    expect(await banner.isVisible()).toBe(true);

    await server.restart();
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    const ticker = page.getByTestId('wall-ticker');
    for (const incident of missed) await ticker.getByText(incident.title).waitFor({ timeout: 5_000 });
    await expect
      .poll(() => page.getByTestId('wall-tile-open').locator('.wall-tile__value').textContent(), {
        timeout: 15_000,
      })
      .toBe(String(openAfter));
    await context.close();
  });
});
