// Loaded into the server under test with `NODE_OPTIONS=--import <this file>` by bench:sensors:
// once a second it prints the server's event-loop delay and CPU time on stderr as one JSON line
// starting with `LOOP_PROBE `, without the server carrying any code for it.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let cpu = process.cpuUsage();
let at = process.hrtime.bigint();
setInterval(() => {
  const now = process.hrtime.bigint();
  const used = process.cpuUsage(cpu);
  const wallUs = Number(now - at) / 1_000;
  process.stderr.write(
    `LOOP_PROBE ${JSON.stringify({
      t: Date.now(),
      p50Ms: delay.percentile(50) / 1e6,
      p99Ms: delay.percentile(99) / 1e6,
      maxMs: delay.max / 1e6,
      cpuPct: ((used.user + used.system) / wallUs) * 100,
    })}\n`,
  );
  delay.reset();
  cpu = process.cpuUsage();
  at = now;
}, 1_000).unref();
