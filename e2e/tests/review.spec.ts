import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  IncidentSchema,
  MirsadEventSchema,
  PictureSchema,
  type Incident,
  type Picture,
} from '@mirsad/shared';
import {
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
  signedInPerson,
  unexpected,
  VIEWPORTS,
} from '../support/browser.js';
import { E2E_PASSWORD, TestServer } from '../support/server.js';

let server: TestServer;
let browser: Browser;
let commanderCookie: string;
const contexts: BrowserContext[] = [];

/** The known history: what was done, and the server's time of each change. */
const history: { label: string; at: number }[] = [];
let flood: Incident;
let crash: Incident;

async function call(method: string, route: string, body?: unknown): Promise<unknown> {
  const answer = await server.api(method, route, body, server.port, commanderCookie);
  if (answer.status >= 300)
    throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Waits until the server's clock has moved past the last change, so each change has its own millisecond. */
async function nextMillisecond(): Promise<void> {
  const last = history.at(-1)?.at ?? 0;
  while (Date.now() <= last + 2) await new Promise((resolve) => setImmediate(resolve));
}

async function change(label: string, work: () => Promise<Incident>): Promise<Incident> {
  await nextMillisecond();
  const incident = await work();
  history.push({ label, at: Date.parse(incident.updatedAt) });
  return incident;
}

const report = (body: Record<string, unknown>) => async () =>
  IncidentSchema.parse(
    await call('POST', '/api/incidents', {
      severity: 4,
      description: 'وصف: المياه ترتفع, "بسرعة"',
      location: { type: 'Point', coordinates: [47.978, 29.372] },
      source: 'mirsad-web',
      ...body,
    }),
  );
const patch = (incident: () => Incident, changes: Record<string, unknown>) => async () => {
  const current = IncidentSchema.parse(await call('GET', `/api/incidents/${incident().id}`));
  return IncidentSchema.parse(
    await call('PATCH', `/api/incidents/${current.id}`, { version: current.version, ...changes }),
  );
};

beforeAll(async () => {
  [server, browser] = await Promise.all([TestServer.start(), launchBrowser()]);
  commanderCookie = await server.login('commander');
  flood = await change(
    'flood reported',
    report({ sector: 'civil-defence', category: 'flooding', title: 'سيول في نفق الدائري الرابع' }),
  );
  crash = await change(
    'crash reported',
    report({
      sector: 'traffic',
      category: 'collision',
      severity: 3,
      title: 'Crash, "two cars" at Gulf Road',
    }),
  );
  flood = await change(
    'flood acknowledged',
    patch(() => flood, { status: 'acknowledged' }),
  );
  flood = await change(
    'flood dispatched',
    patch(() => flood, { status: 'dispatched' }),
  );
  crash = await change(
    'crash cancelled',
    patch(() => crash, { status: 'cancelled', reason: 'duplicate call' }),
  );
  flood = await change(
    'flood on scene',
    patch(() => flood, { status: 'on_scene' }),
  );
  flood = await change(
    'flood closed',
    patch(() => flood, { status: 'closed' }),
  );
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await server.stop();
});

function personAt(
  username: string,
  viewport: { width: number; height: number } = VIEWPORTS.laptop,
): Promise<{ page: Page; errors: string[] }> {
  return signedInPerson(browser, contexts, server.url, { username, password: E2E_PASSWORD }, viewport);
}

const momentOf = (label: string): number => {
  const entry = history.find((h) => h.label === label);
  if (!entry) throw new Error(`no ${label}`);
  return entry.at;
};

/** What the list shows: incident id → status, once the picture for the moment has arrived. */
async function listed(page: Page, momentMs: number): Promise<Record<string, string>> {
  await page
    .locator(`[data-testid="moment"][data-moment="${new Date(momentMs).toISOString()}"]:not([data-seq=""])`)
    .waitFor();
  await page.locator('[data-testid="review-picture"][data-state="current"]').waitFor();
  const rows = page.getByTestId('review-incident');
  const shown: Record<string, string> = {};
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    shown[(await row.getAttribute('data-incident-id')) ?? ''] = (await row.getAttribute('data-status')) ?? '';
  }
  return shown;
}

/** Reads CSV as a spreadsheet does (RFC 4180): quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (isQuoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') isQuoted = false;
      else field += char;
    } else if (char === '"') isQuoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function pictureAt(momentMs: number): Promise<Record<string, string>> {
  const picture: Picture = PictureSchema.parse(
    await call('GET', `/api/picture?at=${encodeURIComponent(new Date(momentMs).toISOString())}`),
  );
  return Object.fromEntries(picture.incidents.map((i) => [i.id, i.status]));
}

describe('the commander’s review', () => {
  it('shows exactly the incidents and statuses of each moment, by slider and event by event', async () => {
    const { page, errors } = await personAt('commander');
    await page.goto(`${server.url}/review?lang=en`);
    const slider = page.getByTestId('moment-slider');
    await slider.waitFor();

    const expected: [number, Record<string, string>][] = [
      [momentOf('flood reported') - 1, {}],
      [momentOf('flood reported'), { [flood.id]: 'reported' }],
      [momentOf('crash reported') + 1, { [flood.id]: 'reported', [crash.id]: 'reported' }],
      [momentOf('flood dispatched'), { [flood.id]: 'dispatched', [crash.id]: 'reported' }],
      [momentOf('crash cancelled'), { [flood.id]: 'dispatched' }],
      [momentOf('flood on scene'), { [flood.id]: 'on_scene' }],
      [momentOf('flood closed'), {}],
    ];
    for (const [moment, statuses] of expected) {
      await slider.fill(String(moment));
      expect(await listed(page, moment), new Date(moment).toISOString()).toEqual(statuses);
      expect(await pictureAt(moment)).toEqual(statuses);
    }

    // Step event by event from before the first report.
    await slider.fill(String(momentOf('flood reported') - 1));
    await listed(page, momentOf('flood reported') - 1);
    const steps: [string, Record<string, string>][] = [
      ['flood reported', { [flood.id]: 'reported' }],
      ['crash reported', { [flood.id]: 'reported', [crash.id]: 'reported' }],
      ['flood acknowledged', { [flood.id]: 'acknowledged', [crash.id]: 'reported' }],
    ];
    for (const [label, statuses] of steps) {
      await page.getByTestId('step-forward').click();
      expect(await listed(page, momentOf(label)), label).toEqual(statuses);
    }
    await page.getByTestId('step-back').click();
    expect(await listed(page, momentOf('crash reported'))).toEqual({
      [flood.id]: 'reported',
      [crash.id]: 'reported',
    });

    // The incident's timeline with its durations.
    await page.locator(`[data-testid="review-incident"][data-incident-id="${flood.id}"]`).click();
    await expect.poll(() => page.getByTestId('review-timeline-item').count()).toBe(5);
    const durations = await page.getByTestId('review-durations').innerText();
    expect(durations).toContain('Report to acknowledge');

    // Charts drawn on the page.
    await page.locator('[data-testid="chart-per-hour"] .recharts-bar-rectangle path').first().waitFor();
    await screenshot(page, 'review-laptop-en');
    await page.getByTestId('chart-open').scrollIntoViewIfNeeded();
    await screenshot(page, 'review-charts-laptop-en');
    await page.setViewportSize(VIEWPORTS.wall);
    await page.getByTestId('review-timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'review-timeline-wall-en');
    expect(unexpected(errors)).toEqual([]);
  });

  it('exports CSV and JSON from the buttons, and the JSON round-trips into an empty instance', async () => {
    const { page, errors } = await personAt('commander');
    await page.goto(`${server.url}/review?lang=ar`);
    await page.locator('[data-testid="chart-per-hour"] .recharts-bar-rectangle path').first().waitFor();
    await page.locator('[data-testid="review-map"] canvas').waitFor();
    await screenshot(page, 'review-laptop-ar');
    await page.setViewportSize(VIEWPORTS.wall);
    await screenshot(page, 'review-wall-ar');
    await page.getByTestId('chart-open').scrollIntoViewIfNeeded();
    await screenshot(page, 'review-charts-wall-ar');

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const csvBytes = fs.readFileSync(await csvDownload.path());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = csvBytes.toString('utf8').slice(1);
    expect(csv).toContain('"Crash, ""two cars"" at Gulf Road"');
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([
      'seq',
      'at',
      'type',
      'actor',
      'incident_id',
      'sector',
      'status',
      'severity',
      'title',
      'detail',
    ]);
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.length === header?.length)).toBe(true);
    const titles = rows.map((row) => row[8]);
    expect(titles).toContain('سيول في نفق الدائري الرابع');
    expect(titles).toContain('Crash, "two cars" at Gulf Road');
    expect(rows.find((row) => row[6] === 'cancelled')?.[9]).toBe('status: duplicate call');

    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-json').click(),
    ]);
    const exported = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8')) as {
      events: unknown[];
    };
    expect(exported.events).toHaveLength(7);

    const empty = await TestServer.start();
    try {
      const admin = await empty.login('admin');
      const imported = await empty.api('POST', '/api/import', exported, empty.port, admin);
      expect(imported.status).toBe(201);
      const commander = await empty.login('commander');
      for (const incident of [flood, crash]) {
        const route = `/api/incidents/${incident.id}/events`;
        const original = await server.api('GET', route, undefined, server.port, commanderCookie);
        const copy = await empty.api('GET', route, undefined, empty.port, commander);
        const events = (body: unknown) =>
          MirsadEventSchema.array().parse((body as { events: unknown }).events);
        expect(events(copy.body)).toEqual(events(original.body));
        expect(events(copy.body).length).toBeGreaterThan(1);
      }
    } finally {
      await empty.stop();
    }
    expect(unexpected(errors)).toEqual([]);
  });

  it('prints the after-action report to PDF with its charts drawn', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const { page, errors } = await personAt('commander', VIEWPORTS.wall);
      const from = new Date(momentOf('flood reported') - 60_000).toISOString();
      const to = new Date(momentOf('flood closed') + 60_000).toISOString();
      await page.goto(
        `${server.url}/review/report?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&incident=${flood.id}&lang=${lang}`,
      );
      await page.locator('[data-testid="report"][data-state="ready"]').waitFor();
      await page.getByTestId('review-timeline-item').first().waitFor();
      await screenshot(page, `review-report-wall-${lang}`);
      await page.emulateMedia({ media: 'print' });
      // Every chart has drawn its series (not only axes and legend) under print media, before
      // printing. The test history's responses take milliseconds, so their bars are flat: the
      // response charts must at least draw their target line.
      const series: [string, string][] = [
        ['per-hour', '.recharts-bar-rectangle path'],
        ['response-acknowledge', '.recharts-reference-line-line'],
        ['response-dispatch', '.recharts-reference-line-line'],
        ['open', '.recharts-area-area'],
        ['units', '.recharts-line-curve'],
      ];
      for (const [chart, selector] of series) {
        const drawn = await page
          .getByTestId(`chart-${chart}`)
          .locator(`svg.recharts-surface ${selector}`)
          .evaluateAll(
            (elements) =>
              elements.filter((e) => {
                const box = e.getBoundingClientRect();
                return (e.getAttribute('d') ?? 'line').length > 3 && box.width > 10;
              }).length,
          );
        expect(drawn, chart).toBeGreaterThan(0);
      }
      expect(await page.getByTestId('report-print').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `review-report-${lang}.pdf`);
      fs.writeFileSync(file, pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThanOrEqual(3);
      // Looking at the pages is for people; the test does not need poppler.
      if (lang === 'en' && fs.existsSync('/usr/bin/pdftoppm'))
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '60',
          file,
          path.join(SCREENSHOT_DIR, `review-report-${lang}`),
        ]);
      expect(unexpected(errors)).toEqual([]);
    }
  });

  it('tells an officer the review is for commanders, and offers no link to it', async () => {
    const { page } = await personAt('traffic');
    expect(await page.getByTestId('nav-review').count()).toBe(0);
    await page.goto(`${server.url}/review?lang=en`);
    await expect.poll(() => page.getByTestId('review-forbidden').innerText()).toContain('commanders only');
    const refused = await server.api(
      'GET',
      '/api/review/summary',
      undefined,
      server.port,
      await server.login('traffic'),
    );
    expect(refused.status).toBe(403);
  });
});
