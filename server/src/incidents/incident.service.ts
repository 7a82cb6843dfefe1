import { randomUUID } from 'node:crypto';
import {
  governorateOf,
  isCategoryOf,
  transitionProblem,
  type Governorate,
  type Incident,
  type IncidentChanges,
  type IncidentPatch,
  type MirsadEvent,
  type NewIncident,
  type NewMirsadEvent,
} from '@mirsad/shared';
import { HttpError, notFound } from '../errors.js';
import type { EventStore, IncidentFilter } from '../store/event.store.js';

/** Longest a report's own time may run ahead of the server's clock, for clock skew between systems. */
const MAX_REPORT_CLOCK_SKEW_MS = 5 * 60_000;

/** Told of each event once it is durable, in sequence order. */
export type EventListener = (event: MirsadEvent) => void;

/** The answer to a report: the incident, and whether this call created it. */
export interface ReportResult {
  incident: Incident;
  isNew: boolean;
}

/**
 * The domain rules of incidents: idempotent reports, versioned changes, the status workflow.
 * Every change becomes one event, appended under a single write queue so that sequence
 * numbers, version checks and broadcasts happen in one order.
 */
export class IncidentService {
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<EventListener>();

  constructor(
    private readonly store: EventStore,
    private readonly governorates: readonly Governorate[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Calls `listener` with every event after it is committed. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs writes one at a time, in call order, whatever each awaits. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writeQueue.then(work);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  private async commit(event: NewMirsadEvent): Promise<MirsadEvent> {
    const stored = await this.store.append(event);
    // Listeners run synchronously after the commit and before the next write starts, so a
    // broadcast can never overtake or fall behind the log's order.
    for (const listener of this.listeners) listener(stored);
    return stored;
  }

  /** Records a new report, or returns the incident this source already reported under the same externalRef. */
  report(input: NewIncident, actor: string, exerciseId: string | null = null): Promise<ReportResult> {
    return this.serialised(async () => {
      if (input.externalRef !== null) {
        const existing = await this.store.findByExternalRef(input.source, input.externalRef, exerciseId);
        if (existing) return { incident: existing, isNew: false };
      }
      const now = this.now();
      if (input.reportedAt && Date.parse(input.reportedAt) > now.getTime() + MAX_REPORT_CLOCK_SKEW_MS) {
        throw new HttpError(400, 'bad_request', 'invalid body: reportedAt lies in the future', [
          { path: 'body.reportedAt', message: 'lies more than 5 minutes in the future' },
        ]);
      }
      const at = now.toISOString();
      const incident: Incident = {
        id: randomUUID(),
        sector: input.sector,
        category: input.category,
        severity: input.severity,
        status: 'reported',
        title: input.title,
        description: input.description,
        location: input.location,
        governorate: input.governorate ?? governorateOf(input.location, this.governorates),
        reportedAt: input.reportedAt ? new Date(input.reportedAt).toISOString() : at,
        updatedAt: at,
        version: 1,
        source: input.source,
        externalRef: input.externalRef,
        exerciseId,
      };
      await this.commit({
        id: randomUUID(),
        type: 'incident.reported',
        at,
        actor,
        exerciseId,
        sectors: [incident.sector],
        data: { incident },
      });
      return { incident, isNew: true };
    });
  }

  /** Applies a patch made against `patch.version`; 409 when someone changed the incident since. */
  update(id: string, patch: IncidentPatch, actor: string): Promise<Incident> {
    return this.serialised(async () => {
      const current = await this.store.getIncident(id);
      if (!current) throw notFound(`incident ${id}`);
      if (current.version !== patch.version) {
        throw new HttpError(
          409,
          'version_conflict',
          `incident ${id} is at version ${current.version}, not ${patch.version}: read it again and reapply the change`,
          undefined,
          { current },
        );
      }
      const { version: _version, reason, ...requested } = patch;
      const changes = this.effectiveChanges(current, requested);
      if (Object.keys(changes).length === 0) return current;
      const at = this.now().toISOString();
      const incident: Incident = { ...current, ...changes, version: current.version + 1, updatedAt: at };
      if (changes.location && requested.governorate === undefined) {
        incident.governorate = governorateOf(changes.location, this.governorates);
        if (incident.governorate !== current.governorate) changes.governorate = incident.governorate;
      }
      await this.commit({
        id: randomUUID(),
        type: 'incident.updated',
        at,
        actor,
        exerciseId: current.exerciseId,
        sectors: [current.sector],
        data: { incident, changes, previousVersion: current.version, reason: reason ?? null },
      });
      return incident;
    });
  }

  /** The requested fields that differ from the incident, after checking the workflow and categories. */
  private effectiveChanges(current: Incident, requested: IncidentChanges): IncidentChanges {
    const changes: IncidentChanges = {};
    for (const [key, value] of Object.entries(requested) as [keyof IncidentChanges, unknown][]) {
      if (value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key])) {
        Object.assign(changes, { [key]: value });
      }
    }
    if (changes.status) {
      const problem = transitionProblem(current.status, changes.status);
      if (problem) throw new HttpError(409, 'transition_not_allowed', problem, undefined, { current });
    }
    if (changes.category && !isCategoryOf(current.sector, changes.category)) {
      throw new HttpError(
        400,
        'bad_request',
        `invalid body: category ${changes.category} is not one of ${current.sector}'s`,
        [{ path: 'body.category', message: `not a category of sector ${current.sector}` }],
      );
    }
    return changes;
  }

  /** One incident, or 404. */
  async get(id: string): Promise<Incident> {
    const incident = await this.store.getIncident(id);
    if (!incident) throw notFound(`incident ${id}`);
    return incident;
  }

  /** The current picture, filtered, with the log position it stands at. */
  async list(filter: IncidentFilter): Promise<{ seq: number; incidents: Incident[] }> {
    // The head is read first: the list may then be newer than `seq`, never older, and
    // events a subscriber replays from `seq` fold idempotently by version.
    const seq = await this.store.headSeq();
    const incidents = await this.store.listIncidents(filter);
    return { seq, incidents };
  }
}
