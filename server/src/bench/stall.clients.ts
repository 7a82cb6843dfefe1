// The stall benchmark's socket clients, in their own process(es) so that their work is not the
// server's: N socket.io clients signed in as the duty commander, each timing every durable
// event from its `at` (the server's clock) to its arrival. Driven over IPC by stall.bench.ts,
// which merges the figures of its client processes.
//
// Each client is a real socket.io-client (WebSocket transport, engine.io pings, reconnects
// resuming from the last event received, as the web app does). With `shared` as the parser,
// the clients of one process decode each distinct frame's JSON once (stall.parser.ts) instead
// of once per client; `default` is socket.io-client's own parser.
//
// Besides the delays, each phase reports what could make them: this process's CPU, its time
// waiting for a CPU (Linux schedstat) and its event loop (a busy or starved load generator shows
// up as delivery lag the server never caused), the clients' disconnects and reconnects with
// their reasons, each client's lateness, and when the first and last client got each event.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PROTOCOL_VERSION, type MirsadEvent } from '@mirsad/shared';
import { io, type Socket } from 'socket.io-client';
import { parserCounts, sharedDecodingParser } from './stall.parser.js';
import { runQueueWaitMs } from './stall.schedstat.js';

/** Clients opened at once while connecting, so the server is not asked for a thousand handshakes in one tick. */
const CONNECT_WAVE = 50;
/** The histogram's top, ms: slower deliveries count here. */
const HISTOGRAM_MAX_MS = 60_000;
/** A delivery later than this, ms, counts as late in the per-client figures (the target). */
const LATE_MS = 100;
/**
 * The events the driver commits. Every event is timed from its `at` (stamped as it enters the
 * log); the others (pattern watch's `pattern.detected`/`ended`) are also counted by type, with
 * their latest delivery, so that a late one is named.
 */
const DRIVER_TYPES: ReadonlySet<string> = new Set(['incident.reported', 'incident.updated']);
/** The event-loop watch's resolution, ms. */
const LOOP_RESOLUTION_MS = 10;

/** What one client process reports of a phase; stall.bench.ts merges them. */
export interface ClientsPhase {
  parser: string;
  clients: number;
  connected: number;
  /** Deliveries per millisecond of delay, up to HISTOGRAM_MAX_MS. */
  histogram: number[];
  /**
   * The same, of live deliveries only: those a socket got after its `log.live`, not while
   * catching up from the store after a reconnect (a client back after a ping timeout gets the
   * events it missed seconds late, and those are delivery lag too, but of another cause).
   */
  liveHistogram: number[];
  fromBefore: number;
  /** Deliveries of events of other types than DRIVER_TYPES (timed too), by type: how many, and the latest from its `at`, ms. */
  untimed: Record<string, { deliveries: number; maxMs: number }>;
  /** Per client: its latest delivery, ms, and its deliveries later than LATE_MS. */
  clientMaxMs: number[];
  clientLate: number[];
  /** Per event of the phase: [seq, its `at`, first arrival, last arrival] (Date.now(), ms). */
  arrivals: [number, number, number, number][];
  cpuMs: number;
  runQueueWaitMs: number;
  wallMs: number;
  loop: { maxMs: number; p99Ms: number; meanMs: number };
  disconnects: Record<string, number>;
  reconnects: number;
  /** Frames the shared parser decoded, and frames it answered from one already decoded. */
  framesDecoded: number;
  framesShared: number;
}

async function run(): Promise<void> {
  const [url = '', cookie = '', countText = '1000', lastSeqText = '0', parser = 'shared'] =
    process.argv.slice(2);
  if (parser !== 'shared' && parser !== 'default') throw new Error(`unknown parser ${parser}`);
  const count = Number(countText);
  const origin = new URL(url).origin;

  let histogram = new Uint32Array(HISTOGRAM_MAX_MS + 1);
  let liveHistogram = new Uint32Array(HISTOGRAM_MAX_MS + 1);
  const isLive = new Uint8Array(count);
  /**
   * When the phase began, ms: events stamped before it belong to the time before (the clients'
   * catch-up after connecting, the previous phase) and are counted apart, not in this phase's delays.
   */
  let phaseStart = 0;
  let fromBefore = 0;
  let clientMaxMs = new Uint32Array(count);
  let clientLate = new Uint32Array(count);
  let arrivals = new Map<number, [number, number, number, number]>();
  let untimed = new Map<string, { deliveries: number; maxMs: number }>();
  let disconnects = new Map<string, number>();
  let reconnects = 0;
  let cpuAtStart = process.cpuUsage();
  let waitAtStart = runQueueWaitMs();
  let parsedAtStart = { ...parserCounts };
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();

  const record = (client: number, events: readonly MirsadEvent[]): void => {
    const now = Date.now();
    for (const event of events) {
      const at = Date.parse(event.at);
      if (at < phaseStart) {
        fromBefore += 1;
        continue;
      }
      const ms = Math.min(HISTOGRAM_MAX_MS, Math.max(0, now - at));
      if (!DRIVER_TYPES.has(event.type)) {
        const seen = untimed.get(event.type) ?? { deliveries: 0, maxMs: 0 };
        untimed.set(event.type, { deliveries: seen.deliveries + 1, maxMs: Math.max(seen.maxMs, ms) });
      }
      histogram[ms] = (histogram[ms] ?? 0) + 1;
      if (isLive[client]) liveHistogram[ms] = (liveHistogram[ms] ?? 0) + 1;
      if (ms > (clientMaxMs[client] ?? 0)) clientMaxMs[client] = ms;
      if (ms > LATE_MS) clientLate[client] = (clientLate[client] ?? 0) + 1;
      const seen = arrivals.get(event.seq);
      if (seen) seen[3] = now;
      else arrivals.set(event.seq, [event.seq, at, now, now]);
    }
  };

  const sockets: Socket[] = [];
  for (let start = 0; start < count; start += CONNECT_WAVE) {
    const wave: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + CONNECT_WAVE); i++) {
      // A client that reconnects resumes from the last event it received, as the web app does.
      let lastSeq = Number(lastSeqText);
      let isConnected = false;
      const socket = io(url, {
        transports: ['websocket'],
        extraHeaders: { cookie, origin },
        ...(parser === 'shared' ? { parser: sharedDecodingParser } : {}),
        auth: (callback) => {
          callback({ protocolVersion: PROTOCOL_VERSION, lastSeq });
        },
      });
      socket.on('log.events', (events: MirsadEvent[]) => {
        record(i, events);
        lastSeq = events.at(-1)?.seq ?? lastSeq;
      });
      socket.on('log.live', () => {
        isConnected = true;
        isLive[i] = 1;
      });
      socket.on('disconnect', (reason) => {
        isLive[i] = 0;
        disconnects.set(reason, (disconnects.get(reason) ?? 0) + 1);
      });
      socket.io.on('reconnect', () => {
        reconnects += 1;
      });
      // After the first connection: a refused handshake (socket.active false) is not retried by socket.io.
      socket.on('connect_error', (error) => {
        if (!isConnected) return;
        const reason = `connect_error ${error.message}${socket.active ? '' : ' (not retried)'}`;
        disconnects.set(reason, (disconnects.get(reason) ?? 0) + 1);
      });
      sockets.push(socket);
      wave.push(
        new Promise((resolve, reject) => {
          socket.once('log.live', () => {
            resolve();
          });
          socket.once('connect_error', reject);
        }),
      );
    }
    await Promise.all(wave);
  }

  process.on('message', (message: unknown) => {
    if (message === 'reset') {
      histogram = new Uint32Array(HISTOGRAM_MAX_MS + 1);
      liveHistogram = new Uint32Array(HISTOGRAM_MAX_MS + 1);
      fromBefore = 0;
      clientMaxMs = new Uint32Array(count);
      clientLate = new Uint32Array(count);
      arrivals = new Map();
      untimed = new Map();
      disconnects = new Map();
      reconnects = 0;
      cpuAtStart = process.cpuUsage();
      waitAtStart = runQueueWaitMs();
      parsedAtStart = { ...parserCounts };
      loopDelay.reset();
      phaseStart = Date.now();
    } else if (message === 'read') {
      const cpu = process.cpuUsage(cpuAtStart);
      process.send?.({
        parser,
        clients: count,
        connected: sockets.filter((socket) => socket.connected).length,
        histogram: [...histogram],
        liveHistogram: [...liveHistogram],
        fromBefore,
        clientMaxMs: [...clientMaxMs],
        clientLate: [...clientLate],
        arrivals: [...arrivals.values()],
        untimed: Object.fromEntries(untimed),
        cpuMs: (cpu.user + cpu.system) / 1000,
        runQueueWaitMs: runQueueWaitMs() - waitAtStart,
        wallMs: Date.now() - phaseStart,
        loop: {
          maxMs: loopDelay.max / 1e6,
          p99Ms: loopDelay.percentile(99) / 1e6,
          meanMs: loopDelay.mean / 1e6,
        },
        disconnects: Object.fromEntries(disconnects),
        reconnects,
        framesDecoded: parserCounts.decoded - parsedAtStart.decoded,
        framesShared: parserCounts.shared - parsedAtStart.shared,
      } satisfies ClientsPhase);
    } else if (message === 'close') {
      for (const socket of sockets) socket.close();
      process.exit(0);
    }
  });
  process.send?.({ ready: sockets.length });
}

run().catch((error: unknown) => {
  console.error('clients failed to connect', error);
  process.exit(1);
});
