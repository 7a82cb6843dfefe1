import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IncidentSchema, WarningSchema, type Incident, type Warning } from '@mirsad/shared';
import {
  collectPageErrors,
  contextFor,
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
  signedInPerson,
  unexpected,
  VIEWPORTS,
} from '../support/browser.js';
import { E2E_PASSWORD, TestServer } from '../support/server.js';

// Issue 16: a commander drafts a public warning from an incident, the author cannot approve it
// (two-person rule), a second commander does, and residents see it on /public in Arabic and
// English on a phone and a desk, with the page asking nothing but the public API.

/** The little of MapLibre's Map this file reads, through the pages' test hooks. */
interface MapHook {
  isStyleLoaded: () => boolean;
  querySourceFeatures: (source: string) => { properties: Record<string, unknown> }[];
}
type WithMaps = Window & { __MIRSAD_MAP__?: MapHook; __MIRSAD_PUBLIC_MAP__?: MapHook };

/** A phone the public page must read well on (an iPhone 12–15's CSS pixels). */
const PHONE = { width: 390, height: 844 };

/** Where the screenshots of this issue go for a person to look at (outside the repository), if set. */
const SHOTS_DIR = process.env['MIRSAD_SHOTS_DIR'];

const AR_HEADLINE = 'سيول في الفحيحيل: ابتعد عن الطرق المنخفضة';
const EN_HEADLINE = 'Flooding in Fahaheel: keep away from low roads';
const INCIDENT_TITLE = 'Cars stranded at the Fahaheel underpass — unit CD-07 on its way';

let server: TestServer;
let browser: Browser;
let displayKey: string;
let incident: Incident;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([TestServer.start(), launchBrowser()]);
  const admin = await server.login('admin');
  const deputy = await server.api(
    'POST',
    '/api/accounts',
    {
      username: 'deputy',
      displayName: 'Deputy Commander',
      role: 'commander',
      sectors: [],
      password: E2E_PASSWORD,
    },
    server.port,
    admin,
  );
  expect(deputy.status, JSON.stringify(deputy.body)).toBe(201);
  displayKey = await server.createDisplayKey('Wall screen 1', 'wall-1');
  const reported = await server.api('POST', '/api/incidents', {
    sector: 'civil-defence',
    category: 'flooding',
    severity: 4,
    title: INCIDENT_TITLE,
    description: 'Water above the kerb; caller Ahmad, 5550 1234',
    location: { type: 'Point', coordinates: [48.13, 29.08] },
    source: 'e2e',
    externalRef: null,
  });
  expect(reported.status).toBe(201);
  incident = IncidentSchema.parse(reported.body);
  const commander = await server.login('commander');
  const shelters = [
    {
      name: 'Fahaheel sports hall',
      location: { type: 'Point', coordinates: [48.12, 29.09] },
      capacity: 300,
      occupancy: 40,
    },
    {
      name: 'Mangaf school',
      location: { type: 'Point', coordinates: [48.13, 29.1] },
      capacity: 120,
      occupancy: 120,
    },
  ];
  for (const shelter of shelters) {
    const opened = await server.api('POST', '/api/shelters', shelter, server.port, commander);
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  }
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await server.stop();
});

async function shot(page: Page, name: string, isFullPage = false): Promise<void> {
  const file = isFullPage
    ? path.join(SCREENSHOT_DIR, `warnings-${name}.png`)
    : await screenshot(page, `warnings-${name}`);
  if (isFullPage) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: file, fullPage: true });
  }
  if (SHOTS_DIR) {
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(SHOTS_DIR, `${name}.png`));
  }
}

/** A person at their own screen, signed in at the room. */
function person(username: string, viewport: { width: number; height: number } = VIEWPORTS.laptop) {
  return signedInPerson(browser, contexts, server.url, { username, password: E2E_PASSWORD }, viewport);
}

/** The warnings as the server lists them to the commander. */
async function warnings(): Promise<Warning[]> {
  const answer = await server.api(
    'GET',
    '/api/warnings?scope=all',
    undefined,
    server.port,
    await server.login('commander'),
  );
  return WarningSchema.array().parse((answer.body as { warnings: unknown }).warnings);
}

/** Waits until a page's map (the room's, the wall's or the public one) draws the warning's area. */
async function waitForArea(page: Page, hook: '__MIRSAD_MAP__' | '__MIRSAD_PUBLIC_MAP__', id: string) {
  await page.waitForFunction(
    ({ hook: name, id: warningId }) => {
      const map = (window as WithMaps)[name];
      if (!map?.isStyleLoaded()) return false;
      return map.querySourceFeatures('warnings').some((feature) => feature.properties['id'] === warningId);
    },
    { hook, id },
    { timeout: 30_000 },
  );
}

/** Asks until `probe` finds something, for at most 20 s. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not found within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Opens /public in a fresh context with nobody signed in; records every request the page makes. */
async function openPublic(viewport: { width: number; height: number }, query = '') {
  const context = await contextFor(browser, viewport);
  contexts.push(context);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const requests: string[] = [];
  const bodies: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/'))
      void response.text().then(
        (text) => bodies.push(text),
        () => undefined,
      );
  });
  await page.goto(`${server.url}/public${query}`);
  return { page, errors, requests, bodies };
}

describe('a public warning with the two-person rule', () => {
  let issued: Warning;

  it('is drafted by a commander from an incident, and its author cannot approve it', async () => {
    const commander = await person('commander');
    const { page } = commander;
    await page.locator(`[data-testid="incident-item"][data-incident-id="${incident.id}"]`).click();
    await page.getByTestId('warning-from-incident').click();
    const dialog = page.getByTestId('warning-dialog');
    await dialog.waitFor();
    // Prefilled from the incident: a circle around it, its kind as the event, not its internal words.
    expect(await page.getByTestId('warning-area-circle').isChecked()).toBe(true);
    expect(await page.getByTestId('warning-event').inputValue()).not.toBe('');
    expect(await page.getByTestId('warning-en-headline').inputValue()).not.toContain('CD-07');

    // Saving with the texts missing names each problem, and sends nothing.
    await page.getByTestId('warning-submit').click();
    await page.getByTestId('warning-problems').waitFor();
    expect(await dialog.getByTestId('field-problem').count()).toBeGreaterThanOrEqual(4);
    expect(await warnings()).toEqual([]);

    await page.getByTestId('warning-severity').selectOption('Severe');
    await page.getByTestId('warning-response').selectOption('Avoid');
    await page.getByTestId('warning-ar-headline').fill(AR_HEADLINE);
    await page
      .getByTestId('warning-ar-description')
      .fill('تجمعت مياه الأمطار في أنفاق الفحيحيل والطرق المنخفضة.');
    await page
      .getByTestId('warning-ar-instruction')
      .fill('لا تقد سيارتك في المياه. ابتعد عن الأنفاق حتى تُفتح الطرق.');
    await page.getByTestId('warning-en-headline').fill(EN_HEADLINE);
    await page
      .getByTestId('warning-en-description')
      .fill('Rain water has filled the Fahaheel underpasses and low roads.');
    await page
      .getByTestId('warning-en-instruction')
      .fill('Do not drive into water. Keep away from tunnels until roads reopen.');
    await page.getByTestId('warning-area-description-ar').fill('الفحيحيل والمنقف');
    await page.getByTestId('warning-area-description-en').fill('Fahaheel and Mangaf');
    await page.getByTestId('warning-radius').fill('6');
    await shot(page, 'authoring-dialog-en-1366');
    await page.getByTestId('warning-submit').click();
    await dialog.waitFor({ state: 'detached' });

    const draft = page.locator('[data-testid="warning-item"][data-state="draft"]');
    await draft.waitFor();
    // The author is told someone else approves; the button is not offered, and the server refuses.
    await draft.getByTestId('warning-own-draft').waitFor();
    expect(await draft.getByTestId('warning-approve').count()).toBe(0);
    const [drafted] = await warnings();
    expect(drafted?.state).toBe('draft');
    expect(drafted?.incidentId).toBe(incident.id);
    expect(drafted?.area.circles).toHaveLength(1);
    const refused = await server.api(
      'POST',
      `/api/warnings/${drafted?.id ?? ''}/approve`,
      {},
      server.port,
      await server.login('commander'),
    );
    expect(refused.status).toBe(403);
    // Nothing is public yet.
    const empty = await fetch(`${server.url}/api/public/warnings`);
    expect(((await empty.json()) as { warnings: unknown[] }).warnings).toEqual([]);
    expect(unexpected(commander.errors)).toEqual([]);
  });

  it('is issued when a second commander approves it, and drawn on the room and the wall', async () => {
    const deputy = await person('deputy', VIEWPORTS.wall);
    const { page } = deputy;
    await page.getByTestId('warnings-board-toggle').click();
    const draft = page.locator('[data-testid="warning-item"][data-state="draft"]');
    await draft.getByTestId('warning-approve').click();
    await page.locator('[data-testid="warning-item"][data-state="issued"]').waitFor();
    [issued] = (await warnings()).filter((warning) => warning.state === 'issued') as [Warning];
    expect(issued.approvedBy?.displayName).toBe('Deputy Commander');
    await waitForArea(page, '__MIRSAD_MAP__', issued.id);
    await page.getByTestId('warnings-key').waitFor();
    expect(await page.getByTestId('warnings-key').innerText()).toContain(EN_HEADLINE);
    await shot(page, 'room-layer-en-1920');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('warnings-key').getByText(AR_HEADLINE).waitFor();
    await shot(page, 'room-layer-ar-1920');
    expect(unexpected(deputy.errors)).toEqual([]);

    // The wall, signed in by its display key, shows the area and its key in Arabic.
    const context = await contextFor(browser, VIEWPORTS.wall);
    contexts.push(context);
    const wall = await context.newPage();
    const wallErrors = collectPageErrors(wall);
    await wall.goto(`${server.url}/wall?key=${encodeURIComponent(displayKey)}&lang=ar`);
    await wall.getByTestId('wall').waitFor({ timeout: 20_000 });
    await waitForArea(wall, '__MIRSAD_MAP__', issued.id);
    await wall.getByTestId('warnings-key').waitFor();
    expect(await wall.getByTestId('warnings-key').innerText()).toContain(AR_HEADLINE);
    await shot(wall, 'wall-layer-ar-1920');
    await wall.setViewportSize(VIEWPORTS.laptop);
    await wall.goto(`${server.url}/wall?key=${encodeURIComponent(displayKey)}&lang=en`);
    await waitForArea(wall, '__MIRSAD_MAP__', issued.id);
    await wall.getByTestId('warnings-key').getByText(EN_HEADLINE).waitFor();
    await shot(wall, 'wall-layer-en-1366');
    expect(unexpected(wallErrors)).toEqual([]);
  });

  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', VIEWPORTS.laptop],
  ] as const) {
    it(`is seen on /public on a ${size} in Arabic by default and in English, with nothing internal`, async () => {
      const { page, errors, requests, bodies } = await openPublic(viewport);
      const card = page.getByTestId('public-warning');
      await card.first().waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await card.innerText()).toContain(AR_HEADLINE);
      expect(await card.innerText()).toContain('لا تقد سيارتك في المياه');
      await page.getByTestId('public-shelter').first().waitFor();
      expect(await page.getByTestId('public-shelter').count()).toBe(2);
      await waitForArea(page, '__MIRSAD_PUBLIC_MAP__', issued.id);
      // Nothing runs off the side of a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await shot(page, `public-ar-${size}`, true);

      await page.getByTestId('public-lang').click();
      await page.getByText(EN_HEADLINE).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
      expect(await card.innerText()).toContain('Do not drive into water');
      expect(await page.getByTestId('public-guide-heavy-rain').innerText()).toContain('Heavy rain');
      await shot(page, `public-en-${size}`, true);

      // The page asked for its own files and the public API only: no session, socket or room data.
      const paths = requests.map((url) => new URL(url));
      expect(paths.every((url) => url.origin === server.url)).toBe(true);
      const apiPaths = [
        ...new Set(paths.map((url) => url.pathname).filter((p) => p.startsWith('/api/'))),
      ].sort();
      expect(apiPaths).toEqual(['/api/public/shelters', '/api/public/warnings']);
      expect(paths.some((url) => url.pathname.startsWith('/socket.io'))).toBe(false);
      // And what it was given holds no incident, person, unit or note.
      const given = bodies.join('\n');
      expect(given).toContain(issued.identifier);
      for (const secret of [
        incident.id,
        INCIDENT_TITLE,
        'Ahmad',
        'Duty Commander',
        'Deputy Commander',
        'user:',
      ])
        expect(given).not.toContain(secret);
      expect(unexpected(errors)).toEqual([]);
    });
  }

  it('is ended for the public by a cancel that a second commander approves', async () => {
    const commander = await person('commander');
    const { page } = commander;
    await page.getByTestId('warnings-board-toggle').click();
    await page.getByTestId('warnings-key').getByText(EN_HEADLINE).waitFor();
    await shot(page, 'room-layer-en-1366');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('warnings-key').getByText(AR_HEADLINE).waitFor();
    await shot(page, 'room-layer-ar-1366');
    // The authoring dialog in Arabic, then left without saving.
    await page.getByTestId('warning-new').click();
    await page.getByTestId('warning-area-polygon').check();
    await page.getByTestId('warning-submit').click();
    await page.getByTestId('warning-area-problem').waitFor();
    await shot(page, 'authoring-dialog-ar-1366');
    await page.keyboard.press('Escape');
    await page.getByTestId('warning-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('lang-switch').click();
    const item = page.locator('[data-testid="warning-item"][data-state="issued"]');
    await item.getByTestId('warning-cancel').click();
    await page.getByTestId('warning-cancel-note').fill('Roads reopened');
    await page.getByTestId('warning-cancel-submit').click();
    const cancel = await eventually(async () =>
      (await warnings()).find((warning) => warning.msgType === 'Cancel'),
    );
    expect(cancel.references[0]?.identifier).toBe(issued.identifier);
    const deputy = await server.login('deputy');
    const approved = await server.api('POST', `/api/warnings/${cancel.id}/approve`, {}, server.port, deputy);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const { page: resident } = await openPublic(PHONE, '?lang=en');
    await resident.getByTestId('public-warning-count').waitFor({ timeout: 20_000 });
    expect(await resident.getByTestId('public-warning').count()).toBe(0);
    expect(await resident.getByTestId('public-warning-count').innerText()).toBe('No active warnings');
  });
});
