import {
  type Debrief,
  type Exercise,
  type Incident,
  type MirsadEvent,
  type Scenario,
  type Shelter,
  type Warning,
  median,
} from '@mirsad/shared';

const round = (value: number): number => Math.round(value * 10) / 10;

/** One save of the exercise's clock, from its `exercise.updated` events. */
export interface ClockSave {
  seq: number;
  at: string;
  exercise: Exercise;
}

/**
 * Maps an event to scenario minutes, from the exercise's own history of clock saves: the
 * clock at the last save before the event in the log, plus the real time since at the speed
 * then. The log's order decides, not timestamps, which can be equal.
 */
export function scenarioClock(history: readonly ClockSave[]): (iso: string, seq: number) => number {
  return (iso, seq) => {
    const t = Date.parse(iso);
    let base: ClockSave | undefined;
    for (const entry of history) if (entry.seq < seq) base = entry;
    if (!base) return 0;
    const { exercise } = base;
    const running = exercise.status === 'running' ? ((t - Date.parse(base.at)) / 60_000) * exercise.speed : 0;
    return Math.min(exercise.durationMin, exercise.clockMin + running);
  };
}

/** The first time something was done about an incident: scenario minutes after its report, by whom, when. */
interface Done {
  min: number;
  by: string;
  at: string;
}

/** Everything the debrief reads, gathered by the exercise service. */
export interface DebriefInput {
  exercise: Exercise;
  scenario: Scenario;
  /** The exercise's clock saves, oldest first. */
  history: ClockSave[];
  /** Each exercise incident with its own events, keyed by the inject that made it. */
  incidents: Map<string, { incident: Incident; events: MirsadEvent[] }>;
  shelters: { shelter: Shelter; at: string; seq: number }[];
  /** The exercise's public warnings the room issued (Alert or Update), each with its `warning.issued` event. */
  warnings: { warning: Warning; at: string; seq: number }[];
  /** When each CAP inject's message was taken in (real time), by inject id. */
  capArrivals?: ReadonlyMap<string, string>;
}

/** Scores an exercise against its scenario's expectations, per trainee and for the team. */
export function computeDebrief({
  exercise,
  scenario,
  history,
  incidents,
  shelters,
  warnings,
  capArrivals = new Map<string, string>(),
}: DebriefInput): Debrief {
  const minuteOf = scenarioClock(history);
  const isTrainee = (actor: string): boolean =>
    actor.startsWith('user:') && exercise.trainees.includes(actor.slice(5));
  const perActor = new Map<
    string,
    { ack: number[]; dispatch: number[]; notes: number; shelters: number; warnings: number }
  >();
  const figures = (actor: string) => {
    let entry = perActor.get(actor);
    if (!entry) {
      entry = { ack: [], dispatch: [], notes: 0, shelters: 0, warnings: 0 };
      perActor.set(actor, entry);
    }
    return entry;
  };
  const firsts = new Map<
    string,
    {
      acknowledge?: Done;
      dispatch?: Done;
      onScene?: Done;
      support?: Done;
    }
  >();

  const reportedMinOf = new Map<string, number>();
  const reportedAtOf = new Map<string, string>();
  for (const [injectId, { events }] of incidents) {
    const reported = events.find((event) => event.type === 'incident.reported');
    if (!reported) continue;
    const reportedMin = minuteOf(reported.at, reported.seq);
    reportedMinOf.set(injectId, reportedMin);
    reportedAtOf.set(injectId, reported.at);
    const first: NonNullable<ReturnType<typeof firsts.get>> = {};
    for (const event of events) {
      const minute = minuteOf(event.at, event.seq) - reportedMin;
      const done: Done = { min: minute, by: event.actor, at: event.at };
      if (event.type === 'incident.updated' && event.data.changes.status) {
        const status = event.data.changes.status;
        if (status === 'acknowledged' && !first.acknowledge) first.acknowledge = done;
        if (status === 'dispatched' && !first.dispatch) first.dispatch = done;
        if (status === 'on_scene' && !first.onScene) first.onScene = done;
      }
      if (event.type === 'unit.assigned' && !first.dispatch) first.dispatch = done;
      if (event.type === 'support.requested' && !first.support) first.support = done;
      const by = event.actor;
      if (event.type === 'note.added' && isTrainee(by)) figures(by).notes += 1;
    }
    // A dispatch without an acknowledgement acknowledges too.
    if (!first.acknowledge && first.dispatch) first.acknowledge = first.dispatch;
    if (first.acknowledge && isTrainee(first.acknowledge.by))
      figures(first.acknowledge.by).ack.push(first.acknowledge.min);
    if (first.dispatch && isTrainee(first.dispatch.by))
      figures(first.dispatch.by).dispatch.push(first.dispatch.min);
    firsts.set(injectId, first);
  }
  const shelterMinutes = shelters.map(({ shelter, at, seq }) => {
    if (isTrainee(shelter.openedBy.actor)) figures(shelter.openedBy.actor).shelters += 1;
    return { min: minuteOf(at, seq), by: shelter.openedBy.actor, at };
  });

  // A warning is the trainees' when one of them wrote it; the approver is the second person.
  const warningMinutes = warnings
    .filter(({ warning }) => warning.msgType !== 'Cancel')
    .map(({ warning, at, seq }) => {
      if (isTrainee(warning.author.actor)) figures(warning.author.actor).warnings += 1;
      return { min: minuteOf(at, seq), by: warning.author.actor, at };
    })
    .sort((a, b) => a.min - b.min);
  const injectOf = new Map(scenario.injects.map((inject) => [inject.id, inject]));
  // A CAP inject arrives at its own minute, if it has fired.
  const arrivedMinOf = (target: string): number | null => {
    const inject = injectOf.get(target);
    return inject?.kind === 'cap' && exercise.fired.includes(target) ? inject.atMin : null;
  };

  const items = scenario.expectations.map((expectation) => {
    const reportedMin = reportedMinOf.get(expectation.target) ?? arrivedMinOf(expectation.target);
    const first = firsts.get(expectation.target) ?? {};
    const done =
      expectation.action === 'acknowledge'
        ? first.acknowledge
        : expectation.action === 'dispatch'
          ? first.dispatch
          : expectation.action === 'on-scene'
            ? first.onScene
            : expectation.action === 'request-support'
              ? first.support
              : expectation.action === 'public-warning'
                ? (() => {
                    const issued = warningMinutes.find(
                      (w) => reportedMin !== null && w.min >= reportedMin && isTrainee(w.by),
                    );
                    return issued && reportedMin !== null
                      ? { min: issued.min - reportedMin, by: issued.by, at: issued.at }
                      : undefined;
                  })()
                : (() => {
                    const opened = shelterMinutes.find((s) => reportedMin !== null && s.min >= reportedMin);
                    return opened && reportedMin !== null
                      ? { min: opened.min - reportedMin, by: opened.by, at: opened.at }
                      : undefined;
                  })();
    return {
      expectationId: expectation.id,
      description: expectation.description,
      target: expectation.target,
      action: expectation.action,
      withinMin: expectation.withinMin,
      reportedMin: reportedMin === null ? null : round(reportedMin),
      tookMin: done ? round(Math.max(0, done.min)) : null,
      by: done?.by ?? null,
      reportedAt: reportedAtOf.get(expectation.target) ?? capArrivals.get(expectation.target) ?? null,
      doneAt: done?.at ?? null,
      isMet: done !== undefined && done.min <= expectation.withinMin,
    };
  });

  const conditional = new Set(
    scenario.injects.filter((inject) => inject.condition).map((inject) => inject.id),
  );
  const skipped = new Set(exercise.skipped);
  const all = [...perActor.values()];
  return {
    exercise,
    items,
    trainees: [...perActor.entries()].map(([actor, f]) => ({
      actor,
      acknowledged: f.ack.length,
      dispatched: f.dispatch.length,
      notes: f.notes,
      sheltersOpened: f.shelters,
      warningsIssued: f.warnings,
      medianAcknowledgeMin: median(f.ack.map(round)),
      medianDispatchMin: median(f.dispatch.map(round)),
    })),
    team: {
      medianAcknowledgeMin: median(all.flatMap((f) => f.ack).map(round)),
      medianDispatchMin: median(all.flatMap((f) => f.dispatch).map(round)),
      firstShelterMin: shelterMinutes.length ? round(Math.min(...shelterMinutes.map((s) => s.min))) : null,
      firstPublicWarningMin: (() => {
        const first = warningMinutes.find((w) => isTrainee(w.by));
        return first ? round(first.min) : null;
      })(),
      metCount: items.filter((item) => item.isMet).length,
      missedCount: items.filter((item) => !item.isMet).length,
      missedEscalations: exercise.fired.filter((id) => conditional.has(id) && !skipped.has(id)),
      avoidedEscalations: exercise.fired.filter((id) => skipped.has(id)),
    },
  };
}
