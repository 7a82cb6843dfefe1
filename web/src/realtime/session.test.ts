import { PROTOCOL_VERSION, type IncidentList } from '@mirsad/shared';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { incidentQueries } from '../features/incidents/queries.js';
import { noteQueries } from '../features/notes/queries.js';
import { patternQueries } from '../features/patterns/queries.js';
import { burglarySeries } from '@mirsad/mock-data/testing';
import { makeAcknowledgement } from '../features/patterns/testPatterns.js';
import { presenceQueries } from '../features/presence/queries.js';
import { sensorQueries } from '../features/sensors/queries.js';
import { supportQueries } from '../features/support/queries.js';
import { unitQueries } from '../features/units/queries.js';
import {
  makeEvent,
  makeIncident,
  makeNote,
  makeSupportRequest,
  makeUnit,
  minutesAfterBase,
  reportedEvent,
  updatedEvent,
  uuidFrom,
} from '../test/fixtures.js';
import { useConnectionStore } from './connectionStore.js';
import { Picture } from './picture.js';
import {
  EVENT_FLUSH_INTERVAL_MS,
  REFUSED_RETRY_FIRST_MS,
  REFUSED_RETRY_MAX_MS,
  createRealtimeSession,
  handshakeErrorCode,
  refusedRetryDelayMs,
} from './session.js';

const PAGE_BUILD_ID = 'build-a';
const pictureKey = incidentQueries.picture().queryKey;

function setup(
  list: IncidentList,
  reloadPicture: (queryClient: QueryClient) => Promise<Picture> = () =>
    Promise.reject(new Error('no reload in this test')),
) {
  const picture = Picture.from(list);
  const queryClient = new QueryClient();
  queryClient.setQueryData(pictureKey, picture);
  const onStaleClient = vi.fn<(buildId: string | null) => void>();
  const session = createRealtimeSession(
    {
      queryClient,
      pageBuildId: PAGE_BUILD_ID,
      onStaleClient,
      reloadPicture: () => reloadPicture(queryClient),
    },
    picture,
  );
  const readPicture = (): Picture | undefined => queryClient.getQueryData(pictureKey);
  let updates = 0;
  queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'success') updates++;
  });
  return { queryClient, session, onStaleClient, readPicture, countUpdates: () => updates };
}

beforeEach(() => {
  vi.useFakeTimers();
  useConnectionStore.setState({ state: 'catching-up', problem: null, dataAsOf: null });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the realtime session', () => {
  it('folds received events into the cached picture in sequence order', () => {
    const a = makeIncident(1);
    const { session, readPicture } = setup({ seq: 10, incidents: [a] });
    const b = makeIncident(2, { sector: 'civil-defence', category: 'flooding' });
    const dispatched = updatedEvent(11, a, { status: 'dispatched' });
    const onScene = updatedEvent(12, dispatched.data.incident, { status: 'on_scene' });

    session.onEvents([dispatched, onScene, reportedEvent(13, b)]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    const picture = readPicture();
    expect(picture?.seq).toBe(13);
    expect(picture?.incidents.find((i) => i.id === a.id)).toMatchObject({ status: 'on_scene', version: 3 });
    expect(picture?.incidents.map((i) => i.id)).toContain(b.id);
  });

  it('ignores duplicate and older events, so a replayed batch changes nothing', () => {
    const a = makeIncident(1);
    const { session, readPicture } = setup({ seq: 10, incidents: [a] });
    const dispatched = updatedEvent(11, a, { status: 'dispatched' });
    const contained = updatedEvent(12, dispatched.data.incident, { status: 'contained' });
    session.onEvents([dispatched, contained]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);
    const before = readPicture();

    session.onEvents([dispatched, contained]);
    session.onEvents([updatedEvent(9, a, { severity: 5 })]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    expect(readPicture()).toBe(before);
    expect(readPicture()?.incidents[0]).toMatchObject({ status: 'contained', severity: 3 });
    expect(session.handshakeAuth().lastSeq).toBe(12);
  });

  it('starts from the picture’s seq and skips events the picture already holds', () => {
    const a = makeIncident(1, { status: 'dispatched', version: 2 });
    const { session, readPicture } = setup({ seq: 20, incidents: [a] });

    expect(session.handshakeAuth()).toEqual({ protocolVersion: PROTOCOL_VERSION, lastSeq: 20 });
    session.onEvents([reportedEvent(5, makeIncident(1))]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    expect(readPicture()?.incidents[0]).toMatchObject({ status: 'dispatched', version: 2 });
  });

  it('writes nothing until the flush interval has passed, then a whole burst at once', () => {
    const { session, readPicture, countUpdates } = setup({ seq: 0, incidents: [] });
    session.onEvents([reportedEvent(1, makeIncident(1))]);
    vi.advanceTimersByTime(0);
    expect(countUpdates()).toBe(1);

    for (let seq = 2; seq <= 40; seq++) {
      session.onEvents([reportedEvent(seq, makeIncident(seq))]);
      vi.advanceTimersByTime(2);
    }
    expect(countUpdates()).toBe(1);
    expect(readPicture()?.incidents).toHaveLength(1);

    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);
    expect(countUpdates()).toBe(2);
    expect(readPicture()?.incidents).toHaveLength(40);
  });

  it('updates the cache at most ten times a second under a steady stream of events', () => {
    const { session, readPicture, countUpdates } = setup({ seq: 0, incidents: [] });
    for (let seq = 1; seq <= 200; seq++) {
      session.onEvents([reportedEvent(seq, makeIncident(seq))]);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    expect(readPicture()?.incidents).toHaveLength(200);
    expect(countUpdates()).toBeLessThanOrEqual(11);
    expect(countUpdates()).toBeGreaterThanOrEqual(9);
  });

  it('resumes after the last event received when it reconnects', () => {
    const { session } = setup({ seq: 3, incidents: [] });
    session.onConnect();
    session.onEvents([reportedEvent(4, makeIncident(4)), reportedEvent(5, makeIncident(5))]);
    session.onDisconnect(true);

    expect(session.handshakeAuth().lastSeq).toBe(5);
  });

  it('moves past events of other rooms when the server says it is live at a later seq', () => {
    const { session } = setup({ seq: 3, incidents: [] });
    session.onConnect();
    session.onLive({ seq: 9 });

    expect(session.handshakeAuth().lastSeq).toBe(9);
  });

  it('reports catching up until live, then reconnecting with the time the link was lost', () => {
    const { session } = setup({ seq: 0, incidents: [] });
    session.onConnect();
    expect(useConnectionStore.getState().state).toBe('catching-up');

    session.onLive({ seq: 0 });
    expect(useConnectionStore.getState().state).toBe('live');

    vi.advanceTimersByTime(60_000);
    const lostAt = Date.now();
    session.onDisconnect(true);
    vi.advanceTimersByTime(30_000);
    session.onConnectError(null, true);

    expect(useConnectionStore.getState()).toMatchObject({
      state: 'reconnecting',
      problem: 'unreachable',
      dataAsOf: lostAt,
    });
  });

  it('reports disconnected with the reason when the server refuses the handshake', () => {
    const { session, onStaleClient } = setup({ seq: 0, incidents: [] });
    session.onConnectError('bad_handshake', false);

    expect(useConnectionStore.getState()).toMatchObject({ state: 'disconnected', problem: 'bad_handshake' });
    expect(onStaleClient).not.toHaveBeenCalled();
  });

  describe('after a handshake the server refused', () => {
    function setupRetrying(random: () => number = () => 0.5) {
      const connectAgain = vi.fn();
      const onUnauthorized = vi.fn();
      const onStaleClient = vi.fn<(buildId: string | null) => void>();
      const session = createRealtimeSession(
        {
          queryClient: new QueryClient(),
          pageBuildId: PAGE_BUILD_ID,
          onStaleClient,
          onUnauthorized,
          connectAgain,
          random,
          reloadPicture: () => Promise.reject(new Error('no reload in this test')),
        },
        Picture.from({ seq: 0, incidents: [] }),
      );
      return { session, connectAgain, onUnauthorized, onStaleClient };
    }

    it('connects again with a growing, capped wait when the refusal carries no code', () => {
      const { session, connectAgain } = setupRetrying(() => 0.999_999);
      const waits: number[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        session.onConnectError(null, false);
        expect(useConnectionStore.getState()).toMatchObject({
          state: 'reconnecting',
          problem: 'unreachable',
        });
        const before = connectAgain.mock.calls.length;
        let waited = 0;
        while (connectAgain.mock.calls.length === before) {
          vi.advanceTimersByTime(100);
          waited += 100;
          expect(waited).toBeLessThanOrEqual(REFUSED_RETRY_MAX_MS);
        }
        waits.push(waited);
      }
      expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
      expect(connectAgain).toHaveBeenCalledTimes(8);
    });

    it('starts the backoff over once the link was live again', () => {
      const { session, connectAgain } = setupRetrying(() => 0.999_999);
      session.onConnectError(null, false);
      vi.advanceTimersByTime(REFUSED_RETRY_FIRST_MS);
      session.onConnectError(null, false);
      vi.advanceTimersByTime(2 * REFUSED_RETRY_FIRST_MS);
      expect(connectAgain).toHaveBeenCalledTimes(2);

      session.onConnect();
      session.onLive({ seq: 0 });
      session.onDisconnect(true);
      session.onConnectError(null, false);
      vi.advanceTimersByTime(REFUSED_RETRY_FIRST_MS);
      expect(connectAgain).toHaveBeenCalledTimes(3);
    });

    it('leaves the retrying to socket.io while it still retries', () => {
      const { session, connectAgain } = setupRetrying();
      session.onConnectError(null, true);
      vi.advanceTimersByTime(REFUSED_RETRY_MAX_MS * 2);
      expect(connectAgain).not.toHaveBeenCalled();
      expect(useConnectionStore.getState().state).toBe('reconnecting');
    });

    it('does not retry a final refusal, and keeps what each one does', () => {
      const { session, connectAgain, onUnauthorized, onStaleClient } = setupRetrying();
      session.onConnectError('unauthorized', false);
      expect(onUnauthorized).toHaveBeenCalledOnce();
      expect(useConnectionStore.getState()).toMatchObject({ state: 'disconnected', problem: 'unauthorized' });
      session.onConnectError('protocol_mismatch', false);
      expect(onStaleClient).toHaveBeenCalledWith(null);
      for (const code of ['bad_handshake', 'forbidden'] as const) {
        session.onConnectError(code, false);
        expect(useConnectionStore.getState()).toMatchObject({ state: 'disconnected', problem: code });
      }
      vi.advanceTimersByTime(REFUSED_RETRY_MAX_MS * 2);
      expect(connectAgain).not.toHaveBeenCalled();
    });

    it('stops retrying once disposed', () => {
      const { session, connectAgain } = setupRetrying();
      session.onConnectError(null, false);
      session.dispose();
      vi.advanceTimersByTime(REFUSED_RETRY_MAX_MS * 2);
      expect(connectAgain).not.toHaveBeenCalled();
    });
  });

  it('asks for a reload when the server runs another build, and not when it runs this one', () => {
    const { session, onStaleClient } = setup({ seq: 0, incidents: [] });
    session.onHello({ protocolVersion: PROTOCOL_VERSION, buildId: PAGE_BUILD_ID });
    expect(onStaleClient).not.toHaveBeenCalled();

    session.onHello({ protocolVersion: PROTOCOL_VERSION, buildId: 'build-b' });
    expect(onStaleClient).toHaveBeenCalledWith('build-b');
  });

  it('drops its picture and loads it again when the server’s log is behind the one it followed', async () => {
    const old = makeIncident(1);
    const fresh = makeIncident(7, { title: 'From the restored log' });
    const reloadPicture = vi.fn((queryClient: QueryClient) => {
      const picture = Picture.from({ seq: 4, incidents: [fresh] });
      queryClient.setQueryData(pictureKey, picture);
      return Promise.resolve(picture);
    });
    const { session, readPicture } = setup({ seq: 50, incidents: [old] }, reloadPicture);

    session.onConnect();
    session.onLive({ seq: 3 });
    expect(useConnectionStore.getState().state).toBe('catching-up');
    expect(session.handshakeAuth().lastSeq).toBe(3);
    // A live event of the new log arrives while the picture is reloading; 4 is already in it.
    session.onEvents([reportedEvent(4, fresh), reportedEvent(5, makeIncident(8))]);
    await vi.advanceTimersByTimeAsync(EVENT_FLUSH_INTERVAL_MS);

    expect(reloadPicture).toHaveBeenCalledOnce();
    expect(readPicture()?.seq).toBe(5);
    expect(readPicture()?.incidents.map((i) => i.title)).toEqual(['From the restored log', 'Collision 8']);
    expect(useConnectionStore.getState().state).toBe('live');
    expect(session.handshakeAuth().lastSeq).toBe(5);
  });

  it('keeps an open incident detail in step with its events', () => {
    const a = makeIncident(1);
    const { session, queryClient } = setup({ seq: 1, incidents: [a] });
    queryClient.setQueryData(incidentQueries.detail(a.id).queryKey, a);

    session.onEvents([updatedEvent(2, a, { status: 'cancelled' })]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    expect(queryClient.getQueryData(incidentQueries.detail(a.id).queryKey)).toMatchObject({
      status: 'cancelled',
    });
  });

  it('keeps the room’s lists and an open incident’s notes live from the same events', () => {
    const a = makeIncident(1);
    const { session, queryClient } = setup({ seq: 1, incidents: [a] });
    queryClient.setQueryData(unitQueries.list().queryKey, []);
    queryClient.setQueryData(supportQueries.list().queryKey, []);
    queryClient.setQueryData(noteQueries.of(a.id).queryKey, []);
    const request = makeSupportRequest(1, 1);
    const note = makeNote(1, 1);

    session.onEvents([
      makeEvent(2, 'unit.registered', { unit: makeUnit('tr-1') }),
      makeEvent(3, 'support.requested', { request }),
      makeEvent(4, 'note.added', { note }),
    ]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    expect(queryClient.getQueryData(unitQueries.list().queryKey)?.map((u) => u.id)).toEqual(['tr-1']);
    expect(queryClient.getQueryData(supportQueries.list().queryKey)).toEqual([request]);
    expect(queryClient.getQueryData(noteQueries.of(a.id).queryKey)).toEqual([note]);
  });

  it('looks up the details, timelines and notes it holds only, not each incident of a batch', () => {
    const incidents = Array.from({ length: 500 }, (_, i) => makeIncident(i + 1));
    const [a, b, c, d, e] = incidents;
    if (!a || !b || !c || !d || !e) throw new Error('no incidents');
    const picture = Picture.from({ seq: 1, incidents });
    let hashes = 0;
    const queryClient = new QueryClient({
      defaultOptions: {
        queries: {
          queryKeyHashFn: (queryKey) => {
            hashes += 1;
            return JSON.stringify(queryKey);
          },
        },
      },
    });
    queryClient.setQueryData(pictureKey, picture);
    queryClient.setQueryData(incidentQueries.detail(a.id).queryKey, a);
    queryClient.setQueryData(incidentQueries.events(b.id).queryKey, []);
    queryClient.setQueryData(noteQueries.of(c.id).queryKey, []);
    queryClient.setQueryData(sensorQueries.detections(d.id).queryKey, []);
    const session = createRealtimeSession(
      {
        queryClient,
        pageBuildId: PAGE_BUILD_ID,
        onStaleClient: () => {},
        reloadPicture: () => Promise.reject(new Error('none')),
      },
      picture,
    );
    const note = makeNote(1, 3);
    const detectionOf = (incidentId: string, n: number) => ({
      id: uuidFrom(3_000_000 + n),
      cameraId: 'cam-1',
      incidentId,
      outcome: 'attached' as const,
      at: minutesAfterBase(n),
      location: { type: 'Point' as const, coordinates: [48, 29.3] },
      maxTempC: 80,
      areaM2: 4,
      confidence: 0.9,
      thumbnail: null,
    });
    const seq = incidents.length + 2;
    const batch = [
      ...incidents.map((incident, i) => updatedEvent(i + 2, incident, { severity: 1 })),
      makeEvent(seq, 'note.added', { note }),
      makeEvent(seq + 1, 'detection.recorded', { detection: detectionOf(d.id, 1) }),
      makeEvent(seq + 2, 'detection.recorded', { detection: detectionOf(e.id, 2) }),
    ];
    const cached = queryClient.getQueryCache().getAll().length;
    hashes = 0;

    session.onEvents(batch);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    // The held ones follow their events; the other 496 incidents cost no look-up at all.
    expect(queryClient.getQueryData(incidentQueries.detail(a.id).queryKey)).toMatchObject({ severity: 1 });
    expect(queryClient.getQueryData(incidentQueries.events(b.id).queryKey)).toEqual([batch[1]]);
    expect(queryClient.getQueryData(noteQueries.of(c.id).queryKey)).toEqual([note]);
    expect(queryClient.getQueryData(sensorQueries.detections(d.id).queryKey)).toEqual([detectionOf(d.id, 1)]);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(cached);
    expect(hashes).toBeLessThan(50);
  });

  it('keeps the room’s crime series live: detected, acknowledged by someone else, ended', () => {
    const { session, queryClient } = setup({ seq: 1, incidents: [makeIncident(1)] });
    const activeKey = patternQueries.active().queryKey;
    queryClient.setQueryData(activeKey, []);
    const series = burglarySeries(1);
    const acknowledged = { ...series, acknowledgements: [makeAcknowledgement(2)] };
    const sectors = ['criminal-security'] as const;

    session.onEvents([makeEvent(2, 'pattern.detected', { pattern: series }, [...sectors])]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);
    expect(queryClient.getQueryData(activeKey)?.map((p) => p.acknowledgements.length)).toEqual([0]);

    session.onEvents([
      makeEvent(
        3,
        'pattern.acknowledged',
        { pattern: acknowledged, acknowledgement: makeAcknowledgement(2) },
        [...sectors],
      ),
    ]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);
    expect(queryClient.getQueryData(activeKey)?.[0]?.acknowledgements[0]?.displayName).toBe(
      'Criminal Security Officer',
    );

    const ended = { ...acknowledged, status: 'ended' as const, endedAt: minutesAfterBase(90) };
    session.onEvents([makeEvent(4, 'pattern.ended', { pattern: ended }, [...sectors])]);
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);
    expect(queryClient.getQueryData(activeKey)).toEqual([]);
  });

  it('coalesces unit positions to at most ten writes a second, keeping the newest of each unit', () => {
    const { session, queryClient } = setup({ seq: 0, incidents: [] });
    const unitsKey = unitQueries.list().queryKey;
    queryClient.setQueryData(unitsKey, [makeUnit('a'), makeUnit('b')]);
    let writes = 0;
    queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.query.queryHash === JSON.stringify(unitsKey)) writes++;
    });
    const at = (minutes: number, lon: number) => ({
      coordinates: [lon, 29.3] as [number, number],
      headingDeg: null,
      speedMps: null,
      at: minutesAfterBase(minutes),
    });

    // 200 batches over two seconds: a busy fleet reporting every 10 ms.
    for (let i = 1; i <= 200; i++) {
      session.onUnitsMoved([
        { unitId: 'a', position: at(i, 47 + i / 1000) },
        { unitId: 'b', position: at(i, 48 + i / 1000) },
      ]);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(EVENT_FLUSH_INTERVAL_MS);

    expect(writes).toBeLessThanOrEqual(21);
    const units = queryClient.getQueryData(unitsKey);
    expect(units?.[0]?.position?.coordinates[0]).toBeCloseTo(47.2);
    expect(units?.[1]?.position?.coordinates[0]).toBeCloseTo(48.2);
  });

  it('sends the person to the login screen when the server refuses the socket for want of a session', () => {
    const onUnauthorized = vi.fn();
    const queryClient = new QueryClient();
    const session = createRealtimeSession(
      {
        queryClient,
        pageBuildId: PAGE_BUILD_ID,
        onStaleClient: vi.fn(),
        onUnauthorized,
        reloadPicture: () => Promise.reject(new Error('no reload in this test')),
      },
      Picture.from({ seq: 0, incidents: [] }),
    );
    session.onConnectError('unauthorized', false);
    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(useConnectionStore.getState()).toMatchObject({ state: 'disconnected', problem: 'unauthorized' });
  });

  it('writes who is in the rooms into the presence cache', () => {
    const { session, queryClient } = setup({ seq: 0, incidents: [] });
    const people = [
      {
        actor: 'user:traffic',
        displayName: 'Traffic Officer',
        role: 'officer',
        sectors: ['traffic' as const],
        connections: 1,
      },
    ];
    session.onPresence(people);
    expect(queryClient.getQueryData(presenceQueries.current().queryKey)).toEqual(people);
  });
});

describe('handshakeErrorCode', () => {
  it('reads the code of a refused handshake and nothing else', () => {
    const refused = Object.assign(new Error('refused'), { data: { code: 'protocol_mismatch' } });
    const other = Object.assign(new Error('odd'), { data: { code: 'teapot' } });

    expect(handshakeErrorCode(refused)).toBe('protocol_mismatch');
    const signedOut = Object.assign(new Error('no session'), { data: { code: 'unauthorized' } });
    expect(handshakeErrorCode(signedOut)).toBe('unauthorized');
    expect(handshakeErrorCode(other)).toBeNull();
    expect(handshakeErrorCode(new Error('xhr poll error'))).toBeNull();
  });
});

describe('refusedRetryDelayMs', () => {
  it('waits between half and all of the doubled delay, never more than the cap', () => {
    expect(refusedRetryDelayMs(0, () => 0)).toBe(REFUSED_RETRY_FIRST_MS / 2);
    expect(refusedRetryDelayMs(0, () => 0.999_999)).toBe(REFUSED_RETRY_FIRST_MS);
    expect(refusedRetryDelayMs(3, () => 0)).toBe(4 * REFUSED_RETRY_FIRST_MS);
    expect(refusedRetryDelayMs(1_000, () => 0.999_999)).toBe(REFUSED_RETRY_MAX_MS);
    expect(refusedRetryDelayMs(1_000, () => 0)).toBe(REFUSED_RETRY_MAX_MS / 2);
  });
});
