// bench:cluster's socket clients, in their own process so that their work is not the nodes':
// N socket.io clients signed in as a commander, timing each durable event from its `at` to its
// arrival, and after a node is killed, the time until each dropped client is live again.
// Driven over IPC by cluster.bench.ts.
import { PROTOCOL_VERSION, type MirsadEvent } from '@mirsad/shared';
import { io, type Socket } from 'socket.io-client';
import { percentile } from './bench-support.js';

/** Clients opened at once while connecting. */
const CONNECT_WAVE = 50;

const [url = '', cookie = '', countText = '1000'] = process.argv.slice(2);
const count = Number(countText);
const origin = new URL(url).origin;

let delays: number[] = [];
let delivered = 0;
let killedAtMs: number | null = null;
const backAfterMs: number[] = [];
/** Clients that lost their connection after the kill. */
let dropped = 0;
const sockets: Socket[] = [];

function connect(): Promise<void> {
  let lastSeq = 0;
  let isDropped = false;
  const socket = io(url, {
    transports: ['websocket'],
    reconnectionDelay: 250,
    reconnectionDelayMax: 2_000,
    extraHeaders: { cookie, origin },
    auth: (callback) => {
      callback({ protocolVersion: PROTOCOL_VERSION, lastSeq });
    },
  });
  socket.on('log.events', (events: MirsadEvent[]) => {
    const now = Date.now();
    for (const event of events) {
      // A thousand clients: keep a sample of delays, count them all.
      if (delivered % 10 === 0) delays.push(now - Date.parse(event.at));
      delivered += 1;
    }
    lastSeq = events.at(-1)?.seq ?? lastSeq;
  });
  socket.on('disconnect', () => {
    if (killedAtMs !== null && !isDropped) dropped += 1;
    isDropped = true;
  });
  socket.on('log.live', () => {
    if (isDropped && killedAtMs !== null) backAfterMs.push(Date.now() - killedAtMs);
    isDropped = false;
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('log.live', () => {
      resolve();
    });
    socket.once('connect_error', reject);
  });
}

async function connectAll(): Promise<void> {
  for (let start = 0; start < count; start += CONNECT_WAVE) {
    const wave: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + CONNECT_WAVE); i++) wave.push(connect());
    await Promise.all(wave);
  }
}

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    delays = [];
    delivered = 0;
  } else if (typeof message === 'object' && message !== null && 'killedAtMs' in message) {
    killedAtMs = Number(message.killedAtMs);
  } else if (message === 'read') {
    const connected = sockets.filter((socket) => socket.connected).length;
    process.send?.({
      delivered,
      connected,
      p50Ms: percentile(delays, 50),
      p95Ms: percentile(delays, 95),
      dropped,
      back: backAfterMs.length,
      backP50Ms: percentile(backAfterMs, 50),
      backP95Ms: percentile(backAfterMs, 95),
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
