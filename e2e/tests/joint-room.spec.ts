import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IncidentSchema, type Incident, type NewIncident } from '@mirsad/shared';
import {
  contextFor,
  launchBrowser,
  openRoom,
  screenshot,
  signedInPerson,
  unexpected,
  VIEWPORTS,
} from '../support/browser.js';
import { E2E_PASSWORD, TestServer } from '../support/server.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([TestServer.start(), launchBrowser()]);
  const commander = await server.login('commander');
  const unit = await server.api(
    'POST',
    '/api/units',
    { id: 'cd-7', sector: 'civil-defence', type: 'rescue-team', callSign: 'CD-07' },
    server.port,
    commander,
  );
  expect(unit.status).toBe(201);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await server.stop();
});

async function report(body: Partial<NewIncident>): Promise<Incident> {
  const { status, body: answer } = await server.api('POST', '/api/incidents', {
    sector: 'traffic',
    category: 'flooded-road',
    severity: 4,
    title: 'Cars trapped in the Fourth Ring Road underpass',
    description: 'Water rising; three cars stuck',
    location: { type: 'Point', coordinates: [47.985, 29.335] },
    source: 'e2e',
    externalRef: null,
    ...body,
  });
  expect(status).toBe(201);
  return IncidentSchema.parse(answer);
}

/** A person at their own screen, in their own browser context. */
function officer(
  username: string,
  viewport: { width: number; height: number } = VIEWPORTS.laptop,
): Promise<{ page: Page; errors: string[] }> {
  return signedInPerson(browser, contexts, server.url, { username, password: E2E_PASSWORD }, viewport);
}

const item = (page: Page, id: string) =>
  page.locator(`[data-testid="incident-item"][data-incident-id="${id}"]`);

describe('two officers of two sectors work one incident together', () => {
  it('asks for support, assigns a unit, shares notes, merges a duplicate, and shows markup as text', async () => {
    const traffic = await officer('traffic');
    const defence = await officer('civil-defence', VIEWPORTS.wall);
    const incident = await report({});

    // Traffic sees its own report; civil defence does not, yet.
    await item(traffic.page, incident.id).waitFor();
    expect(await item(defence.page, incident.id).count()).toBe(0);

    // Traffic asks civil defence for a rescue team.
    await item(traffic.page, incident.id).click();
    await traffic.page.getByTestId('incident-panel').waitFor();
    await traffic.page.getByTestId('support-request-button').click();
    await traffic.page.getByTestId('support-to-sector').selectOption('civil-defence');
    await traffic.page.getByTestId('support-request-text').fill('A rescue team with a boat');
    await traffic.page.getByTestId('support-request-submit').click();

    // Civil defence sees the request live and accepts it; the incident joins its room.
    const request = defence.page.getByTestId('support-inbox').getByTestId('support-item');
    await request.first().waitFor({ timeout: 10_000 });
    await request.first().getByTestId('support-accept').click();
    await item(defence.page, incident.id).waitFor({ timeout: 10_000 });

    // Civil defence assigns its unit: the incident is dispatched on both screens.
    await item(defence.page, incident.id).click();
    await defence.page.getByTestId('unit-assign-button').click();
    await defence.page.locator('[data-testid="unit-option"][data-unit-id="cd-7"]').click();
    for (const { page } of [traffic, defence]) {
      await page
        .locator('[data-testid="incident-panel"] [data-testid="assigned-unit"][data-unit-id="cd-7"]')
        .waitFor({ timeout: 10_000 });
    }

    // Notes go both ways without a reload.
    await traffic.page.getByTestId('note-input').fill('Diversion set up at the Jabriya exit');
    await traffic.page.getByTestId('note-submit').click();
    await defence.page
      .getByTestId('note-item')
      .filter({ hasText: 'Diversion set up at the Jabriya exit' })
      .waitFor({ timeout: 10_000 });
    await defence.page.getByTestId('note-input').fill('Team CD-07 on scene in 10 minutes');
    await defence.page.getByTestId('note-submit').click();
    await traffic.page
      .getByTestId('note-item')
      .filter({ hasText: 'Team CD-07 on scene in 10 minutes' })
      .waitFor({ timeout: 10_000 });
    await screenshot(traffic.page, 'joint-traffic-laptop-en');
    await screenshot(defence.page, 'joint-civil-defence-wall-en');

    // A duplicate report from civil defence's own feed, 100 m away: proposed as a link, then merged.
    const duplicate = await report({
      sector: 'civil-defence',
      category: 'flooding',
      title: '<img src=x onerror=alert(1)>',
      location: { type: 'Point', coordinates: [47.986, 29.3355] },
    });
    const link = traffic.page.getByTestId('links-panel').getByTestId('link-item');
    await link.first().waitFor({ timeout: 10_000 });
    await link.first().getByTestId('link-merge').click();
    for (const { page } of [traffic, defence]) {
      await item(page, incident.id).click();
      await page
        .getByTestId('contribution-item')
        .filter({ hasText: '<img src=x onerror=alert(1)>' })
        .waitFor({ timeout: 10_000 });
      // The markup is text: no image element was made from it, and no script ran.
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    }
    expect(await item(defence.page, duplicate.id).count()).toBe(0);
    await screenshot(defence.page, 'joint-merged-wall-en');
    expect(unexpected([...traffic.errors, ...defence.errors])).toEqual([]);
  });

  it('shows the room in Arabic, mirrored, to an officer who prefers it', async () => {
    const context = await contextFor(browser, VIEWPORTS.wall);
    contexts.push(context);
    const page = await context.newPage();
    await openRoom(page, server.url, 'civil-defence', E2E_PASSWORD, 'lang=ar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await screenshot(page, 'joint-civil-defence-wall-ar');
  });
});
