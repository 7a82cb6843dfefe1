import { STATUS_TRANSITIONS, isActive, type IncidentStatus } from '@mirsad/shared';
import { generateIncidents } from '@mirsad/mock-data';
import type { IncidentService } from '../incidents/incident.service.js';
import type { EventStore } from '../store/event.store.js';

/** How many incidents an empty demo store is seeded with. */
export const DEMO_SEED_COUNT = 140;
/** How far back the seeded reports reach, ms. */
const DEMO_HISTORY_MS = 12 * 3_600_000;
/** How often the demo adds or advances an incident, ms. */
export const DEMO_ACTIVITY_INTERVAL_MS = 12_000;
const DEMO_SEED = 2026;
const DEMO_ACTOR = 'source:mirsad-demo';

/** The usual path of a response, which the demo walks incidents along. */
const RESPONSE_PATH: readonly IncidentStatus[] = [
  'reported',
  'acknowledged',
  'dispatched',
  'on_scene',
  'contained',
  'closed',
];

/** How far along the response path an incident of this age has come, ms → steps; older is further. */
function stepsForAge(ageMs: number, jitter: number): number {
  const minutes = ageMs / 60_000;
  const thresholds = [4, 15, 35, 90, 240];
  return thresholds.filter((t) => minutes > t * (0.6 + jitter)).length;
}

async function advance(incidents: IncidentService, id: string, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const current = await incidents.get(id);
    const index = RESPONSE_PATH.indexOf(current.status);
    const next = RESPONSE_PATH[index + 1];
    if (index < 0 || !next || !STATUS_TRANSITIONS[current.status].includes(next)) return;
    await incidents.update(id, { version: current.version, status: next }, DEMO_ACTOR);
  }
}

/**
 * Fills an empty store with a plausible last twelve hours: reports across every sector, the
 * older ones further along their response. Returns how many incidents it added (0 when the
 * store already held events, so a restart never seeds twice).
 */
export async function seedDemo(
  incidents: IncidentService,
  store: EventStore,
  now = new Date(),
): Promise<number> {
  if ((await store.headSeq()) > 0) return 0;
  const reports = generateIncidents({
    seed: DEMO_SEED,
    count: DEMO_SEED_COUNT,
    start: new Date(now.getTime() - DEMO_HISTORY_MS),
    end: now,
  }).sort((a, b) => (a.reportedAt ?? '').localeCompare(b.reportedAt ?? ''));
  for (const [index, report] of reports.entries()) {
    const { incident } = await incidents.report(report, DEMO_ACTOR);
    const ageMs = now.getTime() - Date.parse(incident.reportedAt);
    // A fixed spread per incident keeps the seeded picture the same on every machine.
    await advance(incidents, incident.id, stepsForAge(ageMs, ((index * 37) % 100) / 100));
  }
  return reports.length;
}

/** Keeps the demo alive: every interval, a new report or a step forward for an open incident. Returns a stop function. */
export function startDemoActivity(
  incidents: IncidentService,
  store: EventStore,
  intervalMs = DEMO_ACTIVITY_INTERVAL_MS,
): () => void {
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    void (async () => {
      if (tick % 2 === 1) {
        const now = new Date();
        const [report] = generateIncidents({ seed: now.getTime() % 2 ** 31, count: 1, start: now, end: now });
        if (report)
          await incidents.report({ ...report, externalRef: `demo-live-${now.getTime()}` }, DEMO_ACTOR);
        return;
      }
      const open = (await store.listIncidents({ scope: 'active', exerciseId: null })).filter(
        (incident) => isActive(incident) && incident.status !== 'contained',
      );
      const pick = open[tick % Math.max(open.length, 1)];
      if (pick) await advance(incidents, pick.id, 1);
    })().catch((error: unknown) => {
      console.error('demo activity failed', error);
    });
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
