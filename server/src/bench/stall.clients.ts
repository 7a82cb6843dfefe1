// The stall benchmark's socket clients, in their own process so that their work is not the
// server's: N socket.io clients signed in as the duty commander, each timing every durable
// event from its `at` (the server's clock) to its arrival. Driven over IPC by stall.bench.ts.
import { PROTOCOL_VERSION, type MirsadEvent } from '@mirsad/shared';
import { io, type Socket } from 'socket.io-client';

/** Clients opened at once while connecting, so the server is not asked for a thousand handshakes in one tick. */
const CONNECT_WAVE = 50;
/** The histogram's top, ms: slower deliveries count here. */
const HISTOGRAM_MAX_MS = 60_000;

const [url = '', cookie = '', countText = '1000', lastSeqText = '0'] = process.argv.slice(2);
const count = Number(countText);
const origin = new URL(url).origin;

/** Deliveries per millisecond of delay: a thousand clients at 50 events a second are too many to keep one by one. */
let histogram = new Uint32Array(HISTOGRAM_MAX_MS + 1);
let delivered = 0;
/**
 * When the phase began, ms: events stamped before it belong to the time before (the clients'
 * catch-up after connecting, the previous phase) and are counted apart, not in this phase's delays.
 */
let phaseStart = 0;
let fromBefore = 0;

function record(events: readonly MirsadEvent[]): void {
  const now = Date.now();
  for (const event of events) {
    const at = Date.parse(event.at);
    if (at < phaseStart) {
      fromBefore += 1;
      continue;
    }
    const ms = Math.min(HISTOGRAM_MAX_MS, Math.max(0, now - at));
    histogram[ms] = (histogram[ms] ?? 0) + 1;
    delivered += 1;
  }
}

function quantile(q: number): number {
  let seen = 0;
  const wanted = Math.ceil(q * delivered);
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms] ?? 0;
    if (seen >= wanted) return ms;
  }
  return HISTOGRAM_MAX_MS;
}

const sockets: Socket[] = [];
async function connectAll(): Promise<void> {
  for (let start = 0; start < count; start += CONNECT_WAVE) {
    const wave: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + CONNECT_WAVE); i++) {
      // A client that reconnects resumes from the last event it received, as the web app does.
      let lastSeq = Number(lastSeqText);
      const socket = io(url, {
        transports: ['websocket'],
        extraHeaders: { cookie, origin },
        auth: (callback) => {
          callback({ protocolVersion: PROTOCOL_VERSION, lastSeq });
        },
      });
      socket.on('log.events', (events: MirsadEvent[]) => {
        record(events);
        lastSeq = events.at(-1)?.seq ?? lastSeq;
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
}

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    histogram = new Uint32Array(HISTOGRAM_MAX_MS + 1);
    delivered = 0;
    fromBefore = 0;
    phaseStart = Date.now();
  } else if (message === 'read') {
    const connected = sockets.filter((socket) => socket.connected).length;
    process.send?.({
      delivered,
      fromBefore,
      connected,
      p50Ms: quantile(0.5),
      p99Ms: quantile(0.99),
      maxMs: quantile(1),
    });
  } else if (message === 'close') {
    for (const socket of sockets) socket.close();
    process.exit(0);
  }
});

connectAll().then(
  () => process.send?.({ ready: sockets.length }),
  (error: unknown) => {
    console.error('clients failed to connect', error);
    process.exit(1);
  },
);
