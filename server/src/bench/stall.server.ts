// The stall benchmark's server process: the real server (main.js, as `npm start` runs it) with
// a watch on its own event loop. The benchmark asks over IPC for the loop's longest stall.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The watch's resolution, ms: a stall shorter than this is not seen. */
const LOOP_RESOLUTION_MS = 10;

const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
delay.enable();

process.on('message', (message: unknown) => {
  if (message === 'reset') {
    delay.reset();
    return;
  }
  if (message === 'read') {
    process.send?.({
      maxMs: delay.max / 1e6,
      p99Ms: delay.percentile(99) / 1e6,
      meanMs: delay.mean / 1e6,
    });
  }
});

await import('../main.js');
