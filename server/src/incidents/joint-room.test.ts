import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ACTIVE_STATUSES,
  INCIDENTS_PAGE_MAX,
  type Incident,
  type IncidentList,
  type Link,
  type Note,
  type SupportRequest,
  type Unit,
} from '@mirsad/shared';
import type { MirsadServer } from '../app.js';
import {
  api,
  signIn,
  type SignedIn,
  principalFor,
  recordingClient,
  sampleReport,
  startTestServer,
  waitFor,
  type RecordingClient,
} from '../test-support.js';

let server: MirsadServer;
let url: string;
let people: SignedIn;
const clients: RecordingClient[] = [];
let n = 5000;

beforeAll(async () => {
  server = await startTestServer();
  url = server.url;
  people = await signIn(url, ['commander', 'traffic', 'civil-defence', 'fire']);
  const commander = principalFor('commander');
  await server.units.register(
    { id: 'tr-1', sector: 'traffic', type: 'patrol', callSign: 'TR-01', position: null, exerciseId: null },
    'source:test',
  );
  await server.units.register(
    {
      id: 'cd-1',
      sector: 'civil-defence',
      type: 'rescue-team',
      callSign: 'CD-01',
      position: null,
      exerciseId: null,
    },
    'source:test',
  );
  expect(commander.role).toBe('commander');
});

const as = (username: string): string => people.as(username);
const call = <T>(
  username: string,
  method: string,
  route: string,
  body?: unknown,
  expected?: number,
): Promise<T> => people.call<T>(username, method, route, body, expected);

afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});

async function report(username: string, overrides = {}): Promise<Incident> {
  n += 1;
  return call<Incident>(
    username,
    'POST',
    '/api/incidents',
    sampleReport(n, { externalRef: null, ...overrides }),
    201,
  );
}

describe('the incident workflow', () => {
  it('moves along the workflow, stamping each milestone once, with who and why in the timeline', async () => {
    const incident = await report('traffic');
    const acknowledged = await call<Incident>('traffic', 'PATCH', `/api/incidents/${incident.id}`, {
      version: 1,
      status: 'acknowledged',
    });
    expect(acknowledged.milestones.acknowledgedAt).not.toBeNull();
    const cancelled = await call<Incident>('traffic', 'PATCH', `/api/incidents/${incident.id}`, {
      version: 2,
      status: 'cancelled',
      reason: 'duplicate call',
    });
    expect(cancelled.status).toBe('cancelled');
    const refused = await api(
      url,
      'PATCH',
      `/api/incidents/${incident.id}`,
      { version: 3, status: 'on_scene' },
      as('traffic'),
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'transition_not_allowed' });
    const { events } = await call<{
      events: { type: string; actor: string; data: { reason?: string | null } }[];
    }>('traffic', 'GET', `/api/incidents/${incident.id}/events`);
    expect(events.map((e) => e.type)).toEqual(['incident.reported', 'incident.updated', 'incident.updated']);
    expect(events.every((e) => e.actor === 'user:traffic')).toBe(true);
    expect(events[2]?.data.reason).toBe('duplicate call');
  });

  it('reassigns an incident to another sector, which then sees it and the giver no longer works it', async () => {
    const incident = await report('traffic');
    const moved = await call<Incident>('traffic', 'PATCH', `/api/incidents/${incident.id}`, {
      version: 1,
      sector: 'civil-defence',
      category: 'flooding',
    });
    expect(moved.sector).toBe('civil-defence');
    expect(moved.involvedSectors).toEqual(['civil-defence']);
    await call('civil-defence', 'GET', `/api/incidents/${incident.id}`);
    expect((await api(url, 'GET', `/api/incidents/${incident.id}`, undefined, as('traffic'))).status).toBe(
      403,
    );
  });
});

describe('working one incident across sectors', () => {
  it('lets traffic ask civil defence for help; once accepted both rooms see notes and units live', async () => {
    const traffic = recordingClient(url, { cookie: as('traffic') });
    const defence = recordingClient(url, { cookie: as('civil-defence') });
    clients.push(traffic, defence);
    await waitFor(() => traffic.liveSeqs.length > 0 && defence.liveSeqs.length > 0, 'both rooms live');

    const incident = await report('traffic', {
      category: 'flooded-road',
      title: 'Cars trapped in the Fourth Ring Road underpass',
    });
    const request = await call<SupportRequest>(
      'traffic',
      'POST',
      `/api/incidents/${incident.id}/support-requests`,
      { toSector: 'civil-defence', request: 'A rescue team with a boat' },
      201,
    );
    await waitFor(
      () => defence.events.some((e) => e.type === 'support.requested' && e.data.request.id === request.id),
      'the request',
    );
    const inbox = await call<{ requests: SupportRequest[] }>(
      'civil-defence',
      'GET',
      '/api/support-requests?status=pending',
    );
    expect(inbox.requests.map((r) => r.id)).toContain(request.id);
    // Only the asked sector answers.
    expect(
      (await api(url, 'POST', `/api/support-requests/${request.id}/accept`, {}, as('traffic'))).status,
    ).toBe(403);
    await call('civil-defence', 'POST', `/api/support-requests/${request.id}/accept`, {
      answer: 'CD-01 on its way',
    });
    const joined = await call<Incident>('civil-defence', 'GET', `/api/incidents/${incident.id}`);
    expect(joined.involvedSectors).toEqual(['traffic', 'civil-defence']);

    const { incident: dispatched } = await call<{ unit: Unit; incident: Incident }>(
      'civil-defence',
      'POST',
      '/api/units/cd-1/assign',
      {
        incidentId: incident.id,
      },
    );
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.assignedUnitIds).toEqual(['cd-1']);
    const note = await call<Note>(
      'civil-defence',
      'POST',
      `/api/incidents/${incident.id}/notes`,
      { text: 'Water 1.2 m deep' },
      201,
    );
    for (const room of [traffic, defence]) {
      await waitFor(
        () => room.events.some((e) => e.type === 'note.added' && e.data.note.id === note.id),
        'the note in both rooms',
      );
      await waitFor(
        () => room.events.some((e) => e.type === 'unit.assigned' && e.data.unit.id === 'cd-1'),
        'the assignment in both rooms',
      );
    }
    const notes = await call<{ notes: Note[] }>('traffic', 'GET', `/api/incidents/${incident.id}/notes`);
    expect(notes.notes.map((x) => x.text)).toEqual(['Water 1.2 m deep']);
    expect(notes.notes[0]?.author).toEqual({
      actor: 'user:civil-defence',
      displayName: 'Civil Defence Officer',
    });
  });

  it('refuses to assign another sector’s unit to an incident that sector has not joined', async () => {
    const incident = await report('traffic');
    const refused = await api(
      url,
      'POST',
      '/api/units/cd-1/assign',
      { incidentId: incident.id },
      as('traffic'),
    );
    expect(refused.status).toBe(403);
  });

  it('proposes a link between nearby related reports of two sectors, and a merge keeps both contributions', async () => {
    const crash = await report('traffic', {
      category: 'collision',
      location: { type: 'Point', coordinates: [47.95, 29.3] },
    });
    const fire = await report('commander', {
      sector: 'fire-marine-rescue',
      category: 'vehicle-fire',
      source: 'fire-cad',
      location: { type: 'Point', coordinates: [47.951, 29.3005] },
    });
    const far = await report('commander', {
      sector: 'fire-marine-rescue',
      category: 'vehicle-fire',
      location: { type: 'Point', coordinates: [48.1, 29.1] },
    });
    const { links } = await call<{ links: Link[] }>('traffic', 'GET', '/api/links?status=proposed');
    const link = links.find((l) => l.incidentIds.includes(crash.id));
    expect(link?.incidentIds).toEqual([crash.id, fire.id]);
    expect(link?.distanceM).toBeLessThan(300);
    expect(links.some((l) => l.incidentIds.includes(far.id))).toBe(false);
    if (!link) return;
    // Deciding needs the other sector's report: readable while the link is proposed, not the far one.
    await call('traffic', 'GET', `/api/incidents/${fire.id}`);
    expect((await api(url, 'GET', `/api/incidents/${far.id}`, undefined, as('traffic'))).status).toBe(403);
    const { survivor } = await call<{ survivor: Incident }>(
      'traffic',
      'POST',
      `/api/links/${link.id}/merge`,
      {},
    );
    expect(survivor.id).toBe(crash.id);
    expect(survivor.involvedSectors).toEqual(['traffic', 'fire-marine-rescue']);
    expect(survivor.contributions.map((c) => [c.incidentId, c.sector, c.source])).toEqual([
      [fire.id, 'fire-marine-rescue', 'fire-cad'],
    ]);
    const merged = await call<Incident>('fire', 'GET', `/api/incidents/${fire.id}`);
    expect(merged).toMatchObject({ status: 'cancelled', mergedInto: crash.id });
    expect((await api(url, 'POST', `/api/links/${link.id}/dismiss`, {}, as('traffic'))).status).toBe(409);
  });

  it('names reports, their events and the links proposed between them by time (UUID version 7), so the log’s id indexes grow at their end', async () => {
    const before = Date.now();
    const flood = await report('traffic', {
      category: 'flooded-road',
      location: { type: 'Point', coordinates: [47.9, 29.25] },
    });
    const rescue = await report('commander', {
      sector: 'civil-defence',
      category: 'flooding',
      location: { type: 'Point', coordinates: [47.9005, 29.2502] },
    });
    const { events } = await call<{ events: { id: string; type: string }[] }>(
      'commander',
      'GET',
      `/api/incidents/${rescue.id}/events`,
    );
    const { links } = await call<{ links: Link[] }>('commander', 'GET', '/api/links?status=proposed');
    const link = links.find((l) => l.incidentIds.includes(rescue.id));
    const ids = [flood.id, rescue.id, ...events.map((event) => event.id), link?.id ?? 'no link proposed'];
    for (const id of ids) {
      expect(id[14], id).toBe('7');
      expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16), id).toBeGreaterThanOrEqual(before);
    }
  });

  it('reads the active picture in a reader thread, each principal getting what the access policy lets them see', async () => {
    await report('traffic');
    await report('civil-defence', { sector: 'civil-defence', category: 'flooding' });
    const onTheLoop = vi.spyOn(server.store, 'listIncidents');
    try {
      for (const username of ['commander', 'traffic', 'civil-defence', 'fire'] as const) {
        const answer = await call<IncidentList>(username, 'GET', '/api/incidents');
        const head = await server.store.headSeq();
        expect(answer.seq).toBe(head);
        const asked = onTheLoop.mock.calls.length;
        // The same incidents through the paged list, which the main thread reads and filters.
        const expected = await call<IncidentList>(
          username,
          'GET',
          `/api/incidents?status=${ACTIVE_STATUSES.join(',')}&limit=${INCIDENTS_PAGE_MAX}`,
        );
        expect(expected.next).toBeNull();
        expect(onTheLoop.mock.calls.length).toBe(asked + 1);
        expect(answer.incidents.map((i) => i.id).sort()).toEqual(expected.incidents.map((i) => i.id).sort());
        if (username === 'traffic')
          expect(answer.incidents.every((i) => i.involvedSectors.includes('traffic'))).toBe(true);
      }
      // Only the comparisons above read on the main thread: the route's reads were the reader's.
      expect(onTheLoop).toHaveBeenCalledTimes(4);
      // The paged lists stay on the main thread (an index seek a page).
      await call<IncidentList>('commander', 'GET', '/api/incidents?scope=all&limit=5');
      expect(onTheLoop).toHaveBeenCalledTimes(5);
    } finally {
      onTheLoop.mockRestore();
    }
  });

  it('stores incident text as given, markup and all, for the client to show as text', async () => {
    const incident = await report('traffic', { title: '<img src=x onerror=alert(1)>' });
    expect((await call<Incident>('traffic', 'GET', `/api/incidents/${incident.id}`)).title).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });
});

describe('shelters', () => {
  it('opens a shelter at a gazetteer site, fills it, and marks it full at capacity', async () => {
    const { facilities } = await call<{
      facilities: { id: string; kind: string; shelterCapacity: number | null }[];
    }>('civil-defence', 'GET', '/api/facilities');
    const site = facilities.find((f) => f.kind === 'shelter-site');
    expect(site).toBeDefined();
    if (!site?.shelterCapacity) return;
    const shelter = await call<{ id: string; version: number; status: string }>(
      'civil-defence',
      'POST',
      '/api/shelters',
      { facilityId: site.id },
      201,
    );
    expect(shelter.status).toBe('open');
    const full = await call<{ status: string; occupancy: number }>(
      'civil-defence',
      'PATCH',
      `/api/shelters/${shelter.id}`,
      {
        version: 1,
        occupancy: site.shelterCapacity,
        needs: ['water', 'blankets'],
      },
    );
    expect(full).toMatchObject({ status: 'full', occupancy: site.shelterCapacity });
    expect(
      (await api(url, 'POST', '/api/shelters', { facilityId: site.id }, as('civil-defence'))).status,
    ).toBe(409);
    expect(
      (await api(url, 'POST', '/api/shelters', { facilityId: 'no-such-site' }, as('civil-defence'))).status,
    ).toBe(400);
  });
});
