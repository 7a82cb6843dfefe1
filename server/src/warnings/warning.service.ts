import { randomUUID } from 'node:crypto';
import {
  ACTIVE_WARNING_STATES,
  SECTOR_IDS,
  WARNING_AUTHOR_SECTOR,
  isWarningActive,
  mayApproveWarning,
  mayAuthorWarnings,
  mayReceiveCap,
  maySeeIncident,
  maySeeWarning,
  standingIn,
  warningStateAt,
  type NewWarning,
  type IncidentLocation,
  type NewIncident,
  type Principal,
  type SectorId,
  type Severity,
  type Warning,
  type WarningCancel,
  type WarningEventType,
  type WarningState,
  type WarningUpdate,
} from '@mirsad/shared';
import { ensure, forbidden, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { orderedId } from '../store/ordered-id.js';
import { nameUuid } from '../exercises/exercise.service.js';
import { personOf } from '../incidents/incident.service.js';
import { DEFAULT_CAP_IDENTITY, capTime, type CapIdentity } from './cap.write.js';
import type { ReceivedCap, ReceivedContent } from './cap.read.js';

/** How long a received warning without `expires` stays on the picture, ms: CAP leaves expiry optional. */
export const RECEIVED_DEFAULT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** CAP severity as the room's 1–5 scale. */
const SEVERITY_OF: Readonly<Record<Warning['severity'], Severity>> = {
  Extreme: 5,
  Severe: 4,
  Moderate: 3,
  Minor: 2,
  Unknown: 2,
};

/**
 * The incident a warning proposes: a major incident for the operations room to coordinate,
 * placed on the warning's area (its first polygon, or a circle's centre). Null when the warning
 * has no drawn area (governorates or codes only): the room then reports it by hand.
 */
export function incidentFromWarning(warning: Warning): NewIncident | null {
  const polygon = warning.area.polygons[0];
  const circle = warning.area.circles[0];
  const location: IncidentLocation | null = polygon
    ? { type: 'Polygon', coordinates: [polygon.coordinates[0] ?? []] }
    : circle
      ? { type: 'Point', coordinates: circle.center }
      : null;
  if (!location) return null;
  const info = warning.info.find((i) => i.language.toLowerCase().startsWith('en')) ?? warning.info[0];
  return {
    sector: 'operations',
    category: 'major-incident',
    severity: SEVERITY_OF[warning.severity],
    title: `${warning.senderName}: ${info?.headline ?? warning.event}`.slice(0, 200),
    description: `${info?.description ?? ''}\n\nCAP ${warning.msgType} ${warning.identifier}`.slice(0, 4000),
    location,
    source: 'cap',
    // One incident per warning, however often it is proposed.
    externalRef: warning.id,
  };
}

/** What an active list reads: drafts, and what is in force until it expires. */
const IN_FORCE_OR_DRAFT: readonly WarningState[] = ['draft', ...ACTIVE_WARNING_STATES];

/** What `POST /api/cap` did with a message. */
export type CapOutcome =
  { kind: 'stored'; warning: Warning; isNew: boolean } | { kind: 'ignored'; reason: string };

/**
 * Public warnings: drafted by commanders and officers of security media, released only by a
 * second person (a commander other than the author), updated and cancelled by new messages
 * that reference what they replace; and warnings received over CAP from other authorities.
 * Each warning is one CAP message; its state lives in the log as `warning.*` events.
 */
export class WarningService {
  constructor(
    private readonly log: EventLog,
    private readonly roster: ExerciseRoster,
    private readonly identity: CapIdentity = DEFAULT_CAP_IDENTITY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The warnings of a log the principal may see: drafts of their circle, issued and received ones; `active` leaves out what is no longer in force. */
  async list(by: Principal, exerciseId: string | null, scope: 'active' | 'all'): Promise<Warning[]> {
    const members = this.roster.of(exerciseId);
    ensure(standingIn(by, exerciseId, members) !== 'outside', `you are not in exercise ${exerciseId ?? ''}`);
    const now = this.now().getTime();
    return (await this.all(exerciseId, scope === 'active' ? IN_FORCE_OR_DRAFT : undefined))
      .map((warning) => this.asOf(warning, now))
      .filter((warning) => maySeeWarning(by, warning, members))
      .filter((warning) => scope === 'all' || warning.state === 'draft' || isWarningActive(warning, now))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** One warning, if the policy lets the principal see it (404 otherwise: a draft's existence is not told). */
  async get(id: string, by: Principal): Promise<Warning> {
    const warning = await this.log.store.getEntity<Warning>('warning', id);
    if (!warning || !maySeeWarning(by, warning, this.roster.of(warning.exerciseId)))
      throw notFound(`warning ${id}`);
    return this.asOf(warning, this.now().getTime());
  }

  /**
   * A warning for its CAP message: anyone (null: the public) an issued or received live one;
   * a draft or an exercise's only those the policy lets see it.
   */
  async message(id: string, by: Principal | null): Promise<Warning> {
    const warning = await this.log.store.getEntity<Warning>('warning', id);
    if (!warning || !this.mayRead(by, warning)) throw notFound(`warning ${id}`);
    return this.asOf(warning, this.now().getTime());
  }

  /** Whether a caller (null: the public) may read a warning: a live one once out, else as the policy says. */
  private mayRead(by: Principal | null, warning: Warning): boolean {
    if (warning.exerciseId === null && warning.state !== 'draft' && warning.state !== 'withdrawn')
      return true;
    return by !== null && maySeeWarning(by, warning, this.roster.of(warning.exerciseId));
  }

  /** The live warnings in force now, for the public page and the feed: issued, received, and cancels of them still fresh. */
  async publicWarnings(): Promise<Warning[]> {
    const now = this.now().getTime();
    return (await this.all(null, ACTIVE_WARNING_STATES))
      .map((warning) => this.asOf(warning, now))
      .filter((warning) => isWarningActive(warning, now))
      .sort((a, b) => (b.sent ?? '').localeCompare(a.sent ?? ''));
  }

  /** The live CAP messages a feed lists: those in force, and cancels whose cancelled warning would still be in force. */
  async feedWarnings(): Promise<Warning[]> {
    const now = this.now().getTime();
    return (await this.all(null, ACTIVE_WARNING_STATES))
      .map((warning) => this.asOf(warning, now))
      .filter(
        (warning) =>
          isWarningActive(warning, now) ||
          (warning.msgType === 'Cancel' &&
            (warning.state === 'issued' || warning.state === 'received') &&
            Date.parse(warning.expires) > now),
      )
      .sort((a, b) => (b.sent ?? '').localeCompare(a.sent ?? ''));
  }

  /** Drafts a new warning (CAP Alert). */
  async draft(input: NewWarning, by: Principal): Promise<Warning> {
    const exerciseId = input.exerciseId ?? null;
    this.requireAuthor(by, exerciseId);
    if (input.incidentId !== undefined) await this.requireIncident(input.incidentId, exerciseId, by);
    return this.log.serialised(async () => {
      const warning = this.authored(input, by, exerciseId, { msgType: 'Alert', replaces: null, note: null });
      await this.commit('warning.drafted', warning, [], by);
      return warning;
    });
  }

  /** Drafts a CAP Update of an issued warning: the whole new message, referencing the one it replaces. */
  async update(id: string, input: WarningUpdate, by: Principal): Promise<Warning> {
    return this.log.serialised(async () => {
      const current = await this.requireIssued(id, by, 'update');
      if (input.exerciseId !== undefined && input.exerciseId !== current.exerciseId)
        throw new HttpError(400, 'bad_request', 'invalid body: exerciseId: an update stays in its log', [
          { path: 'body.exerciseId', message: 'an update stays in the log of what it replaces' },
        ]);
      if (input.incidentId !== undefined)
        await this.requireIncident(input.incidentId, current.exerciseId, by);
      const warning = this.authored(
        { ...input, incidentId: input.incidentId ?? current.incidentId ?? undefined },
        by,
        current.exerciseId,
        { msgType: 'Update', replaces: current, note: input.note ?? null },
      );
      await this.commit('warning.drafted', warning, [], by);
      return warning;
    });
  }

  /**
   * Cancels: a draft is withdrawn at once (it never went out); an issued warning gets a CAP
   * Cancel draft, which goes out, like any message, only once a second person approves it.
   */
  async cancel(id: string, input: WarningCancel, by: Principal): Promise<Warning> {
    return this.log.serialised(async () => {
      const current = await this.log.store.getEntity<Warning>('warning', id);
      const members = current ? this.roster.of(current.exerciseId) : null;
      if (!current || !maySeeWarning(by, current, members)) throw notFound(`warning ${id}`);
      if (current.state === 'draft') {
        ensure(
          current.author.actor === personOf(by).actor || mayApproveWarning(by, current, members),
          'only its author or a commander who could approve it withdraws a draft',
        );
        const withdrawn: Warning = { ...this.touched(current), state: 'withdrawn', note: input.note ?? null };
        await this.commit('warning.withdrawn', withdrawn, [], by);
        return withdrawn;
      }
      const issued = await this.requireIssued(id, by, 'cancel');
      const at = this.now().toISOString();
      const cancel: Warning = {
        ...issued,
        id: orderedId(),
        state: 'draft',
        identifier: this.newIdentifier(),
        sent: null,
        msgType: 'Cancel',
        references: [this.referenceTo(issued)],
        note: input.note ?? null,
        // The public is told the danger is over; the rest of the message repeats what it cancels.
        responseType: ['AllClear'],
        replaces: issued.id,
        replacedBy: null,
        author: personOf(by),
        approvedBy: null,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await this.commit('warning.drafted', cancel, [], by);
      return cancel;
    });
  }

  /**
   * The two-person rule: a commander other than the author releases a draft. An Update or
   * Cancel then marks what it replaces `updated` or `cancelled`, in the same event.
   */
  async approve(id: string, by: Principal): Promise<Warning> {
    return this.log.serialised(async () => {
      const draft = await this.log.store.getEntity<Warning>('warning', id);
      const members = draft ? this.roster.of(draft.exerciseId) : null;
      if (!draft || !maySeeWarning(by, draft, members)) throw notFound(`warning ${id}`);
      if (draft.author.actor === personOf(by).actor)
        throw forbidden('two-person rule: a warning is approved by a commander other than its author');
      ensure(
        mayApproveWarning(by, { ...draft, state: 'draft' }, members),
        draft.exerciseId === null
          ? 'only a commander other than its author approves a warning'
          : `only whoever runs exercise ${draft.exerciseId} approves its warnings`,
      );
      if (draft.state !== 'draft')
        throw new HttpError(409, 'conflict', `warning ${id} is ${draft.state}, not a draft`);
      const nowMs = this.now().getTime();
      if (Date.parse(draft.expires) <= nowMs && draft.msgType !== 'Cancel')
        throw new HttpError(
          409,
          'expired',
          `warning ${id} expired before it was approved: draft an update with a later expiry`,
        );
      const replaced: Warning[] = [];
      if (draft.replaces !== null) {
        const previous = await this.log.store.getEntity<Warning>('warning', draft.replaces);
        if (!previous || this.asOf(previous, nowMs).state !== 'issued')
          throw new HttpError(
            409,
            'conflict',
            `warning ${draft.replaces}, which this ${draft.msgType.toLowerCase()} replaces, is no longer issued`,
          );
        replaced.push({
          ...this.touched(previous),
          state: draft.msgType === 'Cancel' ? 'cancelled' : 'updated',
          replacedBy: draft.id,
        });
      }
      const at = this.now().toISOString();
      const issued: Warning = { ...this.touched(draft), state: 'issued', sent: at, approvedBy: personOf(by) };
      await this.commit('warning.issued', issued, replaced, by);
      return issued;
    });
  }

  /**
   * Takes in a CAP message from another authority (or an exercise's inject). An Update or
   * Cancel acts on the warnings of the same sender it references; a message already taken in
   * (same sender, identifier and sent) is answered with what it became, once.
   */
  async receive(cap: ReceivedCap, by: Principal, exerciseId: string | null): Promise<CapOutcome> {
    this.requireCapSender(by, exerciseId);
    if (exerciseId === null && by.source?.toLowerCase() !== cap.sender.toLowerCase())
      throw forbidden(`this key sends as ${by.source ?? 'nobody'}, not as ${cap.sender}`);
    const accepted = exerciseId === null ? ['Actual'] : ['Actual', 'Exercise'];
    if (!accepted.includes(cap.status))
      return {
        kind: 'ignored',
        reason: `status ${cap.status} is not taken into the ${exerciseId === null ? 'live picture' : 'exercise'}`,
      };
    if (cap.msgType === 'Ack' || cap.msgType === 'Error')
      return { kind: 'ignored', reason: `msgType ${cap.msgType} carries no warning` };
    return this.log.serialised(async (): Promise<CapOutcome> => {
      // A received message's id is made from its log, sender and identifier: the same message
      // again, and the messages an Update or Cancel references, are found by id, not by a scan.
      const idOf = (sender: string, identifier: string): string =>
        nameUuid(`cap:${exerciseId ?? 'live'}:${sender}:${identifier}`);
      const same = await this.log.store.getEntity<Warning>('warning', idOf(cap.sender, cap.identifier));
      if (same) return { kind: 'stored', warning: same, isNew: false } as const;
      const nowMs = this.now().getTime();
      const at = this.now().toISOString();
      const referenced: Warning[] = [];
      // Only the sender's own messages: an authority updates or cancels nobody else's.
      for (const reference of cap.references.filter((r) => r.sender === cap.sender)) {
        const found = await this.log.store.getEntity<Warning>(
          'warning',
          idOf(reference.sender, reference.identifier),
        );
        if (found && !referenced.some((w) => w.id === found.id)) referenced.push(found);
      }
      const id = idOf(cap.sender, cap.identifier);
      const replaced = referenced
        .filter((w) => this.asOf(w, nowMs).state === 'received')
        .map((w): Warning => ({
          ...this.touched(w),
          state: cap.msgType === 'Cancel' ? 'cancelled' : 'updated',
          replacedBy: id,
        }));
      // A Cancel may carry no info: it then repeats what it cancels.
      const previous = referenced[0];
      const content: ReceivedContent | null =
        cap.content ?? (previous ? { ...previous, senderName: previous.senderName } : null);
      if (!content)
        return { kind: 'ignored', reason: `a ${cap.msgType} without info of nothing taken in` } as const;
      const sentMs = Date.parse(cap.sent);
      const warning: Warning = {
        id,
        origin: 'received',
        state: 'received',
        identifier: cap.identifier,
        sender: cap.sender,
        senderName: content.senderName ?? cap.sender,
        sent: new Date(sentMs).toISOString(),
        status: cap.status,
        msgType: cap.msgType,
        scope: cap.scope,
        references: cap.references,
        note: cap.note,
        event: content.event,
        category: content.category,
        responseType: content.responseType,
        urgency: content.urgency,
        severity: content.severity,
        certainty: content.certainty,
        onset: content.onset,
        expires: content.expires ?? new Date(sentMs + RECEIVED_DEFAULT_LIFETIME_MS).toISOString(),
        info: content.info,
        area: content.area,
        incidentId: null,
        replaces: referenced[0]?.id ?? null,
        replacedBy: null,
        author: personOf(by),
        approvedBy: null,
        createdAt: at,
        updatedAt: at,
        version: 1,
        exerciseId,
      };
      await this.commit('warning.received', warning, replaced, by);
      return { kind: 'stored', warning, isNew: true } as const;
    });
  }

  /** Refuses, before any reading, a caller who may not send CAP into this log. */
  requireCapSender(by: Principal, exerciseId: string | null): void {
    if (exerciseId !== null) this.roster.require(exerciseId);
    ensure(
      mayReceiveCap(by, exerciseId, this.roster.of(exerciseId)),
      exerciseId === null
        ? 'only an alerting authority’s key sends CAP into the live picture'
        : `only whoever runs exercise ${exerciseId} injects CAP into it`,
    );
  }

  /** The warnings of a log, of some states only (read through the store's status column) when given. */
  private async all(exerciseId: string | null, states?: readonly WarningState[]): Promise<Warning[]> {
    return this.log.store.listEntities<Warning>('warning', exerciseId, states);
  }

  /** The warning with its state at `now`: an issued or received one past its expiry reads `expired`. */
  private asOf(warning: Warning, now: number): Warning {
    const state = warningStateAt(warning, now);
    return state === warning.state ? warning : { ...warning, state };
  }

  private touched(warning: Warning): Warning {
    return { ...warning, version: warning.version + 1, updatedAt: this.now().toISOString() };
  }

  private requireAuthor(by: Principal, exerciseId: string | null): void {
    if (exerciseId !== null) this.roster.require(exerciseId);
    ensure(
      mayAuthorWarnings(by, exerciseId, this.roster.of(exerciseId)),
      exerciseId === null
        ? `only commanders and officers of ${WARNING_AUTHOR_SECTOR} write public warnings`
        : `only commanders and officers of ${WARNING_AUTHOR_SECTOR} taking part in exercise ${exerciseId} write its warnings`,
    );
  }

  private async requireIssued(id: string, by: Principal, what: 'update' | 'cancel'): Promise<Warning> {
    const current = await this.log.store.getEntity<Warning>('warning', id);
    if (!current || !maySeeWarning(by, current, this.roster.of(current.exerciseId)))
      throw notFound(`warning ${id}`);
    this.requireAuthor(by, current.exerciseId);
    const state = this.asOf(current, this.now().getTime()).state;
    if (current.origin !== 'authored')
      throw new HttpError(
        409,
        'conflict',
        `warning ${id} came from ${current.senderName}: only its sender may ${what} it`,
      );
    if (current.msgType === 'Cancel')
      throw new HttpError(409, 'conflict', `warning ${id} is itself a cancel`);
    if (state !== 'issued')
      throw new HttpError(
        409,
        'conflict',
        `warning ${id} is ${state}: only an issued warning can be ${what === 'update' ? 'updated' : 'cancelled'}`,
      );
    const pending = (await this.all(current.exerciseId, ['draft'])).find((w) => w.replaces === id);
    if (pending)
      throw new HttpError(
        409,
        'conflict',
        `a ${pending.msgType.toLowerCase()} of warning ${id} already waits for approval (${pending.id}): withdraw it first`,
      );
    return current;
  }

  private async requireIncident(incidentId: string, exerciseId: string | null, by: Principal): Promise<void> {
    const incident = await this.log.store.getIncident(incidentId);
    if (!incident || !maySeeIncident(by, incident, this.roster.of(incident.exerciseId)))
      throw new HttpError(
        400,
        'bad_request',
        `invalid body: incidentId: no incident ${incidentId} you can see`,
        [{ path: 'body.incidentId', message: 'no such incident you can see' }],
      );
    if (incident.exerciseId !== exerciseId)
      throw new HttpError(400, 'bad_request', 'invalid body: incidentId: the incident is of another log', [
        { path: 'body.incidentId', message: 'the incident belongs to another log (live or exercise)' },
      ]);
  }

  private newIdentifier(): string {
    // The sender's own namespace keeps identifiers unique across authorities; a uuid within it.
    return `${this.identity.sender.replace(/[^A-Za-z0-9.-]/g, '.')}.${randomUUID()}`;
  }

  private referenceTo(warning: Warning): Warning['references'][number] {
    if (warning.sent === null) throw new Error(`warning ${warning.id} was never sent`);
    return { sender: warning.sender, identifier: warning.identifier, sent: capTime(warning.sent) };
  }

  private authored(
    input: NewWarning,
    by: Principal,
    exerciseId: string | null,
    kind: { msgType: 'Alert' | 'Update'; replaces: Warning | null; note: string | null },
  ): Warning {
    const at = this.now().toISOString();
    // Arabic first, English second, then the residents' languages in the order given.
    const rank = (language: string): number => {
      const l = language.toLowerCase();
      return l === 'ar' || l.startsWith('ar-') ? 0 : l === 'en' || l.startsWith('en-') ? 1 : 2;
    };
    return {
      id: orderedId(),
      origin: 'authored',
      state: 'draft',
      identifier: this.newIdentifier(),
      sender: this.identity.sender,
      senderName: input.senderName ?? this.identity.senderName,
      sent: null,
      status: exerciseId === null ? 'Actual' : 'Exercise',
      msgType: kind.msgType,
      scope: 'Public',
      references: kind.replaces ? [this.referenceTo(kind.replaces)] : [],
      note: kind.note,
      event: input.event,
      category: [input.category],
      responseType: input.responseType ? [input.responseType] : [],
      urgency: input.urgency,
      severity: input.severity,
      certainty: input.certainty,
      onset: input.onset ? new Date(input.onset).toISOString() : null,
      expires: new Date(input.expires).toISOString(),
      info: [...input.info].sort((a, b) => rank(a.language) - rank(b.language)),
      area: {
        description: input.area.description,
        polygons: input.area.polygon ? [input.area.polygon] : [],
        circles: input.area.circle ? [input.area.circle] : [],
        governorates: input.area.governorates ?? [],
        geocodes: [],
      },
      incidentId: input.incidentId ?? null,
      replaces: kind.replaces?.id ?? null,
      replacedBy: null,
      author: personOf(by),
      approvedBy: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
      exerciseId,
    };
  }

  private async commit(
    type: WarningEventType,
    warning: Warning,
    replaced: Warning[],
    by: Principal,
  ): Promise<void> {
    // Drafts reach the rooms of their authors' circle (security media; commanders see every
    // room); what is public reaches every sector's room, as the shelter board does.
    const sectors: SectorId[] =
      type === 'warning.drafted' || type === 'warning.withdrawn' ? [WARNING_AUTHOR_SECTOR] : [...SECTOR_IDS];
    await this.log.commit({
      id: orderedId(),
      type,
      at: this.now().toISOString(),
      actor: personOf(by).actor,
      exerciseId: warning.exerciseId,
      sectors,
      data: { warning, replaced },
    });
  }
}
