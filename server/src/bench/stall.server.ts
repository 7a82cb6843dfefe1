// The stall benchmark's server process: the real server (main.js, as `npm start` runs it) with
// a watch on its own event loop. The benchmark asks over IPC for the loop's longest stall.
// With STALL_PROFILE_DIR set, each phase (from 'reset' to 'read') is also CPU-profiled, into
// `phase-<n>.cpuprofile` there (open it in Chrome's DevTools or speedscope).
//
// It also counts, per phase, the process's CPU and the sockets that connected and disconnected
// (with socket.io's reason: a ping timeout means a client's pongs came too late), by wrapping
// socket.io's own Socket methods in this process: the server itself is not changed for the bench.
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Socket } from 'socket.io';
import { runQueueWaitMs } from './stall.schedstat.js';

/** The watch's resolution, ms: a stall shorter than this is not seen. */
const LOOP_RESOLUTION_MS = 10;

const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
delay.enable();

const profileDir = process.env.STALL_PROFILE_DIR;
const session = profileDir ? new Session() : null;
let phase = 0;
let cpuAtStart = process.cpuUsage();
let waitAtStart = runQueueWaitMs();
let connects = 0;
let disconnects = new Map<string, number>();

// The gateway's sockets are socket.io's Socket: the same module instance main.js loads.
/* eslint-disable @typescript-eslint/unbound-method -- wrapped and called with their own `this` */
const onconnect = Socket.prototype._onconnect;
const onclose = Socket.prototype._onclose;
/* eslint-enable @typescript-eslint/unbound-method */
Socket.prototype._onconnect = function (this: Socket) {
  connects += 1;
  onconnect.call(this);
};
Socket.prototype._onclose = function (this: Socket, ...args: Parameters<Socket['_onclose']>) {
  disconnects.set(args[0], (disconnects.get(args[0]) ?? 0) + 1);
  return onclose.apply(this, args);
};

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    delay.reset();
    cpuAtStart = process.cpuUsage();
    waitAtStart = runQueueWaitMs();
    connects = 0;
    disconnects = new Map();
    if (session) {
      session.connect();
      void session.post('Profiler.enable').then(() => session.post('Profiler.start'));
    }
    return;
  }
  if (message === 'read') {
    process.send?.({
      maxMs: delay.max / 1e6,
      p99Ms: delay.percentile(99) / 1e6,
      meanMs: delay.mean / 1e6,
      cpuMs: ((cpu) => (cpu.user + cpu.system) / 1000)(process.cpuUsage(cpuAtStart)),
      runQueueWaitMs: runQueueWaitMs() - waitAtStart,
      connects,
      disconnects: Object.fromEntries(disconnects),
    });
    if (session && profileDir) {
      phase += 1;
      const file = path.join(profileDir, `phase-${phase}.cpuprofile`);
      void session.post('Profiler.stop').then(({ profile }) => {
        fs.writeFileSync(file, JSON.stringify(profile));
        session.disconnect();
      });
    }
  }
});

await import('../main.js');
