import { createHash, randomBytes } from 'node:crypto';
import {
  INCIDENT_STATUSES,
  MILESTONE_OF_STATUS,
  SECTOR_IDS,
  mayRunExercise,
  maySeeExercise,
  type Debrief,
  type Exercise,
  type ExerciseControl,
  type MirsadEvent,
  type Shelter,
  type Incident,
  type IncidentStatus,
  type Inject,
  type Locale,
  type NewIncident,
  type Overlay,
  type Position,
  type Principal,
  type Scenario,
  type Warning,
} from '@mirsad/shared';
import { ensure, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { orderedId } from '../store/ordered-id.js';
import type { IncidentService } from '../incidents/incident.service.js';
import type { UnitService } from '../units/unit.service.js';
import { computeDebrief } from './debrief.js';

/** How often running exercises move their clock, ms of real time. */
export const EXERCISE_TICK_MS = 250;

/** The engine acts as a commander inside the exercise, as the sectors' own systems would report. */
const ENGINE: Principal = {
  kind: 'user',
  id: 'exercise-engine',
  displayName: 'Exercise',
  role: 'commander',
  sectors: [],
  source: null,
};

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** A uuid made from a name: the same exercise and inject give the same incident id on every run. */
export function nameUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** A small shift of a position, the same for the same seed and inject: two runs with different seeds differ. */
function jitter(position: Position, seed: number, injectId: string): Position {
  const hash = createHash('sha256').update(`${seed}:${injectId}`).digest();
  const dx = (hash.readUInt16BE(0) / 65535 - 0.5) * 0.0008; // about ±40 m
  const dy = (hash.readUInt16BE(2) / 65535 - 0.5) * 0.0008;
  return [position[0] + dx, position[1] + dy];
}

const statusRank = (status: IncidentStatus): number =>
  status === 'cancelled' ? INCIDENT_STATUSES.length : INCIDENT_STATUSES.indexOf(status);

/**
 * What a save of `next` must keep of the exercise as committed (`stored`, null when it is not yet):
 * on several nodes a trainer's control may have been committed through another node since this
 * one last heard. A pause, end or speed stands; the clock and the injects fired only move forward.
 */
function mergeCommitted(next: Exercise, stored: Exercise | null): Exercise {
  if (!stored) return next;
  const status =
    stored.status === 'ended' || next.status === 'ended'
      ? 'ended'
      : stored.status === 'running'
        ? next.status
        : stored.status;
  return {
    ...next,
    status,
    speed: stored.speed,
    trainees: stored.trainees,
    endedAt: next.endedAt ?? stored.endedAt,
    clockMin: Math.max(next.clockMin, stored.clockMin),
    fired: unique([...stored.fired, ...next.fired]),
    skipped: unique([...stored.skipped, ...next.skipped]),
  };
}

/** Takes one CAP message into an exercise on behalf of `by` (the engine). */
export type CapInjector = (xml: string, exerciseId: string, by: Principal) => Promise<void>;

/** Scenarios by id, from mock-data/scenarios. */
export interface ScenarioSource {
  load(id: string): Scenario;
}

interface Running {
  scenario: Scenario;
  locale: Locale;
  lastTickMs: number;
}

/**
 * Runs exercises: a scenario's injects fire at their scenario minute into the exercise's own
 * incidents, units and overlays, which are stored and broadcast only inside the exercise.
 * The clock runs at 1× to 60×, pauses, and jumps ahead; injects are ordered and their ids and
 * positions derived from the exercise and seed, so the same run gives the same events.
 */
export class ExerciseService {
  private readonly running = new Map<string, Running>();
  private readonly exercises = new Map<string, Exercise>();
  /** Per exercise, the sequence and the time (ms) of the event that last saved it: its clock is derived from them. */
  private readonly saved = new Map<string, { seq: number; atMs: number }>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  /** Whether this node runs the clocks (the leader; one node alone always does). */
  private isClockRunning = false;

  constructor(
    private readonly log: EventLog,
    private readonly incidents: IncidentService,
    private readonly units: UnitService,
    private readonly scenarios: ScenarioSource,
    private readonly roster: ExerciseRoster,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes a scenario's CAP injects into the exercise: the server hands its CAP-in path here. */
  private capInjector: CapInjector | null = null;

  /** Sets how CAP injects are taken in (as `POST /api/cap?exercise=` would, by the engine). */
  takeCapWith(injector: CapInjector): void {
    this.capInjector = injector;
  }

  /** Loads exercises from the store (their clocks run once `startClock` is called, on the leader). */
  async load(): Promise<void> {
    for (const exercise of await this.log.store.listEntities<Exercise>('exercise', null)) {
      this.remember(exercise);
    }
  }

  /**
   * Runs the clocks of running exercises on this node (it became the leader). Each clock goes
   * on from the last one saved in the log, at its speed, from the moment that save was made:
   * exercises go on where they were, whichever node ran them before.
   */
  async startClock(): Promise<void> {
    if (this.isClockRunning) return;
    this.isClockRunning = true;
    const head = await this.log.store.headSeq();
    for (const exercise of await this.log.store.listEntities<Exercise>('exercise', null)) {
      const known = this.saved.get(exercise.id);
      const latest = await this.log.store.latestAbout(exercise.id, head + 1);
      // The store's state is at least as new as what this node followed of it.
      if (!known || (latest && latest.seq >= known.seq)) {
        this.remember(exercise);
        if (latest) this.saved.set(exercise.id, { seq: latest.seq, atMs: Date.parse(latest.at) });
      }
      this.resume(exercise.id);
    }
    this.timer = setInterval(() => {
      this.ticking = this.ticking
        .then(() => this.tick())
        .catch((error: unknown) => {
          console.error('exercise tick failed', error);
        });
    }, EXERCISE_TICK_MS);
    this.timer.unref();
  }

  /** Stops running the clocks here (this node is no longer the leader, or stops). */
  async stopClock(): Promise<void> {
    this.isClockRunning = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    this.running.clear();
  }

  /** Puts a running or paused exercise on this node's clock, from the time its clock was last saved. */
  private resume(id: string): void {
    const exercise = this.exercises.get(id);
    if (!this.isClockRunning || !exercise || this.running.has(id)) return;
    if (exercise.status !== 'running' && exercise.status !== 'paused') return;
    this.running.set(id, {
      scenario: this.scenarios.load(exercise.scenarioId),
      locale: 'ar',
      lastTickMs: this.saved.get(id)?.atMs ?? this.now().getTime(),
    });
  }

  /**
   * Follows an event another node wrote: an exercise it created or changed (a trainer's control
   * sent through another node, or the clock of the leader before this node).
   */
  applyRemote(event: MirsadEvent): void {
    if (event.type !== 'exercise.updated') return;
    const { exercise } = event.data;
    const known = this.saved.get(exercise.id);
    if (known && known.seq >= event.seq) return;
    this.saved.set(exercise.id, { seq: event.seq, atMs: Date.parse(event.at) });
    this.remember(exercise);
    if (exercise.status === 'ended') this.running.delete(exercise.id);
    else this.resume(exercise.id);
  }

  /** Where an exercise's clock stands now, derived from its last save (for a control on a node that does not run it). */
  private clockNow(exercise: Exercise): number {
    if (exercise.status !== 'running') return exercise.clockMin;
    const savedAtMs = this.saved.get(exercise.id)?.atMs ?? this.now().getTime();
    const elapsedMin = Math.max(0, this.now().getTime() - savedAtMs) / 60_000;
    return Math.min(exercise.clockMin + elapsedMin * exercise.speed, exercise.durationMin);
  }

  private remember(exercise: Exercise): void {
    this.exercises.set(exercise.id, exercise);
    this.roster.set(exercise);
  }

  /** The scenario an exercise runs. */
  scenarioOf(id: string): Scenario {
    const exercise = this.exercises.get(id);
    if (!exercise) throw notFound(`exercise ${id}`);
    return this.scenarios.load(exercise.scenarioId);
  }

  /** Exercises the principal takes part in (all, for commanders). */
  list(by: Principal): Exercise[] {
    return [...this.exercises.values()].filter((exercise) => maySeeExercise(by, exercise));
  }

  /** One exercise the principal takes part in. */
  get(id: string, by: Principal): Exercise {
    const exercise = this.exercises.get(id);
    if (!exercise) throw notFound(`exercise ${id}`);
    ensure(maySeeExercise(by, exercise), `you are not in exercise ${id}`);
    return exercise;
  }

  /** One exercise the principal runs: its trainer, or a commander. */
  getToRun(id: string, by: Principal, what: string): Exercise {
    const exercise = this.get(id, by);
    ensure(mayRunExercise(by, exercise), `${what} of ${id} is for its trainer and commanders`);
    return exercise;
  }

  private async save(exercise: Exercise, actor: string): Promise<void> {
    this.remember(exercise);
    const stored = await this.log.commit({
      id: orderedId(),
      type: 'exercise.updated',
      at: this.now().toISOString(),
      actor,
      exerciseId: exercise.id,
      // Every room of the exercise follows its clock.
      sectors: [...SECTOR_IDS],
      data: { exercise },
    });
    this.saved.set(exercise.id, { seq: stored.seq, atMs: Date.parse(stored.at) });
  }

  /** `next` merged with the exercise as committed now (mergeCommitted). */
  private async withCommitted(next: Exercise): Promise<Exercise> {
    return mergeCommitted(next, await this.log.store.getEntity<Exercise>('exercise', next.id));
  }

  /** Prepares an exercise of a scenario for trainees; it starts when the trainer says so. */
  create(
    input: { scenarioId: string; trainees: string[]; seed: number; speed: number; locale?: Locale },
    by: Principal,
  ): Promise<Exercise> {
    let scenario: Scenario;
    try {
      scenario = this.scenarios.load(input.scenarioId);
    } catch (error) {
      throw new HttpError(
        400,
        'bad_request',
        `invalid body: scenario ${input.scenarioId}: ${error instanceof Error ? error.message : String(error)}`,
        [{ path: 'body.scenarioId', message: 'no such scenario, or the file is invalid' }],
      );
    }
    return this.log
      .serialised(async () => {
        const id = `ex-${randomBytes(4).toString('hex')}`;
        const exercise: Exercise = {
          id,
          scenarioId: scenario.id,
          name: scenario.name,
          seed: input.seed,
          status: 'ready',
          speed: input.speed,
          clockMin: 0,
          durationMin: scenario.durationMin,
          trainees: input.trainees,
          trainer: by.id,
          createdAt: this.now().toISOString(),
          startedAt: null,
          endedAt: null,
          fired: [],
          skipped: [],
        };
        await this.save(exercise, `user:${by.id}`);
        if (this.isClockRunning)
          this.running.set(id, { scenario, locale: input.locale ?? 'ar', lastTickMs: this.now().getTime() });
        return exercise;
      })
      .then(async (exercise) => {
        for (const unit of scenario.units) {
          await this.units.register(
            {
              id: `${exercise.id}-${unit.id}`,
              sector: unit.sector,
              type: unit.type,
              callSign: unit.callSign,
              position: {
                coordinates: unit.base,
                headingDeg: null,
                speedMps: 0,
                at: this.now().toISOString(),
              },
              exerciseId: exercise.id,
            },
            `user:${by.id}`,
          );
        }
        return exercise;
      });
  }

  /** Starts, pauses, resumes, ends, changes speed or jumps ahead. */
  control(id: string, control: ExerciseControl, by: Principal): Promise<Exercise> {
    return this.clockWork(() => this.controlNow(id, control, by));
  }

  /**
   * Runs `work` after the clock's current tick and before its next: a control or a manual
   * inject never fires injects alongside a tick (an update inject fired twice would conflict).
   */
  private clockWork<T>(work: () => Promise<T>): Promise<T> {
    const result = this.ticking.then(work);
    this.ticking = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async controlNow(id: string, control: ExerciseControl, by: Principal): Promise<Exercise> {
    const exercise = this.getToRun(id, by, 'controlling');
    const allowed: Record<ExerciseControl['action'], readonly Exercise['status'][]> = {
      start: ['ready'],
      pause: ['running'],
      resume: ['paused'],
      end: ['ready', 'running', 'paused'],
      speed: ['ready', 'running', 'paused'],
      jump: ['running', 'paused'],
    };
    if (!allowed[control.action].includes(exercise.status)) {
      throw new HttpError(
        409,
        'not_allowed',
        `cannot ${control.action} an exercise that is ${exercise.status}`,
      );
    }
    // Let the clock catch up to now at the old speed before anything changes (on the node that
    // runs it; elsewhere the clock is derived from its last save, and the leader fires what is due).
    await this.advanceTo(id);
    const known = this.exercises.get(id) ?? exercise;
    const current: Exercise = this.running.has(id) ? known : { ...known, clockMin: this.clockNow(known) };
    const at = this.now().toISOString();
    const next: Exercise = { ...current };
    switch (control.action) {
      case 'start':
        Object.assign(next, { status: 'running', startedAt: at });
        break;
      case 'pause':
        next.status = 'paused';
        break;
      case 'resume':
        next.status = 'running';
        break;
      case 'end':
        Object.assign(next, { status: 'ended', endedAt: at });
        break;
      case 'speed':
        next.speed = control.speed;
        break;
      case 'jump':
        if (control.toMin < current.clockMin)
          throw new HttpError(409, 'not_allowed', 'an exercise only moves forward');
        // Elsewhere than the leader, the jump is saved as the clock, and the leader fires what it passed.
        if (!this.running.has(id)) next.clockMin = Math.min(control.toMin, next.durationMin);
        break;
    }
    const running = this.running.get(id);
    if (running) running.lastTickMs = this.now().getTime();
    await this.log.serialised(async () => {
      // A control is the trainer's word: it keeps its status and speed over what is committed,
      // and only the injects fired and the clock are merged forward.
      const committed = await this.withCommitted(next);
      if (committed.status === 'ended' && next.status !== 'ended')
        throw new HttpError(409, 'not_allowed', `cannot ${control.action} an exercise that is ended`);
      await this.save(
        {
          ...committed,
          status: next.status,
          speed: next.speed,
          startedAt: next.startedAt,
          endedAt: next.endedAt,
        },
        `user:${by.id}`,
      );
    });
    if (control.action === 'jump') await this.fireUntil(id, Math.min(control.toMin, next.durationMin));
    if (next.status === 'ended') this.running.delete(id);
    return this.exercises.get(id) ?? next;
  }

  /** Fires one inject now, by hand (the trainer's "inject"). */
  injectNow(id: string, inject: Inject, by: Principal): Promise<void> {
    return this.clockWork(() => this.injectNowHere(id, inject, by));
  }

  private async injectNowHere(id: string, inject: Inject, by: Principal): Promise<void> {
    const exercise = this.getToRun(id, by, 'injecting');
    // On a node that does not run the clock, the inject is fired here all the same.
    const running =
      this.running.get(id) ??
      (exercise.status === 'ready'
        ? undefined
        : { scenario: this.scenarios.load(exercise.scenarioId), locale: 'ar' as const, lastTickMs: 0 });
    if (!running || exercise.status === 'ended')
      throw new HttpError(409, 'not_allowed', `exercise ${id} is not running`);
    await this.fire(exercise, running, { ...inject, id: `manual-${inject.id}-${exercise.fired.length}` });
  }

  private async tick(): Promise<void> {
    for (const id of this.running.keys()) await this.advanceTo(id);
  }

  /** Moves a running exercise's clock to now and fires what is due. */
  private async advanceTo(id: string): Promise<void> {
    const running = this.running.get(id);
    const exercise = this.exercises.get(id);
    if (!running || !exercise) return;
    const nowMs = this.now().getTime();
    const elapsedMs = nowMs - running.lastTickMs;
    running.lastTickMs = nowMs;
    if (exercise.status !== 'running') return;
    await this.fireUntil(
      id,
      Math.min(exercise.clockMin + (elapsedMs / 60_000) * exercise.speed, exercise.durationMin),
    );
  }

  /** Fires every inject due up to `toMin`, in scenario order, then records the clock. */
  private async fireUntil(id: string, toMin: number): Promise<void> {
    const running = this.running.get(id);
    let exercise = this.exercises.get(id);
    if (!running || !exercise) return;
    const due = running.scenario.injects
      .map((inject, order) => ({ inject, order }))
      .filter(({ inject }) => inject.atMin <= toMin && !exercise?.fired.includes(inject.id))
      .sort((a, b) => a.inject.atMin - b.inject.atMin || a.order - b.order);
    for (const { inject } of due) {
      const claimed = await this.claim(exercise, inject);
      exercise = this.exercises.get(id) ?? exercise;
      if (claimed === null) continue;
      await this.fire(claimed, running, inject);
      exercise = this.exercises.get(id) ?? exercise;
    }
    const isOver = toMin >= exercise.durationMin;
    const moved: Exercise = {
      ...exercise,
      clockMin: toMin,
      ...(isOver && exercise.status !== 'ended'
        ? { status: 'ended' as const, endedAt: this.now().toISOString() }
        : {}),
    };
    // The clock is saved when something fired, when it ends, and every scenario minute otherwise.
    let kept = moved;
    if (due.length > 0 || isOver || Math.floor(toMin) > Math.floor(exercise.clockMin)) {
      kept = await this.log.serialised(async () => {
        const merged = await this.withCommitted(moved);
        await this.save(merged, 'system:exercise');
        return merged;
      });
    } else {
      this.remember(moved);
    }
    if (kept.status === 'ended') this.running.delete(id);
  }

  /**
   * Records in the log that an inject fires, before it fires: the log, not this node's memory,
   * says what has fired. This node's memory can be behind it (a control committed through
   * another node from the log as it stood before the inject, then followed here), so an inject
   * already recorded is not fired again; null then. A leader that dies between the record and
   * the inject's own events loses that inject rather than firing it twice. The clock is saved
   * at the inject's own minute, so the debrief places what follows in scenario time.
   */
  private claim(exercise: Exercise, inject: Inject): Promise<Exercise | null> {
    return this.log.serialised(async () => {
      // One read: what was committed is both what the save keeps and whether the inject has fired.
      const stored = await this.log.store.getEntity<Exercise>('exercise', exercise.id);
      const committed = mergeCommitted(
        { ...exercise, clockMin: Math.max(exercise.clockMin, inject.atMin) },
        stored,
      );
      if (stored?.fired.includes(inject.id)) {
        this.remember(committed);
        return null;
      }
      const next: Exercise = { ...committed, fired: unique([...committed.fired, inject.id]) };
      await this.save(next, 'system:exercise');
      return next;
    });
  }

  private incidentIdOf(exercise: Exercise, injectId: string): string {
    return nameUuid(`${exercise.id}:${injectId}`);
  }

  private async fire(exercise: Exercise, running: Running, inject: Inject): Promise<void> {
    const { locale } = running;
    const remember = (): void => {
      const latest = this.exercises.get(exercise.id) ?? exercise;
      this.remember({ ...latest, fired: unique([...latest.fired, inject.id]) });
    };
    if (inject.condition) {
      const target = await this.log.store.getIncident(
        this.incidentIdOf(exercise, inject.condition.unlessIncident),
      );
      const hasReached =
        target !== null && statusRank(target.status) >= statusRank(inject.condition.hasReached);
      const milestone = MILESTONE_OF_STATUS[inject.condition.hasReached];
      if (hasReached || (target && milestone && target.milestones[milestone] !== null)) {
        const latest = this.exercises.get(exercise.id) ?? exercise;
        this.remember({
          ...latest,
          fired: unique([...latest.fired, inject.id]),
          skipped: unique([...latest.skipped, inject.id]),
        });
        return;
      }
    }
    switch (inject.kind) {
      case 'incident':
      case 'public-call': {
        const report: NewIncident =
          inject.kind === 'incident'
            ? {
                sector: inject.sector,
                category: inject.category,
                severity: inject.severity,
                title: inject.title[locale],
                description: inject.description[locale],
                location:
                  inject.location.type === 'Point'
                    ? {
                        type: 'Point',
                        coordinates: jitter(inject.location.coordinates, exercise.seed, inject.id),
                      }
                    : inject.location,
                source: 'exercise',
                externalRef: inject.id,
              }
            : {
                sector: 'operations',
                category: 'emergency-call',
                severity: inject.severity,
                title: inject.text[locale].slice(0, 200),
                description: inject.text[locale],
                location: {
                  type: 'Point',
                  coordinates: jitter(inject.location.coordinates, exercise.seed, inject.id),
                },
                source: 'exercise',
                externalRef: inject.id,
              };
        await this.incidents.report(report, ENGINE, exercise.id, this.incidentIdOf(exercise, inject.id));
        break;
      }
      case 'incident-update': {
        const target = await this.log.store.getIncident(this.incidentIdOf(exercise, inject.target));
        if (target) {
          await this.incidents.update(
            target.id,
            {
              version: target.version,
              ...(inject.severity !== undefined ? { severity: inject.severity } : {}),
              ...(inject.location ? { location: inject.location } : {}),
              ...(inject.description ? { description: inject.description[locale] } : {}),
            },
            ENGINE,
          );
        }
        break;
      }
      case 'weather':
        await this.overlay(exercise, {
          key: 'rain',
          kind: 'rain',
          name: inject.text,
          geometry: inject.area ?? null,
          depthCm: null,
          rainMmPerHour: inject.rainMmPerHour,
          isActive: inject.rainMmPerHour > 0,
          atMin: inject.atMin,
        });
        break;
      case 'flooded-zone':
      case 'fire-perimeter':
      case 'smoke-plume':
      case 'power-cut':
      case 'evacuation-zone':
        await this.overlay(exercise, {
          key: inject.key,
          kind: inject.kind,
          name: inject.name,
          geometry: inject.area,
          depthCm: inject.depthCm ?? null,
          rainMmPerHour: null,
          isActive: true,
          atMin: inject.atMin,
        });
        break;
      case 'road-closure':
        await this.overlay(exercise, {
          key: inject.key,
          kind: 'road-closure',
          name: inject.name,
          geometry: inject.line,
          depthCm: null,
          rainMmPerHour: null,
          isActive: !inject.isOpen,
          atMin: inject.atMin,
        });
        break;
      case 'cap':
        // The Meteorological Department's message, taken in as if its key had sent it.
        if (inject.xml !== undefined) await this.capInjector?.(inject.xml, exercise.id, ENGINE);
        break;
      case 'unit-breakdown': {
        const unitId = `${exercise.id}-${inject.unitId}`;
        const unit = this.units.listAll().find((u) => u.id === unitId);
        if (unit?.incidentId) await this.units.release(unitId, ENGINE);
        if (unit) await this.units.setStatus(unitId, 'out_of_service', inject.text[locale], ENGINE);
        break;
      }
    }
    remember();
  }

  private async overlay(exercise: Exercise, overlay: Omit<Overlay, 'exerciseId'>): Promise<void> {
    await this.log.serialised(() =>
      this.log.commit({
        id: orderedId(),
        type: 'exercise.overlay',
        at: this.now().toISOString(),
        actor: 'system:exercise',
        exerciseId: exercise.id,
        sectors: [...SECTOR_IDS],
        data: { overlay: { ...overlay, exerciseId: exercise.id } },
      }),
    );
  }

  /** The exercise's current overlays. */
  async overlays(id: string, by: Principal): Promise<Overlay[]> {
    this.get(id, by);
    return this.log.store.listEntities<Overlay>('overlay', id);
  }

  /** The incidents of an exercise, for its debrief. */
  async incidentsOf(id: string, by: Principal): Promise<Incident[]> {
    this.get(id, by);
    return this.log.store.listIncidents({ scope: 'all', exerciseId: id });
  }

  /** Scores the exercise against its scenario: per expectation, per trainee and for the team. */
  async debrief(id: string, by: Principal): Promise<Debrief> {
    const exercise = this.getToRun(id, by, 'the debrief');
    const scenario = this.scenarios.load(exercise.scenarioId);
    const store = this.log.store;
    const history = (await store.eventsAbout(id)).flatMap((event) =>
      event.type === 'exercise.updated'
        ? [{ seq: event.seq, at: event.at, exercise: event.data.exercise }]
        : [],
    );
    const incidents = new Map<string, { incident: Incident; events: MirsadEvent[] }>();
    for (const inject of scenario.injects) {
      if (inject.kind !== 'incident' && inject.kind !== 'public-call') continue;
      const incident = await store.getIncident(this.incidentIdOf(exercise, inject.id));
      if (incident) incidents.set(inject.id, { incident, events: await store.eventsAbout(incident.id) });
    }
    const shelters: { shelter: Shelter; at: string; seq: number }[] = [];
    for (const shelter of await store.listEntities<Shelter>('shelter', id)) {
      const opened = (await store.eventsAbout(shelter.id)).find((event) => event.type === 'shelter.opened');
      if (opened) shelters.push({ shelter, at: opened.at, seq: opened.seq });
    }
    const warnings: { warning: Warning; at: string; seq: number }[] = [];
    for (const warning of await store.listEntities<Warning>('warning', id)) {
      if (warning.origin !== 'authored') continue;
      const issued = (await store.eventsAbout(warning.id)).find(
        (event) => event.type === 'warning.issued' && event.data.warning.id === warning.id,
      );
      if (issued) warnings.push({ warning, at: issued.at, seq: issued.seq });
    }
    // A CAP inject's message is known by its identifier; its arrival is when it was taken in.
    const received = (await store.listEntities<Warning>('warning', id)).filter(
      (w) => w.origin === 'received',
    );
    const capArrivals = new Map<string, string>();
    for (const inject of scenario.injects) {
      if (inject.kind !== 'cap') continue;
      const identifier = /<(?:\w+:)?identifier>([^<]+)</.exec(inject.xml ?? '')?.[1];
      const arrived = received.find((w) => w.identifier === identifier);
      if (arrived) capArrivals.set(inject.id, arrived.createdAt);
    }
    return computeDebrief({ exercise, scenario, history, incidents, shelters, warnings, capArrivals });
  }

  /** Stops the clock (server shutdown); running exercises resume from the saved clock. */
  stop(): Promise<void> {
    return this.stopClock();
  }
}
