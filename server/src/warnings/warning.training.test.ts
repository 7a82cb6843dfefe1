import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Debrief, Exercise, Warning, WarningList } from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api, login, signIn, startTestServer, TEST_PASSWORD, type SignedIn } from '../test-support.js';
import { sampleNewWarning } from './cap.test-support.js';

let server: MirsadServer;
let people: SignedIn;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await login(server.url, 'admin');
  const made = await api(
    server.url,
    'POST',
    '/api/accounts',
    {
      username: 'media',
      displayName: 'Media Officer',
      role: 'officer',
      sectors: ['security-media'],
      password: TEST_PASSWORD,
    },
    admin,
  );
  expect(made.status).toBe(201);
  people = await signIn(server.url, ['trainer', 'media', 'traffic']);
});

afterAll(async () => {
  await server.close();
});

describe('public warnings in the rain exercise', () => {
  it('brings the Meteorological Department’s warnings in as CAP, and scores whether and when trainees warned the public', async () => {
    const exercise = await people.call<Exercise>(
      'trainer',
      'POST',
      '/api/exercises',
      { scenarioId: 'heavy-rain-capital', trainees: ['media', 'traffic'], seed: 5, speed: 1, locale: 'en' },
      201,
    );
    const control = (body: object): Promise<Exercise> =>
      people.call<Exercise>('trainer', 'POST', `/api/exercises/${exercise.id}/control`, body);
    await control({ action: 'start' });
    await control({ action: 'jump', toMin: 5 });
    await control({ action: 'pause' });
    const warnings = async (who: string, exerciseId: string | null = exercise.id): Promise<Warning[]> =>
      (
        await people.call<WarningList>(
          who,
          'GET',
          `/api/warnings?scope=all${exerciseId === null ? '' : `&exercise=${exerciseId}`}`,
        )
      ).warnings;
    const received = (await warnings('traffic')).filter((w) => w.origin === 'received');
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      state: 'received',
      status: 'Exercise',
      sender: 'met.gov.kw',
      event: 'أمطار رعدية غزيرة',
    });
    // Sent when the inject fired, not on the day the file was written: still in force.
    expect(Date.parse(received[0]?.expires ?? '')).toBeGreaterThan(Date.now());
    expect((await warnings('traffic', null)).filter((w) => w.origin === 'received')).toEqual([]);

    // The trainee of security media writes the public warning; the trainer, as commander, releases it.
    const draft = await people.call<Warning>(
      'media',
      'POST',
      '/api/warnings',
      sampleNewWarning({ exerciseId: exercise.id }),
      201,
    );
    await people.call('media', 'POST', `/api/warnings/${draft.id}/approve`, {}, 403);
    await people.call('trainer', 'POST', `/api/warnings/${draft.id}/approve`, {});

    await control({ action: 'resume' });
    await control({ action: 'jump', toMin: 40 });
    const after = await warnings('trainer');
    expect(after.find((w) => w.id === received[0]?.id)?.state).toBe('updated');
    expect(after.find((w) => w.msgType === 'Update' && w.origin === 'received')?.severity).toBe('Extreme');

    const debrief = await people.call<Debrief>('trainer', 'GET', `/api/exercises/${exercise.id}/debrief`);
    const first = debrief.items.find((item) => item.expectationId === 'public-warning-heavy-rain');
    expect(first).toMatchObject({ isMet: true, by: 'user:media', reportedMin: 1 });
    expect(first?.reportedAt).toBe(received[0]?.createdAt);
    // Issued at about minute 5 of the scenario, four after the Met warning; the engine's clock
    // saves can land late on a loaded machine, so only the bounds are held.
    expect(first?.tookMin).toBeGreaterThanOrEqual(0);
    expect(first?.tookMin).toBeLessThanOrEqual(6);
    const second = debrief.items.find((item) => item.expectationId === 'public-warning-flash-flood');
    expect(second).toMatchObject({ isMet: false, tookMin: null, reportedMin: 35 });
    expect(debrief.trainees.find((t) => t.actor === 'user:media')?.warningsIssued).toBe(1);
    expect(debrief.team.firstPublicWarningMin).toBeGreaterThanOrEqual(1);
    expect(debrief.team.firstPublicWarningMin).toBeLessThan(35);
  });
});
