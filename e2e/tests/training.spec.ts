import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ExerciseSchema, IncidentListSchema, type Exercise } from '@mirsad/shared';
import {
  collectPageErrors,
  contextFor,
  launchBrowser,
  screenshot,
  signedInPerson,
  unexpected,
  VIEWPORTS,
} from '../support/browser.js';
import { E2E_PASSWORD, TestServer } from '../support/server.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** The first incident the heavy-rain scenario reports to traffic, and the minute it is reported. */
const FIRST_TRAFFIC_INJECT = 'underpass-4th-ring';
const FIRST_TRAFFIC_MINUTE = 8;
/** Minutes of each scenario when most is going on: every overlay drawn, most reports in. */
const PEAK_MINUTE = { 'heavy-rain-capital': 70, 'industrial-fire-amghara': 65 } as const;
/**
 * How far the debrief's times may be from the ones measured here, in scenario minutes: it
 * rounds to 0.1 min, and at 60× the 250 ms tick of the exercise clock is another 0.25 min.
 */
const CLOCK_TOLERANCE_MIN = 0.4;

beforeAll(async () => {
  [server, browser] = await Promise.all([TestServer.start(), launchBrowser()]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser.close();
  await server.stop();
});

/** A person at their own screen, in their own browser context. */
function person(
  username: string,
  viewport: { width: number; height: number } = VIEWPORTS.laptop,
): Promise<{ page: Page; errors: string[] }> {
  return signedInPerson(browser, contexts, server.url, { username, password: E2E_PASSWORD }, viewport);
}

/**
 * The trainer, signed in at the console. Trainers have no live room (the server gives them none
 * outside an exercise), so they start at /training rather than at the room.
 */
async function trainerAt(viewport: {
  width: number;
  height: number;
}): Promise<{ page: Page; errors: string[] }> {
  const context = await contextFor(browser, viewport);
  contexts.push(context);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}/training?lang=en`);
  await page.getByTestId('login-username').fill('trainer');
  await page.getByTestId('login-password').fill(E2E_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('training-console').waitFor({ timeout: 20_000 });
  return { page, errors };
}

async function exerciseOf(id: string): Promise<Exercise> {
  const { body } = await server.api(
    'GET',
    `/api/exercises/${id}`,
    undefined,
    server.port,
    await server.login('trainer'),
  );
  return ExerciseSchema.parse(body);
}

/** The scenario minute of an exercise that has run at 60× without a pause since it started. */
const minuteAt = (exercise: Exercise, atMs: number): number =>
  ((atMs - Date.parse(exercise.startedAt ?? '')) / 60_000) * exercise.speed;

/** Waits until the page's map has drawn its exercise overlays (at least `count` shapes). */
async function waitForOverlays(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (least) => {
      const map = (
        window as {
          __MIRSAD_MAP__?: { isStyleLoaded: () => boolean; querySourceFeatures: (id: string) => unknown[] };
        }
      ).__MIRSAD_MAP__;
      return map?.isStyleLoaded() === true && map.querySourceFeatures('exercise-overlays').length >= least;
    },
    count,
    { timeout: 20_000 },
  );
}

describe('training', () => {
  it('runs the rain scenario at 60×: the trainee acknowledges and dispatches in the room, the debrief shows those times', async () => {
    const trainer = await trainerAt(VIEWPORTS.wall);
    const commander = await person('commander');

    // The trainer prepares and starts the heavy-rain exercise at 60× with the traffic officer.
    await trainer.page
      .locator('[data-testid="scenario-option"][data-scenario-id="heavy-rain-capital"]')
      .click();
    await trainer.page.locator('[data-testid="trainee-option"][data-username="traffic"] input').check();
    await trainer.page.getByTestId('exercise-speed').fill('60');
    await trainer.page.getByTestId('exercise-start').click();
    const detail = trainer.page.locator('[data-testid="exercise-detail"]');
    await detail
      .locator('[data-testid="exercise-status"][data-status="running"]')
      .waitFor({ timeout: 10_000 });
    const exerciseId = (await detail.getAttribute('data-exercise-id')) ?? '';
    expect(exerciseId).toMatch(/^ex-[a-z0-9]{8}$/);

    // The trainee finds the exercise in the header and opens their room in it: EXERCISE everywhere.
    const trainee = await person('traffic');
    await trainee.page.getByTestId('exercise-menu').click();
    await trainee.page.locator(`[data-testid="exercise-link"][data-exercise-id="${exerciseId}"]`).click();
    await trainee.page
      .getByTestId('connection-state')
      .and(trainee.page.locator('[data-state="live"]'))
      .waitFor({ timeout: 20_000 });
    const banner = trainee.page.getByTestId('exercise-banner');
    expect(await banner.textContent()).toContain('EXERCISE');
    expect(await trainee.page.locator('.app--exercise').count()).toBe(1);

    // The first report to traffic comes in at scenario minute 8.
    const first = trainee.page.getByTestId('incident-item').first();
    await first.waitFor({ timeout: 30_000 });
    const incidentId = (await first.getAttribute('data-incident-id')) ?? '';
    await first.click();

    const acknowledgedFrom = Date.now();
    const acknowledged = trainee.page.waitForResponse(
      (response) =>
        response.url().includes(`/api/incidents/${incidentId}`) && response.request().method() === 'PATCH',
    );
    await trainee.page.getByTestId('status-action-acknowledged').click();
    expect((await acknowledged).status()).toBe(200);
    const acknowledgedTo = Date.now();

    await trainee.page.getByTestId('unit-assign-button').click();
    const unit = `${exerciseId}-tr-kaifan-1`;
    const dispatchedFrom = Date.now();
    const assigned = trainee.page.waitForResponse(
      (response) =>
        response.url().includes(`/api/units/${unit}/assign`) && response.request().method() === 'POST',
    );
    await trainee.page.locator(`[data-testid="unit-option"][data-unit-id="${unit}"]`).click();
    expect((await assigned).status()).toBe(200);
    const dispatchedTo = Date.now();
    await trainee.page
      .locator(`[data-testid="incident-panel"] [data-testid="assigned-unit"][data-unit-id="${unit}"]`)
      .waitFor({ timeout: 10_000 });

    // The commander's live room shows none of it: no exercise incident, in the list or counts.
    const exerciseIncidents = IncidentListSchema.parse(
      (
        await server.api(
          'GET',
          `/api/incidents?scope=active&exercise=${exerciseId}`,
          undefined,
          server.port,
          await server.login('commander'),
        )
      ).body,
    ).incidents;
    expect(exerciseIncidents.map((incident) => incident.id)).toContain(incidentId);
    expect(await commander.page.getByTestId('incident-item').count()).toBe(0);
    expect(await commander.page.getByTestId('count-active').textContent()).toBe('0');
    expect(await commander.page.getByTestId('exercise-banner').count()).toBe(0);

    // The debrief gives the times the test measured, in scenario minutes from the report.
    const exercise = await exerciseOf(exerciseId);
    const range = (from: number, to: number) => [
      minuteAt(exercise, from) - FIRST_TRAFFIC_MINUTE - CLOCK_TOLERANCE_MIN,
      minuteAt(exercise, to) - FIRST_TRAFFIC_MINUTE + CLOCK_TOLERANCE_MIN,
    ];
    await trainer.page.getByTestId('exercise-debrief-link').click();
    await trainer.page.getByTestId('debrief').waitFor();
    const tookOf = async (expectation: string): Promise<number> => {
      const row = trainer.page.locator(`[data-testid="debrief-item"][data-expectation-id="${expectation}"]`);
      await row.and(trainer.page.locator(':not([data-took-min=""])')).waitFor({ timeout: 10_000 });
      return Number(await row.getAttribute('data-took-min'));
    };
    const [ackLow = 0, ackHigh = 0] = range(acknowledgedFrom, acknowledgedTo);
    const [dispatchLow = 0, dispatchHigh = 0] = range(dispatchedFrom, dispatchedTo);
    const ackMin = await tookOf(`ack-${FIRST_TRAFFIC_INJECT}`);
    const dispatchMin = await tookOf(`dispatch-${FIRST_TRAFFIC_INJECT}`);
    expect(ackMin).toBeGreaterThanOrEqual(ackLow);
    expect(ackMin).toBeLessThanOrEqual(ackHigh);
    expect(dispatchMin).toBeGreaterThanOrEqual(dispatchLow);
    expect(dispatchMin).toBeLessThanOrEqual(dispatchHigh);
    const traineeRow = trainer.page.locator('[data-testid="debrief-trainee"][data-actor="user:traffic"]');
    expect(Number(await traineeRow.getByTestId('debrief-trainee-ack').getAttribute('data-minutes'))).toBe(
      ackMin,
    );
    expect(
      Number(await traineeRow.getByTestId('debrief-trainee-dispatch').getAttribute('data-minutes')),
    ).toBe(dispatchMin);
    expect(await trainer.page.getByTestId('debrief-review-link').getAttribute('href')).toBe(
      `/review?exercise=${exerciseId}`,
    );
    await screenshot(trainer.page, 'training-debrief-wall-en');

    // At the peak: the trainer jumps ahead; the trainee's map shows water, closed roads and rain.
    await trainer.page.goto(`${server.url}/training?lang=en`);
    await trainer.page.locator(`[data-testid="exercise-item"][data-exercise-id="${exerciseId}"]`).click();
    await trainer.page.getByTestId('exercise-jump-minute').fill(String(PEAK_MINUTE['heavy-rain-capital']));
    const jumped = trainer.page.waitForResponse((response) =>
      response.url().endsWith(`/api/exercises/${exerciseId}/control`),
    );
    await trainer.page.getByTestId('exercise-jump').click();
    expect((await jumped).status()).toBe(200);
    await trainer.page.getByTestId('exercise-pause').click();
    await trainer.page.getByTestId('exercise-resume').waitFor();
    await waitForOverlays(trainee.page, 10);
    await peakScreenshots('heavy-rain-capital', exerciseId, trainee.page, trainer.page);

    expect(unexpected([...trainer.errors, ...trainee.errors, ...commander.errors])).toEqual([]);
  });

  it('shows the fire scenario at its peak to a fire officer, in both languages', async () => {
    const cookie = await server.login('trainer');
    const created = await server.api(
      'POST',
      '/api/exercises',
      { scenarioId: 'industrial-fire-amghara', trainees: ['fire'], speed: 60, locale: 'ar' },
      server.port,
      cookie,
    );
    expect(created.status).toBe(201);
    const { id } = ExerciseSchema.parse(created.body);
    for (const control of [
      { action: 'start' },
      { action: 'jump', toMin: PEAK_MINUTE['industrial-fire-amghara'] },
      { action: 'pause' },
    ]) {
      expect(
        (await server.api('POST', `/api/exercises/${id}/control`, control, server.port, cookie)).status,
      ).toBe(200);
    }
    const trainee = await person('fire');
    await trainee.page.goto(`${server.url}/?exercise=${id}&lang=en`);
    await trainee.page.getByTestId('exercise-banner').waitFor();
    await waitForOverlays(trainee.page, 5);
    const trainer = await trainerAt(VIEWPORTS.wall);
    await trainer.page.locator(`[data-testid="exercise-item"][data-exercise-id="${id}"]`).click();
    await peakScreenshots('industrial-fire-amghara', id, trainee.page, trainer.page);
    expect(unexpected([...trainee.errors, ...trainer.errors])).toEqual([]);
  });

  it('tells an officer who opens the console that it is for trainers', async () => {
    const officer = await person('civil-defence');
    await officer.page.goto(`${server.url}/training?lang=en`);
    await officer.page.getByTestId('training-refused').waitFor();
    expect(await officer.page.getByTestId('nav-training').count()).toBe(0);
  });
});

/** The trainee's room and the trainer's console, in English and Arabic, at laptop and wall size. */
async function peakScreenshots(
  scenario: string,
  exerciseId: string,
  trainee: Page,
  trainer: Page,
): Promise<void> {
  for (const lang of ['en', 'ar'] as const) {
    await trainee.goto(`${server.url}/?exercise=${exerciseId}&lang=${lang}`);
    await trainee.getByTestId('exercise-banner-name').waitFor();
    await waitForOverlays(trainee, 3);
    await trainer.goto(`${server.url}/training?lang=${lang}`);
    await trainer.locator(`[data-testid="exercise-item"][data-exercise-id="${exerciseId}"]`).click();
    await trainer.getByTestId('inject-timeline').waitFor();
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await trainee.setViewportSize(viewport);
      await trainer.setViewportSize(viewport);
      // The map settles on its new size before the picture is taken.
      await trainee.waitForFunction(() => {
        const map = (window as { __MIRSAD_MAP__?: { loaded: () => boolean } }).__MIRSAD_MAP__;
        return map?.loaded() === true;
      });
      await screenshot(trainee, `training-${scenario}-room-${size}-${lang}`);
      await screenshot(trainer, `training-${scenario}-console-${size}-${lang}`);
    }
  }
}
