import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  Incident,
  Exercise,
  PublicShelterList,
  PublicWarningList,
  Warning,
  WarningList,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import { api, login, signIn, startTestServer, TEST_PASSWORD, type SignedIn } from '../test-support.js';
import {
  fixture,
  fixtureFiles,
  sampleCapXml,
  sampleNewWarning,
  xmllintFailures,
} from '../warnings/cap.test-support.js';

let server: MirsadServer;
let people: SignedIn;
/** How far the server's clock runs ahead of the real one, ms: expiry is tested by moving it. */
let clockAheadMs = 0;
let metKey = '';
let otherAuthorityKey = '';
let exercise: Exercise;
/** Every CAP message the tests made the server write, for one xmllint run at the end. */
const written: string[] = [];

const raw = async (
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> => {
  const response = await fetch(new URL(path, server.url), { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
};

/** Fetches a warning's CAP message as `who` (a cookie) or anonymously, and keeps it for validation. */
const capOf = async (id: string, as?: string): Promise<{ status: number; xml: string; headers: Headers }> => {
  const answer = await raw(`/api/cap/alerts/${id}`, as ? { cookie: as } : {});
  if (answer.status === 200) written.push(answer.text);
  return { status: answer.status, xml: answer.text, headers: answer.headers };
};

const postCap = (xml: string, key: string, query = ''): Promise<{ status: number; body: unknown }> =>
  api(server.url, 'POST', `/api/cap${query}`, xml, `Bearer ${key}`);

const draft = (who: string, overrides: Record<string, unknown> = {}): Promise<Warning> =>
  people.call<Warning>(who, 'POST', '/api/warnings', sampleNewWarning(overrides), 201);

const issue = async (overrides: Record<string, unknown> = {}): Promise<Warning> => {
  const drafted = await draft('media', overrides);
  return people.call<Warning>('commander', 'POST', `/api/warnings/${drafted.id}/approve`, {});
};

const listed = async (who: string, query = 'scope=all'): Promise<Warning[]> =>
  (await people.call<WarningList>(who, 'GET', `/api/warnings?${query}`)).warnings;

beforeAll(async () => {
  server = await startTestServer(undefined, {}, { now: () => new Date(Date.now() + clockAheadMs) });
  const admin = await login(server.url, 'admin');
  for (const [username, role, sectors] of [
    ['commander-2', 'commander', []],
    ['media', 'officer', ['security-media']],
  ] as const) {
    const answer = await api(
      server.url,
      'POST',
      '/api/accounts',
      { username, displayName: username, role, sectors, password: TEST_PASSWORD },
      admin,
    );
    expect(answer.status).toBe(201);
  }
  const key = async (source: string): Promise<string> => {
    const answer = await api(
      server.url,
      'POST',
      '/api/keys',
      { name: source, role: 'alerting-authority', source },
      admin,
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return (answer.body as { secret: string }).secret;
  };
  metKey = await key('met.gov.kw');
  otherAuthorityKey = await key('other.gov.kw');
  people = await signIn(server.url, ['commander', 'commander-2', 'media', 'traffic', 'trainer', 'admin']);
  exercise = await people.call<Exercise>(
    'trainer',
    'POST',
    '/api/exercises',
    { scenarioId: 'heavy-rain-capital', trainees: ['traffic'], seed: 3, speed: 1 },
    201,
  );
});

afterAll(async () => {
  await server.close();
});

describe('authoring and the two-person rule', () => {
  it('issues a draft only when a commander other than its author approves it', async () => {
    const byMedia = await draft('media');
    expect(byMedia).toMatchObject({ state: 'draft', msgType: 'Alert', status: 'Actual', sent: null });
    // The author is an officer: the gate refuses; a commander who wrote a draft may not release it.
    await people.call('media', 'POST', `/api/warnings/${byMedia.id}/approve`, {}, 403);
    const byCommander = await draft('commander');
    const refused = await api(
      server.url,
      'POST',
      `/api/warnings/${byCommander.id}/approve`,
      {},
      people.as('commander'),
    );
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/two-person rule/);
    expect((await server.store.getEntity<Warning>('warning', byCommander.id))?.state).toBe('draft');
    const issued = await people.call<Warning>(
      'commander-2',
      'POST',
      `/api/warnings/${byCommander.id}/approve`,
      {},
    );
    expect(issued).toMatchObject({ state: 'issued', approvedBy: { actor: 'user:commander-2' } });
    expect(issued.sent).not.toBeNull();
    await people.call('commander-2', 'POST', `/api/warnings/${byCommander.id}/approve`, {}, 409);
  });

  it('writes every step to the log and the audit trail, in the same commit', async () => {
    const drafted = await draft('media');
    await people.call('commander', 'POST', `/api/warnings/${drafted.id}/approve`, {});
    const events = await server.store.eventsAbout(drafted.id);
    expect(events.map((e) => e.type)).toEqual(['warning.drafted', 'warning.issued']);
    const audit = await people.call<{ entries: AuditEntry[] }>('commander', 'GET', '/api/audit?limit=50');
    const approval = audit.entries.find((e) => e.target === `/api/warnings/${drafted.id}/approve`);
    expect(approval).toMatchObject({
      actor: 'user:commander',
      outcome: 'ok',
      detail: `seq ${events[1]?.seq}`,
    });
  });

  it('keeps drafts from everyone but their authors’ circle', async () => {
    const drafted = await draft('media');
    expect((await listed('traffic')).map((w) => w.id)).not.toContain(drafted.id);
    await people.call('traffic', 'GET', `/api/warnings/${drafted.id}`, undefined, 404);
    expect((await listed('commander-2')).map((w) => w.id)).toContain(drafted.id);
    expect((await capOf(drafted.id)).status).toBe(404);
    const asApprover = await capOf(drafted.id, people.as('commander'));
    expect(asApprover.xml).toContain('<status>Draft</status>');
    expect(asApprover.headers.get('cache-control')).toContain('no-store');
  });

  it('refuses a body without Arabic and English, without an area, or with an incident of another log', async () => {
    const [ar, en] = sampleNewWarning().info as object[];
    for (const body of [
      sampleNewWarning({ info: [ar, ar] }),
      sampleNewWarning({ info: [en] }),
      sampleNewWarning({ area: { description: { ar: 'x', en: 'x' } } }),
      sampleNewWarning({ expires: '2099-12-01T08:00:00Z', onset: '2099-12-02T08:00:00Z' }),
      sampleNewWarning({ category: 'Weather' }),
      sampleNewWarning({ incidentId: '00000000-0000-4000-8000-000000000000' }),
    ]) {
      const answer = await api(server.url, 'POST', '/api/warnings', body, people.as('media'));
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    }
  });

  it('updates and cancels with new messages that reference what they replace', async () => {
    const first = await issue({
      area: { description: { ar: 'الأحمدي', en: 'Ahmadi' }, governorates: ['ahmadi'] },
    });
    const update = await people.call<Warning>(
      'media',
      'POST',
      `/api/warnings/${first.id}/update`,
      sampleNewWarning({ severity: 'Extreme', note: 'stronger than forecast', circle: undefined }),
      201,
    );
    expect(update).toMatchObject({ msgType: 'Update', state: 'draft', replaces: first.id });
    // One pending replacement at a time.
    await people.call('commander', 'POST', `/api/warnings/${first.id}/cancel`, {}, 409);
    const issuedUpdate = await people.call<Warning>(
      'commander',
      'POST',
      `/api/warnings/${update.id}/approve`,
      {},
    );
    expect((await server.store.getEntity<Warning>('warning', first.id))?.state).toBe('updated');
    const updateXml = (await capOf(issuedUpdate.id)).xml;
    expect(updateXml).toContain('<msgType>Update</msgType>');
    expect(updateXml).toMatch(
      new RegExp(
        `<references>mirsad@moi\\.gov\\.kw,${first.identifier.replaceAll('.', '\\.')},\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+03:00</references>`,
      ),
    );
    const cancel = await people.call<Warning>(
      'commander',
      'POST',
      `/api/warnings/${issuedUpdate.id}/cancel`,
      { note: 'The rain has passed' },
      201,
    );
    expect(cancel).toMatchObject({ msgType: 'Cancel', state: 'draft', responseType: ['AllClear'] });
    await people.call('media', 'POST', `/api/warnings/${cancel.id}/approve`, {}, 403);
    await people.call('commander-2', 'POST', `/api/warnings/${cancel.id}/approve`, {});
    expect((await server.store.getEntity<Warning>('warning', issuedUpdate.id))?.state).toBe('cancelled');
    const cancelXml = (await capOf(cancel.id)).xml;
    expect(cancelXml).toContain('<msgType>Cancel</msgType>');
    expect(cancelXml).toContain('<note>The rain has passed</note>');
    const first2 = await capOf(first.id);
    expect(first2.xml).toContain('<geocode>');
    // The public sees neither the cancelled warning nor the cancel; the feed carries the cancel.
    const publicList = await raw('/api/public/warnings');
    const ids = (JSON.parse(publicList.text) as PublicWarningList).warnings.map((w) => w.id);
    expect(ids).not.toContain(issuedUpdate.id);
    expect(ids).not.toContain(cancel.id);
    const feed = await raw('/api/cap/feed');
    expect(feed.text).toContain(`/api/cap/alerts/${cancel.id}`);
    expect(feed.text).not.toContain(`/api/cap/alerts/${issuedUpdate.id}`);
  });

  it('withdraws a draft at once; only its author or an approver may', async () => {
    const drafted = await draft('media');
    await people.call('traffic', 'POST', `/api/warnings/${drafted.id}/cancel`, {}, 404);
    const withdrawn = await people.call<Warning>('media', 'POST', `/api/warnings/${drafted.id}/cancel`, {});
    expect(withdrawn.state).toBe('withdrawn');
    await people.call('commander', 'POST', `/api/warnings/${drafted.id}/approve`, {}, 409);
  });

  it('honours expiry: an expired warning is no longer active, and a draft past it cannot be issued', async () => {
    const soon = new Date(Date.now() + 60 * 60_000).toISOString();
    const issued = await issue({ expires: soon });
    const late = await draft('media', { expires: soon });
    expect((await listed('traffic', 'scope=active')).map((w) => w.id)).toContain(issued.id);
    clockAheadMs = 2 * 60 * 60_000;
    try {
      expect((await listed('traffic', 'scope=active')).map((w) => w.id)).not.toContain(issued.id);
      expect((await listed('traffic')).find((w) => w.id === issued.id)?.state).toBe('expired');
      const publicList = JSON.parse((await raw('/api/public/warnings')).text) as PublicWarningList;
      expect(publicList.warnings.map((w) => w.id)).not.toContain(issued.id);
      await people.call('commander', 'POST', `/api/warnings/${late.id}/approve`, {}, 409);
      await people.call('media', 'POST', `/api/warnings/${issued.id}/update`, sampleNewWarning(), 409);
    } finally {
      clockAheadMs = 0;
    }
  });

  it('keeps an exercise’s warnings apart: status Exercise, approved by its trainer, never public', async () => {
    const drill = await draft('commander', { exerciseId: exercise.id });
    expect(drill).toMatchObject({ status: 'Exercise', exerciseId: exercise.id });
    const issued = await people.call<Warning>('trainer', 'POST', `/api/warnings/${drill.id}/approve`, {});
    expect(issued.state).toBe('issued');
    expect((await listed('commander')).map((w) => w.id)).not.toContain(drill.id);
    expect((await listed('commander', `scope=all&exercise=${exercise.id}`)).map((w) => w.id)).toContain(
      drill.id,
    );
    expect((await capOf(drill.id)).status).toBe(404);
    const asTrainer = await capOf(drill.id, people.as('trainer'));
    expect(asTrainer.xml).toContain('<status>Exercise</status>');
    const publicList = JSON.parse((await raw('/api/public/warnings')).text) as PublicWarningList;
    expect(publicList.warnings.map((w) => w.id)).not.toContain(drill.id);
    expect((await raw('/api/cap/feed')).text).not.toContain(drill.id);
  });
});

describe('CAP out and the public data', () => {
  it('serves issued messages with no sign-in, with cache headers and an ETag that answers 304', async () => {
    const issued = await issue();
    const first = await capOf(issued.id);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/cap\+xml/);
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await raw(`/api/cap/alerts/${issued.id}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    for (const path of ['/api/cap/feed', '/api/public/warnings', '/api/public/shelters']) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('cache-control'), path).toMatch(/^public/);
      const tag = answer.headers.get('etag') ?? '';
      expect((await raw(path, { 'if-none-match': tag })).status, path).toBe(304);
    }
    // A new warning changes the list, and so its tag.
    const before = (await raw('/api/public/warnings')).headers.get('etag');
    await issue();
    expect((await raw('/api/public/warnings')).headers.get('etag')).not.toBe(before);
  });

  it('shows the public nothing internal: no authors, approvers, incidents, occupancy or needs', async () => {
    await people.call(
      'commander',
      'POST',
      '/api/shelters',
      {
        name: 'Kaifan school',
        location: { type: 'Point', coordinates: [47.95, 29.33] },
        capacity: 2,
        occupancy: 2,
        needs: ['insulin for a diabetic child'],
      },
      201,
    );
    await people.call(
      'commander',
      'POST',
      '/api/shelters',
      {
        name: 'Drill hall',
        location: { type: 'Point', coordinates: [47.9, 29.3] },
        capacity: 5,
        exerciseId: exercise.id,
      },
      201,
    );
    const warnings = (await raw('/api/public/warnings')).text;
    const shelters = (await raw('/api/public/shelters')).text;
    for (const secret of ['user:', '"author"', 'approvedBy', 'incidentId', 'Media', 'Commander'])
      expect(warnings).not.toContain(secret);
    for (const secret of ['insulin', 'occupancy', 'capacity', 'needs', 'openedBy', 'Drill hall'])
      expect(shelters).not.toContain(secret);
    const list = JSON.parse(shelters) as PublicShelterList;
    expect(list.shelters.find((s) => s.name === 'Kaifan school')?.hasRoom).toBe(false);
  });

  it('lists the active warnings in an Atom feed anyone can read', async () => {
    const issued = await issue();
    const feed = await raw('/api/cap/feed');
    expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(feed.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed.text).toContain(`/api/cap/alerts/${issued.id}`);
    expect(feed.text).not.toMatch(/<updated>[^<]*Z<\/updated>/);
  });
});

describe('CAP in', () => {
  it('takes in a message of the sender its key is bound to, and refuses another sender', async () => {
    const head = await server.store.headSeq();
    const wrong = await postCap(
      sampleCapXml({ sender: 'met.gov.kw', identifier: 'KW-X-1' }),
      otherAuthorityKey,
    );
    expect(wrong.status).toBe(403);
    expect(await server.store.headSeq()).toBe(head);
    const taken = await postCap(sampleCapXml({ identifier: 'KW-MET-1' }), metKey);
    expect(taken.status).toBe(201);
    const warning = (taken.body as { warning: Warning }).warning;
    expect(warning).toMatchObject({
      origin: 'received',
      state: 'received',
      senderName: 'إدارة الأرصاد الجوية',
    });
    expect(warning.info.map((i) => i.language)).toEqual(['ar', 'en']);
    // The room sees it as a layer; so does the public.
    expect((await listed('traffic', 'scope=active')).map((w) => w.id)).toContain(warning.id);
    const publicList = JSON.parse((await raw('/api/public/warnings')).text) as PublicWarningList;
    expect(publicList.warnings.find((w) => w.id === warning.id)?.origin).toBe('received');
    // It proposes an incident to the operations room, once.
    const proposed = await people.call<Incident>(
      'commander',
      'POST',
      `/api/warnings/${warning.id}/incident`,
      {},
      201,
    );
    expect(proposed).toMatchObject({ sector: 'operations', category: 'major-incident', severity: 4 });
    expect(proposed.location.type).toBe('Polygon');
    const again1 = await people.call<Incident>(
      'commander',
      'POST',
      `/api/warnings/${warning.id}/incident`,
      {},
      200,
    );
    expect(again1.id).toBe(proposed.id);
    await people.call('traffic', 'POST', `/api/warnings/${warning.id}/incident`, {}, 403);
    // The same message again is the same warning, stored once.
    const again = await postCap(sampleCapXml({ identifier: 'KW-MET-1' }), metKey);
    expect(again.status).toBe(200);
    expect((again.body as { warning: Warning }).warning.id).toBe(warning.id);
  });

  it('lets an Update and a Cancel act on what they reference', async () => {
    await postCap(sampleCapXml({ identifier: 'KW-MET-2', sent: '2026-11-30T09:00:00+03:00' }), metKey);
    const update = await postCap(
      sampleCapXml({
        identifier: 'KW-MET-3',
        msgType: 'Update',
        sent: '2026-11-30T10:00:00+03:00',
        references: 'met.gov.kw,KW-MET-2,2026-11-30T09:00:00+03:00',
        headline: 'Heavy rain warning extended',
      }),
      metKey,
    );
    expect(update.status).toBe(201);
    const all = await listed('commander');
    expect(all.find((w) => w.identifier === 'KW-MET-2')?.state).toBe('updated');
    const cancel = await postCap(
      sampleCapXml({
        identifier: 'KW-MET-4',
        msgType: 'Cancel',
        sent: '2026-11-30T11:00:00+03:00',
        references: 'met.gov.kw,KW-MET-3,2026-11-30T10:00:00+03:00',
      }),
      metKey,
    );
    expect(cancel.status).toBe(201);
    const after = await listed('commander');
    expect(after.find((w) => w.identifier === 'KW-MET-3')?.state).toBe('cancelled');
    expect((await listed('commander', 'scope=active')).map((w) => w.identifier)).not.toContain('KW-MET-4');
  });

  it('refuses XXE, entity bombs and bad elements with a 400 naming the element, storing nothing', async () => {
    const head = await server.store.headSeq();
    const xxe = sampleCapXml({ identifier: 'KW-XXE' }).replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    );
    const bad = await postCap(xxe, metKey);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/DOCTYPE/);
    const badUrgency = await postCap(
      sampleCapXml({ identifier: 'KW-BAD' }).replace(
        '<urgency>Expected</urgency>',
        '<urgency>Soon</urgency>',
      ),
      metKey,
    );
    expect(badUrgency.status).toBe(400);
    expect((badUrgency.body as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(
      'alert/info[0]/urgency',
    );
    const huge = await postCap(sampleCapXml({ headline: 'x'.repeat(1_100_000) }), metKey);
    expect(huge.status).toBe(413);
    expect(await server.store.headSeq()).toBe(head);
  });

  it('stores nothing for a Test message, and answers why', async () => {
    const head = await server.store.headSeq();
    const test = await postCap(sampleCapXml({ identifier: 'KW-TEST', status: 'Test' }), metKey);
    expect(test.status).toBe(202);
    expect(await server.store.headSeq()).toBe(head);
  });

  it('takes in the standard’s examples and real alerts of national services, through keys bound to their senders', async () => {
    const admin = people.as('admin');
    for (const file of fixtureFiles()) {
      const xml = fixture(file);
      const sender = /<(?:cap:)?sender>([^<]+)</.exec(xml)?.[1] ?? '';
      const made = await api(
        server.url,
        'POST',
        '/api/keys',
        { name: file, role: 'alerting-authority', source: sender },
        admin,
      );
      expect(made.status, `${file}: ${JSON.stringify(made.body)}`).toBe(201);
      const secret = (made.body as { secret?: string }).secret ?? '';
      const answer = await postCap(xml, secret);
      expect([200, 201], `${file}: ${answer.status} ${JSON.stringify(answer.body)}`).toContain(answer.status);
    }
  });

  it('lets whoever runs an exercise inject CAP into it, kept apart from the live picture', async () => {
    const injected = await api(
      server.url,
      'POST',
      `/api/cap?exercise=${exercise.id}`,
      sampleCapXml({ identifier: 'KW-MET-DRILL', status: 'Exercise' }),
      people.as('trainer'),
    );
    expect(injected.status, JSON.stringify(injected.body)).toBe(201);
    const warning = (injected.body as { warning: Warning }).warning;
    expect(warning.exerciseId).toBe(exercise.id);
    expect((await listed('commander')).map((w) => w.id)).not.toContain(warning.id);
    const live = await api(
      server.url,
      'POST',
      '/api/cap',
      sampleCapXml({ identifier: 'KW-MET-T' }),
      people.as('trainer'),
    );
    expect(live.status).toBe(403);
  });
});

describe('every message the product wrote in these tests', () => {
  it('validates against the OASIS CAP 1.2 schema', async () => {
    expect(written.length).toBeGreaterThan(5);
    expect(await xmllintFailures(written)).toEqual([]);
  });
});
