// The stall benchmark's server process: the real server (main.js, as `npm start` runs it) with
// a watch on its own event loop. The benchmark asks over IPC for the loop's longest stall.
// With STALL_PROFILE_DIR set, each phase (from 'reset' to 'read') is also CPU-profiled, into
// `phase-<n>.cpuprofile` there (open it in Chrome's DevTools or speedscope).
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The watch's resolution, ms: a stall shorter than this is not seen. */
const LOOP_RESOLUTION_MS = 10;

const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
delay.enable();

const profileDir = process.env.STALL_PROFILE_DIR;
const session = profileDir ? new Session() : null;
let phase = 0;

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    delay.reset();
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
