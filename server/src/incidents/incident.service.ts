import {
  CORRELATION_RADIUS_M,
  INCIDENTS_PAGE_MAX,
  CORRELATION_WINDOW_MIN,
  MILESTONE_OF_STATUS,
  incidentReportedEvent,
  reportedIncident,
  areCategoriesRelated,
  relatedCategoriesOf,
  distanceMetres,
  governorateOf,
  isCategoryOf,
  mayAnswerSupport,
  mayDecideLink,
  mayReadIncident,
  mayReadNotes,
  mayReportFor,
  maySeeIncident,
  maySeeLink,
  maySeeSupportRequest,
  mayWorkIncident,
  standingIn,
  representativePosition,
  transitionProblem,
  type Governorate,
  type Incident,
  type IncidentList,
  type IncidentChanges,
  type IncidentPatch,
  type Link,
  type MirsadEvent,
  type NewIncident,
  type Note,
  type PersonRef,
  type Principal,
  type SectorId,
  type SupportRequest,
} from '@mirsad/shared';
import { ensure, forbidden, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import type { ActivePictureJob } from '../review/read.jobs.js';
import type { IncidentFilter } from '../store/event.store.js';
import { orderedId } from '../store/ordered-id.js';
import { cursorOf, cursorPosition } from './incident.cursor.js';

/** Longest a report's own time may run ahead of the server's clock, for clock skew between systems. */
const MAX_REPORT_CLOCK_SKEW_MS = 5 * 60_000;

/** The answer to a report: the incident, and whether this call created it. */
export interface ReportResult {
  incident: Incident;
  isNew: boolean;
}

/** The person or system behind an action, as events and notes name them. */
export function personOf(principal: Principal): PersonRef {
  return { actor: `${principal.kind}:${principal.id}`, displayName: principal.displayName };
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * Whether a list is the active picture, read whole (it is bounded by what is open); every
 * other list comes in pages.
 */
export function isActivePicture(filter: Pick<IncidentFilter, 'scope' | 'status'>): boolean {
  return filter.scope === 'active' && !filter.status;
}

/**
 * The domain rules of incidents in the joint room: idempotent reports, correlation across
 * sectors, versioned changes along the status workflow, notes, support between sectors, and
 * merges. Every change is one event through the EventLog.
 */
export class IncidentService {
  constructor(
    private readonly log: EventLog,
    private readonly governorates: readonly Governorate[],
    private readonly roster: ExerciseRoster,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get store() {
    return this.log.store;
  }

  /** Refuses unless the principal may work the incident. */
  requireWork(by: Principal, incident: Incident): void {
    ensure(
      mayWorkIncident(by, incident, this.roster.of(incident.exerciseId)),
      maySeeIncident(by, incident, this.roster.of(incident.exerciseId))
        ? `you may see incident ${incident.id} but not act on it`
        : `incident ${incident.id} belongs to sectors you do not work`,
    );
  }

  /** The log a list asks for (null: live), refused unless the principal takes part in it. */
  private scope(by: Principal, exerciseId: string | null): string | null {
    ensure(
      standingIn(by, exerciseId, this.roster.of(exerciseId)) !== 'outside',
      `you are not in exercise ${exerciseId ?? ''}`,
    );
    return exerciseId;
  }

  /** Records a new report, or returns the incident this source already reported under the same externalRef. */
  report(
    input: NewIncident,
    by: Principal,
    exerciseId: string | null = null,
    /** An exercise's injects name their incidents, so that a replayed run makes the same ids. */
    id: string = orderedId(),
  ): Promise<ReportResult> {
    if (!mayReportFor(by, input.sector)) throw forbidden(`you may not report incidents for ${input.sector}`);
    // A reporting system's key fixes the source its reports carry; a person reports as the web client.
    const source = by.kind === 'key' && by.source ? by.source : input.source;
    return this.log.serialised(async () => {
      if (input.externalRef !== null) {
        const existing = await this.store.findByExternalRef(source, input.externalRef, exerciseId);
        if (existing) return { incident: existing, isNew: false };
      }
      const now = this.now();
      if (input.reportedAt && Date.parse(input.reportedAt) > now.getTime() + MAX_REPORT_CLOCK_SKEW_MS) {
        throw new HttpError(400, 'bad_request', 'invalid body: reportedAt lies in the future', [
          { path: 'body.reportedAt', message: 'lies more than 5 minutes in the future' },
        ]);
      }
      const at = now.toISOString();
      const incident = reportedIncident({
        id,
        sector: input.sector,
        category: input.category,
        severity: input.severity,
        title: input.title,
        description: input.description,
        location: input.location,
        governorate: input.governorate ?? governorateOf(input.location, this.governorates),
        reportedAt: input.reportedAt ? new Date(input.reportedAt).toISOString() : at,
        updatedAt: at,
        source,
        externalRef: input.externalRef,
        exerciseId,
      });
      await this.log.commit(
        incidentReportedEvent(incident, { id: orderedId(), at, actor: personOf(by).actor }),
      );
      await this.proposeLinks(incident, at);
      return { incident, isNew: true };
    });
  }

  /**
   * Records an incident a device reported (a thermal camera), with its links proposed as a
   * person's report would have. Call only inside `log.serialised`: the caller has decided, in
   * the same work, that no active incident already covers it.
   */
  async recordDeviceReport(incident: Incident, actor: string): Promise<void> {
    await this.log.commit(
      incidentReportedEvent(incident, { id: orderedId(), at: incident.updatedAt, actor }),
    );
    await this.proposeLinks(incident, incident.updatedAt);
  }

  /** The governorate a location falls in, by the server's gazetteer. */
  governorateOf(location: Incident['location']): Incident['governorate'] {
    return governorateOf(location, this.governorates);
  }

  /** Proposes a link to each recent, nearby, related report of another sector (inside the write queue). */
  private async proposeLinks(incident: Incident, at: string): Promise<void> {
    const windowMs = CORRELATION_WINDOW_MIN * 60_000;
    const reportedMs = Date.parse(incident.reportedAt);
    const since = new Date(reportedMs - windowMs).toISOString();
    const here = representativePosition(incident.location);
    // A box a little larger than the radius; the exact distance is checked below.
    const dLat = (CORRELATION_RADIUS_M * 1.1) / 111_320;
    const dLon = dLat / Math.cos((here[1] * Math.PI) / 180);
    const box = [here[0] - dLon, here[1] - dLat, here[0] + dLon, here[1] + dLat] as const;
    const kinds = relatedCategoriesOf(incident);
    if (kinds.length === 0) return;
    const candidates = await this.store.activeIncidentsNear(box, since, incident.exerciseId, kinds);
    // The store answers with active incidents only, none merged away.
    for (const other of candidates) {
      if (other.id === incident.id || other.sector === incident.sector) continue;
      const minutesApart = Math.abs(Date.parse(other.reportedAt) - reportedMs) / 60_000;
      const distanceM = distanceMetres(here, other.position);
      if (minutesApart > CORRELATION_WINDOW_MIN || distanceM > CORRELATION_RADIUS_M) continue;
      if (!areCategoriesRelated(incident, other)) continue;
      const [first, second] =
        Date.parse(other.reportedAt) <= reportedMs ? [other, incident] : [incident, other];
      const link: Link = {
        id: orderedId(),
        incidentIds: [first.id, second.id],
        sectors: [first.sector, second.sector],
        distanceM: Math.round(distanceM),
        minutesApart: Math.round(minutesApart * 10) / 10,
        status: 'proposed',
        proposedAt: at,
        decidedBy: null,
        decidedAt: null,
        exerciseId: incident.exerciseId,
      };
      await this.log.commit({
        id: orderedId(),
        type: 'link.proposed',
        at,
        actor: 'system:correlation',
        exerciseId: incident.exerciseId,
        sectors: unique([...first.involvedSectors, ...second.involvedSectors]),
        data: { link },
      });
    }
  }

  /** Applies a patch made against `patch.version`; 409 when someone changed the incident since. */
  update(id: string, patch: IncidentPatch, by: Principal): Promise<Incident> {
    return this.log.serialised(async () => {
      const current = await this.getVisible(id, by);
      this.requireWork(by, current);
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
      const changes = this.effectiveChanges(current, requested, by);
      if (Object.keys(changes).length === 0) return current;
      const at = this.now().toISOString();
      const incident = this.changed(current, changes, at);
      if (changes.location && requested.governorate === undefined) {
        incident.governorate = governorateOf(changes.location, this.governorates);
        if (incident.governorate !== current.governorate) changes.governorate = incident.governorate;
      }
      await this.log.commit({
        id: orderedId(),
        type: 'incident.updated',
        at,
        actor: personOf(by).actor,
        exerciseId: current.exerciseId,
        // A reassignment is seen by the sector that gave it up as well as the one that took it.
        sectors: unique([...current.involvedSectors, ...incident.involvedSectors]),
        data: { incident, changes, previousVersion: current.version, reason: reason ?? null },
      });
      return incident;
    });
  }

  /** The incident after `changes`: next version, milestones stamped, involved sectors following a reassignment. */
  private changed(current: Incident, changes: IncidentChanges, at: string): Incident {
    const incident: Incident = { ...current, ...changes, version: current.version + 1, updatedAt: at };
    const milestone = changes.status ? MILESTONE_OF_STATUS[changes.status] : undefined;
    if (milestone && current.milestones[milestone] === null) {
      incident.milestones = { ...current.milestones, [milestone]: at };
    }
    if (changes.sector) {
      incident.involvedSectors = unique([
        changes.sector,
        ...current.involvedSectors.filter((s) => s !== current.sector),
      ]);
    }
    return incident;
  }

  /** The requested fields that differ from the incident, after checking the workflow and categories. */
  private effectiveChanges(current: Incident, requested: IncidentChanges, by: Principal): IncidentChanges {
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
    const sector = changes.sector ?? current.sector;
    if (changes.sector && by.role !== 'commander' && !by.sectors.includes(current.sector)) {
      throw forbidden('only the owning sector or a commander may reassign an incident');
    }
    if (changes.sector && !changes.category && !isCategoryOf(sector, current.category)) {
      throw new HttpError(
        400,
        'bad_request',
        `invalid body: reassigning to ${sector} needs a category of ${sector}`,
        [{ path: 'body.category', message: `required: ${current.category} is not a category of ${sector}` }],
      );
    }
    if (changes.category && !isCategoryOf(sector, changes.category)) {
      throw new HttpError(
        400,
        'bad_request',
        `invalid body: category ${changes.category} is not one of ${sector}'s`,
        [{ path: 'body.category', message: `not a category of sector ${sector}` }],
      );
    }
    return changes;
  }

  /** One incident the principal may see, or 404 (403 when it exists but is another sector's). */
  async getVisible(id: string, by: Principal): Promise<Incident> {
    const incident = await this.store.getIncident(id);
    if (!incident) throw notFound(`incident ${id}`);
    if (this.maySee(by, incident)) return incident;
    const linked = await this.linkedReports(incident);
    ensure(
      mayReadIncident(by, incident, linked, this.roster.of(incident.exerciseId)),
      `incident ${id} belongs to sectors you do not see`,
    );
    return incident;
  }

  /** The other reports of an incident's proposed links (for `mayReadIncident`). */
  async linkedReports(incident: Incident): Promise<Incident[]> {
    const links = await this.store.listEntities<Link>('link', incident.exerciseId, ['proposed']);
    const others: Incident[] = [];
    for (const link of links) {
      if (!link.incidentIds.includes(incident.id)) continue;
      const otherId = link.incidentIds[0] === incident.id ? link.incidentIds[1] : link.incidentIds[0];
      const other = await this.store.getIncident(otherId);
      if (other) others.push(other);
    }
    return others;
  }

  private maySee(by: Principal, incident: Incident): boolean {
    return maySeeIncident(by, incident, this.roster.of(incident.exerciseId));
  }

  /**
   * A page of the incidents the principal may see, with the log position it stands at. Every
   * list but the active picture comes in pages (`limit`, `cursor`): `scope=all` of a busy year
   * is hundreds of thousands of incidents, which no request may read at once. The active picture
   * is read whole by a reader thread (`activePictureJob`).
   */
  async list(
    filter: IncidentFilter,
    by: Principal,
    paging: { limit?: number; cursor?: string } = {},
  ): Promise<IncidentList> {
    // The head is read first: the list may then be newer than `seq`, never older, and
    // events a subscriber replays from `seq` fold idempotently by version.
    this.scope(by, filter.exerciseId);
    const page = {
      limit: paging.limit ?? INCIDENTS_PAGE_MAX,
      ...(paging.cursor === undefined ? {} : { after: cursorPosition(paging.cursor) }),
    };
    const seq = await this.store.headSeq();
    const incidents = await this.store.listIncidents({ ...filter, page });
    const visible = incidents.filter((incident) => this.maySee(by, incident));
    // The cursor follows the last row read, seen or not, so a page of others' incidents still moves on.
    const last = incidents.length === page.limit ? incidents.at(-1) : undefined;
    return { seq, incidents: visible, next: last ? cursorOf(last) : null };
  }

  /**
   * The read of the active picture for a reader thread (`ReadJob` 'active'), after the same
   * checks as `list`: the log's head first, then the principal's view of it, which the reader
   * applies with the shared access policy.
   */
  async activePictureJob(filter: IncidentFilter, by: Principal): Promise<ActivePictureJob> {
    this.scope(by, filter.exerciseId);
    const seq = await this.store.headSeq();
    return {
      kind: 'active',
      filter,
      seq,
      viewer: { principal: by, members: this.roster.of(filter.exerciseId) },
    };
  }

  /** Every event about an incident: its timeline, without its notes for one read only through a proposed link. */
  async timeline(id: string, by: Principal): Promise<MirsadEvent[]> {
    const incident = await this.getVisible(id, by);
    const events = await this.store.eventsAbout(id);
    if (mayReadNotes(by, incident, this.roster.of(incident.exerciseId))) return events;
    return events.filter((event) => event.type !== 'note.added');
  }

  /** The incident's notes, oldest first: 403 for one read only through a proposed link. */
  async notes(id: string, by: Principal): Promise<Note[]> {
    const incident = await this.getVisible(id, by);
    ensure(
      mayReadNotes(by, incident, this.roster.of(incident.exerciseId)),
      `the notes of incident ${id} are for its own sectors; you read it only as proposed to be the same as yours`,
    );
    const events = await this.store.eventsAbout(id);
    return events.flatMap((event) => (event.type === 'note.added' ? [event.data.note] : []));
  }

  /** Adds a line to an incident's live log; it does not change the incident's version. */
  addNote(id: string, text: string, by: Principal): Promise<Note> {
    return this.log.serialised(async () => {
      const incident = await this.getVisible(id, by);
      this.requireWork(by, incident);
      const at = this.now().toISOString();
      const note: Note = { id: orderedId(), incidentId: id, text, author: personOf(by), at };
      await this.log.commit({
        id: orderedId(),
        type: 'note.added',
        at,
        actor: note.author.actor,
        exerciseId: incident.exerciseId,
        sectors: incident.involvedSectors,
        data: { note },
      });
      return note;
    });
  }

  /** Asks another sector for help on an incident. */
  requestSupport(
    id: string,
    input: { toSector: SectorId; request: string; fromSector?: SectorId | undefined },
    by: Principal,
  ): Promise<SupportRequest> {
    return this.log.serialised(async () => {
      const incident = await this.getVisible(id, by);
      this.requireWork(by, incident);
      const fromSector =
        input.fromSector ??
        (by.role === 'commander'
          ? incident.sector
          : incident.involvedSectors.find((s) => by.sectors.includes(s)));
      if (!fromSector || (by.role !== 'commander' && !by.sectors.includes(fromSector))) {
        throw forbidden('you may ask for support only on behalf of a sector you work');
      }
      if (input.toSector === fromSector) {
        throw new HttpError(400, 'bad_request', 'invalid body: a sector cannot ask itself for support', [
          { path: 'body.toSector', message: 'must differ from the requesting sector' },
        ]);
      }
      const at = this.now().toISOString();
      const request: SupportRequest = {
        id: orderedId(),
        incidentId: id,
        fromSector,
        toSector: input.toSector,
        request: input.request,
        status: 'pending',
        requestedBy: personOf(by),
        requestedAt: at,
        answeredBy: null,
        answeredAt: null,
        answer: null,
        exerciseId: incident.exerciseId,
      };
      await this.log.commit({
        id: orderedId(),
        type: 'support.requested',
        at,
        actor: request.requestedBy.actor,
        exerciseId: incident.exerciseId,
        sectors: unique([...incident.involvedSectors, input.toSector]),
        data: { request },
      });
      return request;
    });
  }

  /** Accepts or declines a support request; an acceptance brings the helping sector into the incident. */
  answerSupport(
    requestId: string,
    isAccepted: boolean,
    answer: string | undefined,
    by: Principal,
  ): Promise<SupportRequest> {
    return this.log.serialised(async () => {
      const request = await this.store.getEntity<SupportRequest>('support', requestId);
      if (!request) throw notFound(`support request ${requestId}`);
      ensure(
        mayAnswerSupport(by, request, this.roster.of(request.exerciseId)),
        `only ${request.toSector} or a commander taking part in its log may answer this request`,
      );
      if (request.status !== 'pending') {
        throw new HttpError(
          409,
          'already_answered',
          `this request was already ${request.status}`,
          undefined,
          { current: request },
        );
      }
      const incident = await this.store.getIncident(request.incidentId);
      if (!incident) throw notFound(`incident ${request.incidentId}`);
      const at = this.now().toISOString();
      const answered: SupportRequest = {
        ...request,
        status: isAccepted ? 'accepted' : 'declined',
        answeredBy: personOf(by),
        answeredAt: at,
        answer: answer ?? null,
      };
      const joined =
        isAccepted && !incident.involvedSectors.includes(request.toSector)
          ? {
              ...incident,
              involvedSectors: [...incident.involvedSectors, request.toSector],
              version: incident.version + 1,
              updatedAt: at,
            }
          : null;
      await this.log.commit({
        id: orderedId(),
        type: 'support.answered',
        at,
        actor: personOf(by).actor,
        exerciseId: request.exerciseId,
        sectors: unique([...incident.involvedSectors, request.fromSector, request.toSector]),
        data: { request: answered, incident: joined },
      });
      return answered;
    });
  }

  /** Support requests the principal's sectors sent or received (live, or of one exercise), optionally of one status. */
  async supportRequests(
    by: Principal,
    status?: SupportRequest['status'],
    exerciseId: string | null = null,
  ): Promise<SupportRequest[]> {
    const all = await this.store.listEntities<SupportRequest>(
      'support',
      this.scope(by, exerciseId),
      status ? [status] : undefined,
    );
    return all.filter((request) => maySeeSupportRequest(by, request, this.roster.of(request.exerciseId)));
  }

  /** Link proposals between incidents the principal sees (live, or of one exercise). */
  async links(by: Principal, status?: Link['status'], exerciseId: string | null = null): Promise<Link[]> {
    const all = await this.store.listEntities<Link>(
      'link',
      this.scope(by, exerciseId),
      status ? [status] : undefined,
    );
    return all.filter((link) => maySeeLink(by, link, this.roster.of(link.exerciseId)));
  }

  private async pendingLink(
    linkId: string,
    by: Principal,
  ): Promise<{ link: Link; incidents: [Incident, Incident] }> {
    const link = await this.store.getEntity<Link>('link', linkId);
    if (!link) throw notFound(`link ${linkId}`);
    const [a, b] = await Promise.all(link.incidentIds.map((id) => this.store.getIncident(id)));
    if (!a || !b) throw notFound(`an incident of link ${linkId}`);
    ensure(
      mayDecideLink(by, link, [a, b], this.roster.of(link.exerciseId)),
      'only an officer of one of the linked sectors, or a commander, may decide on this link',
    );
    if (link.status !== 'proposed') {
      throw new HttpError(409, 'already_decided', `this link was already ${link.status}`, undefined, {
        current: link,
      });
    }
    return { link, incidents: [a, b] };
  }

  /** Confirms a link: one incident survives, keeping the other's report as a contribution; the other is cancelled. */
  merge(linkId: string, survivorId: string | undefined, by: Principal): Promise<Incident> {
    return this.log.serialised(async () => {
      const { link, incidents } = await this.pendingLink(linkId, by);
      const survivorBefore = incidents.find((i) => i.id === (survivorId ?? link.incidentIds[0]));
      const mergedBefore = incidents.find((i) => i !== survivorBefore);
      if (!survivorBefore || !mergedBefore) {
        throw new HttpError(
          400,
          'bad_request',
          'invalid body: survivorId must be one of the link’s incidents',
          [{ path: 'body.survivorId', message: 'not one of the linked incidents' }],
        );
      }
      const at = this.now().toISOString();
      const survivor: Incident = {
        ...survivorBefore,
        severity: Math.max(survivorBefore.severity, mergedBefore.severity),
        involvedSectors: unique([...survivorBefore.involvedSectors, ...mergedBefore.involvedSectors]),
        assignedUnitIds: unique([...survivorBefore.assignedUnitIds, ...mergedBefore.assignedUnitIds]),
        contributions: [
          ...survivorBefore.contributions,
          {
            incidentId: mergedBefore.id,
            sector: mergedBefore.sector,
            category: mergedBefore.category,
            title: mergedBefore.title,
            source: mergedBefore.source,
            externalRef: mergedBefore.externalRef,
            reportedAt: mergedBefore.reportedAt,
          },
          ...mergedBefore.contributions,
        ],
        version: survivorBefore.version + 1,
        updatedAt: at,
      };
      const merged: Incident = {
        ...mergedBefore,
        status: 'cancelled',
        mergedInto: survivor.id,
        // Whoever sees the incident it joined may open the report it was.
        involvedSectors: survivor.involvedSectors,
        assignedUnitIds: [],
        version: mergedBefore.version + 1,
        updatedAt: at,
      };
      const decided: Link = { ...link, status: 'merged', decidedBy: personOf(by), decidedAt: at };
      await this.log.commit({
        id: orderedId(),
        type: 'incident.merged',
        at,
        actor: personOf(by).actor,
        exerciseId: link.exerciseId,
        sectors: survivor.involvedSectors,
        data: { link: decided, survivor, merged },
      });
      return survivor;
    });
  }

  /** Dismisses a link: the reports stay apart. */
  dismiss(linkId: string, by: Principal): Promise<Link> {
    return this.log.serialised(async () => {
      const { link, incidents } = await this.pendingLink(linkId, by);
      const at = this.now().toISOString();
      const decided: Link = { ...link, status: 'dismissed', decidedBy: personOf(by), decidedAt: at };
      await this.log.commit({
        id: orderedId(),
        type: 'link.dismissed',
        at,
        actor: personOf(by).actor,
        exerciseId: link.exerciseId,
        sectors: unique(incidents.flatMap((i) => i.involvedSectors)),
        data: { link: decided },
      });
      return decided;
    });
  }
}
