// Benchmark: the picture at any moment of a log of one million events.
// Run after a build: `npm run bench:replay` (or `node server/dist/bench/replay.bench.js [events]`).
// Prints figures; asserts nothing. The baseline, measured in the same run, is folding the whole
// log from the first event, which is what a replay without snapshots would cost.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  NO_MILESTONES,
  emptyPictureState,
  foldPicture,
  type Incident,
  type IncidentStatus,
  type NewMirsadEvent,
} from '@mirsad/shared';
import { createRandom, generateIncidents } from '@mirsad/mock-data';
import { EventLog } from '../event-log.js';
import { ReplayService } from '../review/replay.service.js';
import { SqliteEventStore } from '../store/sqlite.store.js';

const TOTAL_EVENTS = Number(process.argv[2] ?? 1_000_000);
const BATCH = 10_000;
const SPAN_MS = 30 * 24 * 3_600_000;
const PATH: IncidentStatus[] = ['reported', 'acknowledged', 'dispatched', 'on_scene', 'contained', 'closed'];

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirsad-bench-'));
  const store = SqliteEventStore.open(dir);
  const log = new EventLog(store);
  const replay = new ReplayService(store);
  await replay.start(log);
  const random = createRandom(7);
  const templates = generateIncidents({ seed: 7, count: 2_000, start: new Date(0), end: new Date(0) });
  const start = Date.parse('2026-10-01T00:00:00Z');
  const open: Incident[] = [];
  let written = 0;
  const started = performance.now();
  while (written < TOTAL_EVENTS) {
    const batch: NewMirsadEvent[] = [];
    while (batch.length < BATCH && written + batch.length < TOTAL_EVENTS) {
      const at = new Date(start + ((written + batch.length) / TOTAL_EVENTS) * SPAN_MS).toISOString();
      // Keep a few hundred incidents open, as a busy room would.
      if (open.length < 300 || (open.length < 2_000 && random.chance(0.15))) {
        const template = random.pick(templates);
        const incident: Incident = {
          id: randomUUID(),
          sector: template.sector,
          category: template.category,
          severity: template.severity,
          status: 'reported',
          title: template.title,
          description: template.description,
          location: template.location,
          governorate: null,
          reportedAt: at,
          updatedAt: at,
          version: 1,
          source: 'bench',
          externalRef: null,
          exerciseId: null,
          involvedSectors: [template.sector],
          assignedUnitIds: [],
          mergedInto: null,
          contributions: [],
          milestones: NO_MILESTONES,
        };
        open.push(incident);
        batch.push({
          id: randomUUID(),
          type: 'incident.reported',
          at,
          actor: 'source:bench',
          exerciseId: null,
          sectors: [incident.sector],
          data: { incident },
        });
      } else {
        const index = random.int(0, open.length - 1);
        const current = open[index];
        if (!current) continue;
        const next = PATH[PATH.indexOf(current.status) + 1] ?? 'closed';
        const incident: Incident = { ...current, status: next, version: current.version + 1, updatedAt: at };
        if (next === 'closed') open.splice(index, 1);
        else open[index] = incident;
        batch.push({
          id: randomUUID(),
          type: 'incident.updated',
          at,
          actor: 'user:bench',
          exerciseId: null,
          sectors: [incident.sector],
          data: { incident, changes: { status: next }, previousVersion: current.version, reason: null },
        });
      }
    }
    await log.commitBatch(batch);
    written += batch.length;
    if (written % 100_000 === 0)
      console.log(
        `  wrote ${written.toLocaleString('en')} events (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  await replay.drain();
  const sizeMb = fs.statSync(store.file).size / 1e6;
  console.log(
    `log: ${written.toLocaleString('en')} events over 30 days, ${sizeMb.toFixed(0)} MB, written in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  const timings: number[] = [];
  let lastCount = 0;
  for (let i = 0; i < 25; i++) {
    const moment = new Date(start + random.float(0, 1) * SPAN_MS);
    const t0 = performance.now();
    const picture = await replay.pictureAt(moment);
    timings.push(performance.now() - t0);
    lastCount = picture.incidents.length;
  }
  console.log(
    `picture at a random moment (25 moments): median ${percentile(timings, 50).toFixed(1)} ms, p95 ${percentile(timings, 95).toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms (last picture: ${lastCount} active incidents)`,
  );

  // Baseline: fold the whole log from the first event, as a replay without snapshots must.
  const t0 = performance.now();
  const state = emptyPictureState();
  let cursor = 0;
  for (;;) {
    const page = await store.readEvents(cursor, 5_000);
    const last = page.at(-1);
    if (!last) break;
    for (const event of page) foldPicture(state, event);
    cursor = last.seq;
  }
  console.log(
    `baseline, folding all ${written.toLocaleString('en')} events from the start: ${(performance.now() - t0).toFixed(0)} ms`,
  );
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
