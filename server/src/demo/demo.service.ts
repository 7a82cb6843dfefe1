import {
  STATUS_TRANSITIONS,
  distanceMetres,
  isActive,
  representativePosition,
  type Facility,
  type IncidentStatus,
  type Position,
  type Principal,
  type SectorId,
  type UnitType,
} from '@mirsad/shared';
import { createRandom, generateIncidents } from '@mirsad/mock-data';
import type { IncidentService } from '../incidents/incident.service.js';
import type { EventStore } from '../store/event.store.js';
import type { UnitService } from '../units/unit.service.js';

/** How many incidents an empty demo store is seeded with. */
export const DEMO_SEED_COUNT = 140;
/** How far back the seeded reports reach, ms. */
const DEMO_HISTORY_MS = 12 * 3_600_000;
/** How often the demo adds or advances an incident, ms. */
export const DEMO_ACTIVITY_INTERVAL_MS = 12_000;
/** How often demo units report a position, ms. */
export const DEMO_TRACK_INTERVAL_MS = 2_000;
const DEMO_SEED = 2026;

/** The demo feed acts as a commander so it may touch every sector. */
export const DEMO_PRINCIPAL: Principal = {
  kind: 'user',
  id: 'mirsad-demo',
  displayName: 'Demo feed',
  role: 'commander',
  sectors: [],
  source: null,
};

/** The usual path of a response, which the demo walks incidents along. */
const RESPONSE_PATH: readonly IncidentStatus[] = [
  'reported',
  'acknowledged',
  'dispatched',
  'on_scene',
  'contained',
  'closed',
];

/** The demo fleet: per sector, which unit types at which kind of base, and how many. */
const FLEET: readonly {
  sector: SectorId;
  type: UnitType;
  base: Facility['kind'];
  count: number;
  prefix: string;
}[] = [
  { sector: 'public-security', type: 'patrol', base: 'police-station', count: 8, prefix: 'PS' },
  { sector: 'traffic', type: 'patrol', base: 'police-station', count: 8, prefix: 'TR' },
  { sector: 'traffic', type: 'tow-truck', base: 'police-station', count: 2, prefix: 'TW' },
  { sector: 'criminal-security', type: 'patrol', base: 'police-station', count: 4, prefix: 'CS' },
  { sector: 'fire-marine-rescue', type: 'fire-engine', base: 'fire-station', count: 8, prefix: 'FE' },
  { sector: 'fire-marine-rescue', type: 'ambulance', base: 'hospital', count: 4, prefix: 'AM' },
  { sector: 'fire-marine-rescue', type: 'rescue-boat', base: 'coast-guard-base', count: 2, prefix: 'RB' },
  { sector: 'civil-defence', type: 'rescue-team', base: 'civil-defence-centre', count: 4, prefix: 'CD' },
  { sector: 'civil-defence', type: 'drone', base: 'civil-defence-centre', count: 2, prefix: 'DR' },
  { sector: 'border-coast-guard', type: 'rescue-boat', base: 'coast-guard-base', count: 3, prefix: 'CG' },
];

/** How far along the response path an incident of this age has come: older is further. */
function stepsForAge(ageMs: number, jitter: number): number {
  const minutes = ageMs / 60_000;
  const thresholds = [4, 15, 35, 90, 240];
  return thresholds.filter((t) => minutes > t * (0.6 + jitter)).length;
}

async function advance(incidents: IncidentService, id: string, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    const current = await incidents.getVisible(id, DEMO_PRINCIPAL);
    const index = RESPONSE_PATH.indexOf(current.status);
    const next = RESPONSE_PATH[index + 1];
    if (index < 0 || !next || !STATUS_TRANSITIONS[current.status].includes(next)) return;
    await incidents.update(id, { version: current.version, status: next }, DEMO_PRINCIPAL);
  }
}

/**
 * Fills an empty store with a plausible last twelve hours: reports across every sector, the
 * older ones further along their response, and the fleet at its bases. Returns how many
 * incidents it added (0 when the store already held events, so a restart never seeds twice).
 */
export async function seedDemo(
  incidents: IncidentService,
  units: UnitService,
  store: EventStore,
  facilities: readonly Facility[],
  now = new Date(),
): Promise<number> {
  if ((await store.headSeq()) > 0) return 0;
  const random = createRandom(DEMO_SEED);
  for (const group of FLEET) {
    const bases = facilities.filter((f) => f.kind === group.base);
    for (let n = 1; n <= group.count; n++) {
      const base = bases[(n * 7) % Math.max(bases.length, 1)];
      if (!base) continue;
      const [lon, lat] = base.location.coordinates;
      await units.register(
        {
          id: `${group.prefix.toLowerCase()}-${n}`,
          sector: group.sector,
          type: group.type,
          callSign: `${group.prefix}-${String(n).padStart(2, '0')}`,
          position: {
            coordinates: [lon + random.float(-0.004, 0.004), lat + random.float(-0.004, 0.004)],
            headingDeg: null,
            speedMps: 0,
            at: now.toISOString(),
          },
          exerciseId: null,
        },
        'source:mirsad-demo',
      );
    }
  }
  const reports = generateIncidents({
    seed: DEMO_SEED,
    count: DEMO_SEED_COUNT,
    start: new Date(now.getTime() - DEMO_HISTORY_MS),
    end: now,
  });
  for (const [index, report] of reports.entries()) {
    const { incident } = await incidents.report(report, DEMO_PRINCIPAL);
    const ageMs = now.getTime() - Date.parse(incident.reportedAt);
    // A fixed spread per incident keeps the seeded picture the same on every machine.
    await advance(incidents, incident.id, stepsForAge(ageMs, ((index * 37) % 100) / 100));
  }
  return reports.length;
}

/** One step of `speedMps` for `seconds` from `from` towards `to`; arrives when closer than a step. */
function stepTowards(
  from: Position,
  to: Position,
  speedMps: number,
  seconds: number,
): { next: Position; headingDeg: number } {
  const distance = distanceMetres(from, to);
  const headingDeg = ((Math.atan2(to[0] - from[0], to[1] - from[1]) * 180) / Math.PI + 360) % 360;
  if (distance <= speedMps * seconds) return { next: to, headingDeg };
  const fraction = (speedMps * seconds) / distance;
  return {
    next: [from[0] + (to[0] - from[0]) * fraction, from[1] + (to[1] - from[1]) * fraction],
    headingDeg,
  };
}

/**
 * Keeps the demo alive: new reports and steps forward for open incidents every interval, and
 * units that drive to their incidents or patrol near their base. Returns a stop function.
 */
export function startDemoActivity(
  incidents: IncidentService,
  units: UnitService,
  store: EventStore,
  intervalMs = DEMO_ACTIVITY_INTERVAL_MS,
): () => void {
  let tick = 0;
  const random = createRandom(Date.now() % 2 ** 31);
  const activity = setInterval(() => {
    tick += 1;
    void (async () => {
      if (tick % 2 === 1) {
        const now = new Date();
        const [report] = generateIncidents({ seed: now.getTime() % 2 ** 31, count: 1, start: now, end: now });
        if (report)
          await incidents.report({ ...report, externalRef: `demo-live-${now.getTime()}` }, DEMO_PRINCIPAL);
        return;
      }
      const open = (await store.listIncidents({ scope: 'active', exerciseId: null })).filter(
        (incident) => isActive(incident) && incident.status !== 'contained',
      );
      const pick = open[tick % Math.max(open.length, 1)];
      if (!pick) return;
      const fleet = units.list(DEMO_PRINCIPAL);
      const free = fleet.find(
        (unit) => unit.status === 'available' && pick.involvedSectors.includes(unit.sector),
      );
      if ((pick.status === 'reported' || pick.status === 'acknowledged') && free) {
        await units.assign(free.id, pick.id, DEMO_PRINCIPAL);
      } else {
        await advance(incidents, pick.id, 1);
      }
    })().catch((error: unknown) => {
      console.error('demo activity failed', error);
    });
  }, intervalMs);
  const tracks = setInterval(() => {
    void (async () => {
      const seconds = DEMO_TRACK_INTERVAL_MS / 1000;
      for (const unit of units.list(DEMO_PRINCIPAL)) {
        if (!unit.position || unit.status === 'out_of_service') continue;
        const from = unit.position.coordinates;
        let target: Position;
        let speedMps: number;
        if (unit.incidentId) {
          const incident = await store.getIncident(unit.incidentId);
          if (!incident) continue;
          target = representativePosition(incident.location);
          speedMps = unit.type === 'drone' ? 25 : 16;
        } else {
          if (random.next() > 0.3) continue; // parked units report now and then
          target = [from[0] + random.float(-0.003, 0.003), from[1] + random.float(-0.003, 0.003)];
          speedMps = 8;
        }
        const { next, headingDeg } = stepTowards(from, target, speedMps, seconds);
        units.reportPosition(unit.id, {
          coordinates: next,
          headingDeg,
          speedMps,
          at: new Date().toISOString(),
        });
      }
    })().catch((error: unknown) => {
      console.error('demo tracks failed', error);
    });
  }, DEMO_TRACK_INTERVAL_MS);
  activity.unref();
  tracks.unref();
  return () => {
    clearInterval(activity);
    clearInterval(tracks);
  };
}
