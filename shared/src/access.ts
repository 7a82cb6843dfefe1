import { isSendingKey, ROLES, seesAllSectors, type Principal, type Role } from './auth.js';
import { type MirsadEvent } from './event.js';
import { type Exercise } from './exercise.js';
import { type Incident } from './incident.js';
import { type PatrolArea } from './patrol.js';
import { JOINT_ROOM, sectorRoom } from './protocol.js';
import { LIVE_REVIEW_ROLES } from './review.js';
import { type Pattern } from './pattern.js';
import { type Link, type Shelter, type SupportRequest } from './room.js';
import { type SectorId } from './sectors.js';
import { type Sensor } from './sensor.js';
import { type Unit } from './unit.js';
import { type Warning } from './warning.js';

// The one access policy. The server asks it before every read and write, and the web app asks
// it before offering a button, so the screen never offers what the server would refuse. It is
// pure: who takes part in an exercise is passed in (the server reads it from its exercises, the
// web from the exercise it shows), never looked up here.

/** Who takes part in an exercise: what the policy decides an exercise's things from. */
export type ExerciseMembers = Pick<Exercise, 'id' | 'trainer' | 'trainees'>;

/**
 * How a principal stands toward a log: `live` for the real world, `runs` for whoever directs an
 * exercise (its trainer, commanders), `trainee` for its trainees, `outside` for everyone else.
 */
export type Standing = 'live' | 'runs' | 'trainee' | 'outside';

/**
 * How a principal stands toward the log of `exerciseId` (null: the live one), given the members
 * of that exercise (null when it is unknown: nobody is in an exercise that does not exist).
 */
export function standingIn(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): Standing {
  if (exerciseId === null) return 'live';
  if (members?.id !== exerciseId || principal.kind !== 'user') return 'outside';
  if (principal.role === 'commander' || members.trainer === principal.id) return 'runs';
  return members.trainees.includes(principal.id) ? 'trainee' : 'outside';
}

/** Whether a principal takes part in an exercise: its trainer, a trainee, or a commander. */
export function isInExercise(principal: Principal, members: ExerciseMembers | null): boolean {
  return members !== null && standingIn(principal, members.id, members) !== 'outside';
}

/**
 * The sectors a principal sees of a log: null for every sector, [] for none. Live: commanders,
 * admins and whole-room displays all, trainers none, the rest their own. In an exercise: whoever
 * runs it all, trainees as in the live room, outsiders none.
 */
export function sectorsInView(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): readonly SectorId[] | null {
  switch (standingIn(principal, exerciseId, members)) {
    case 'outside':
      return [];
    case 'runs':
      return null;
    case 'trainee':
    case 'live':
      // An archive key loads history and reads nothing of the picture, whatever its sectors.
      if (principal.role === 'archive') return [];
      if (exerciseId === null && principal.role === 'trainer') return [];
      return seesAllSectors(principal) ? null : principal.sectors;
  }
}

const meets = (view: readonly SectorId[] | null, sectors: readonly SectorId[]): boolean =>
  view === null || sectors.some((sector) => view.includes(sector));

/** Whether a principal may read an incident: its involved sectors are in view; a reporting key its own reports. */
export function maySeeIncident(
  principal: Principal,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors' | 'source'>,
  members: ExerciseMembers | null,
): boolean {
  if (principal.role === 'reporter')
    return incident.exerciseId === null && incident.source === principal.source;
  return meets(sectorsInView(principal, incident.exerciseId, members), incident.involvedSectors);
}

/**
 * Whether a principal may read an incident's report, timeline and notes: one they see, or one
 * proposed (`linked`: the other reports of its proposed links) as the same as one they see, so
 * that an officer deciding on a merge can read the other sector's report.
 */
export function mayReadIncident(
  principal: Principal,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors' | 'source'>,
  linked: readonly Pick<Incident, 'exerciseId' | 'involvedSectors' | 'source'>[],
  members: ExerciseMembers | null,
): boolean {
  return [incident, ...linked].some(
    (other) => other.exerciseId === incident.exerciseId && maySeeIncident(principal, other, members),
  );
}

/** Whether a principal may work an incident (change it, add notes, ask for support, send units): commanders any, officers their sectors'. */
export function mayWorkIncident(
  principal: Principal,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors'>,
  members: ExerciseMembers | null,
): boolean {
  if (standingIn(principal, incident.exerciseId, members) === 'outside') return false;
  if (principal.role === 'commander') return true;
  return principal.role === 'officer' && meets(principal.sectors, incident.involvedSectors);
}

/** Whether a principal may report an incident of a sector: commanders any, officers theirs, keys their bound sectors (all when unbound). */
export function mayReportFor(principal: Principal, sector: SectorId): boolean {
  switch (principal.role) {
    case 'commander':
      return true;
    case 'officer':
      return principal.sectors.includes(sector);
    case 'reporter':
      return principal.sectors.length === 0 || principal.sectors.includes(sector);
    case 'trainer':
    case 'admin':
    case 'display':
    case 'archive':
    case 'alerting-authority':
      return false;
  }
}

/** Whether a principal may see a unit: its sector is in view. */
export function maySeeUnit(
  principal: Principal,
  unit: Pick<Unit, 'exerciseId' | 'sector'>,
  members: ExerciseMembers | null,
): boolean {
  return meets(sectorsInView(principal, unit.exerciseId, members), [unit.sector]);
}

/** Whether a principal may change a unit's own status: commanders any, officers their sectors'. */
export function mayCommandUnit(
  principal: Principal,
  unit: Pick<Unit, 'exerciseId' | 'sector'>,
  members: ExerciseMembers | null,
): boolean {
  if (standingIn(principal, unit.exerciseId, members) === 'outside') return false;
  if (principal.role === 'commander') return true;
  return principal.role === 'officer' && principal.sectors.includes(unit.sector);
}

/**
 * Whether a principal may send a unit to an incident: they work the incident, both are of the
 * same log, and the unit is theirs or of a sector in the incident (a commander: any).
 */
export function mayAssignUnit(
  principal: Principal,
  unit: Pick<Unit, 'exerciseId' | 'sector'>,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors'>,
  members: ExerciseMembers | null,
): boolean {
  if (unit.exerciseId !== incident.exerciseId || !mayWorkIncident(principal, incident, members)) return false;
  return (
    principal.role === 'commander' ||
    principal.sectors.includes(unit.sector) ||
    incident.involvedSectors.includes(unit.sector)
  );
}

/** Whether a principal may release a unit from an incident: whoever works the incident. */
export function mayReleaseUnit(
  principal: Principal,
  unit: Pick<Unit, 'exerciseId'>,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors'>,
  members: ExerciseMembers | null,
): boolean {
  return unit.exerciseId === incident.exerciseId && mayWorkIncident(principal, incident, members);
}

/**
 * Whether a principal may report a unit's position: a tracker's key bound to the unit's sector,
 * or a commander's console; only for live units (an exercise's units move by its scenario).
 */
export function mayMoveUnit(principal: Principal, unit: Pick<Unit, 'exerciseId' | 'sector'>): boolean {
  if (unit.exerciseId !== null) return false;
  if (principal.role === 'commander') return true;
  return principal.role === 'reporter' && principal.sectors.includes(unit.sector);
}

/** Whether a principal may see a sensor, its drone's telemetry and its stats: its sector is in view (a reporting key: its own sensors). */
export function maySeeSensor(
  principal: Principal,
  sensor: Pick<Sensor, 'exerciseId' | 'sector' | 'source'>,
  members: ExerciseMembers | null,
): boolean {
  if (principal.role === 'reporter') return sensor.exerciseId === null && sensor.source === principal.source;
  return meets(sectorsInView(principal, sensor.exerciseId, members), [sensor.sector]);
}

/**
 * Whether a principal may register a sensor (or change its registration) in a log: live,
 * commanders and administrators; in an exercise, whoever runs it (its trainer, commanders).
 */
export function mayRegisterSensor(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): boolean {
  if (principal.kind !== 'user') return false;
  if (exerciseId === null) return principal.role === 'commander' || principal.role === 'admin';
  return standingIn(principal, exerciseId, members) === 'runs';
}

/**
 * Whether a principal may post a sensor's payloads over HTTP: a reporting key whose source is
 * the sensor's and which is bound to the sensor's sector; live sensors only (an exercise's
 * sensors are fed by its simulator through MQTT).
 */
export function mayFeedSensor(
  principal: Principal,
  sensor: Pick<Sensor, 'exerciseId' | 'sector' | 'source'>,
): boolean {
  return (
    sensor.exerciseId === null &&
    principal.kind === 'key' &&
    principal.role === 'reporter' &&
    principal.source === sensor.source &&
    principal.sectors.includes(sensor.sector)
  );
}

/** Whether a principal may see a shelter: the board is the whole room's, but not a trainer's or a reporting system's, nor an outsider's to an exercise. */
export function maySeeShelter(
  principal: Principal,
  shelter: Pick<Shelter, 'exerciseId'>,
  members: ExerciseMembers | null,
): boolean {
  const standing = standingIn(principal, shelter.exerciseId, members);
  if (standing === 'live')
    return principal.role !== 'trainer' && !isSendingKey(principal) && principal.role !== 'archive';
  return standing !== 'outside';
}

/** Whether a principal may open, fill or close shelters of a log: officers and commanders who are in it. */
export function mayRunShelters(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): boolean {
  if (standingIn(principal, exerciseId, members) === 'outside') return false;
  return principal.role === 'officer' || principal.role === 'commander';
}

/** Whether a principal may see a support request: either of its sectors is in view. */
export function maySeeSupportRequest(
  principal: Principal,
  request: Pick<SupportRequest, 'exerciseId' | 'fromSector' | 'toSector'>,
  members: ExerciseMembers | null,
): boolean {
  if (principal.role === 'reporter') return false;
  return meets(sectorsInView(principal, request.exerciseId, members), [request.fromSector, request.toSector]);
}

/** Whether a principal may answer a support request: an officer of the asked sector, or a commander, in its log. */
export function mayAnswerSupport(
  principal: Principal,
  request: Pick<SupportRequest, 'exerciseId' | 'toSector'>,
  members: ExerciseMembers | null,
): boolean {
  if (standingIn(principal, request.exerciseId, members) === 'outside') return false;
  if (principal.role === 'commander') return true;
  return principal.role === 'officer' && principal.sectors.includes(request.toSector);
}

/** Whether a principal may see a proposed link: either linked sector is in view. */
export function maySeeLink(
  principal: Principal,
  link: Pick<Link, 'exerciseId' | 'sectors'>,
  members: ExerciseMembers | null,
): boolean {
  if (principal.role === 'reporter') return false;
  return meets(sectorsInView(principal, link.exerciseId, members), link.sectors);
}

/** Whether a principal may merge or dismiss a link: a commander, or an officer who sees either report, in its log. */
export function mayDecideLink(
  principal: Principal,
  link: Pick<Link, 'exerciseId'>,
  incidents: readonly Pick<Incident, 'exerciseId' | 'involvedSectors' | 'source'>[],
  members: ExerciseMembers | null,
): boolean {
  if (standingIn(principal, link.exerciseId, members) === 'outside') return false;
  if (principal.role === 'commander') return true;
  return (
    principal.role === 'officer' && incidents.some((incident) => maySeeIncident(principal, incident, members))
  );
}

/** Whether a principal may see a patrol area: its sector is in view (a reporting system never). */
export function maySeePatrol(
  principal: Principal,
  patrol: Pick<PatrolArea, 'exerciseId' | 'sector'>,
  members: ExerciseMembers | null,
): boolean {
  if (principal.role === 'reporter') return false;
  return meets(sectorsInView(principal, patrol.exerciseId, members), [patrol.sector]);
}

/** Whether a principal may define, redraw or stand down patrol areas of a log: commanders in it. */
export function mayPlanPatrols(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): boolean {
  return principal.role === 'commander' && standingIn(principal, exerciseId, members) !== 'outside';
}

/**
 * Whether a principal may put units on a patrol area (or take them off): a commander any, an
 * officer of the area's sector the units of their sectors. Units and area share one log; an
 * area stood down takes no units. `units` are those added or removed.
 */
export function mayAssignPatrol(
  principal: Principal,
  patrol: Pick<PatrolArea, 'exerciseId' | 'sector' | 'status'>,
  units: readonly Pick<Unit, 'exerciseId' | 'sector'>[],
  members: ExerciseMembers | null,
): boolean {
  if (standingIn(principal, patrol.exerciseId, members) === 'outside') return false;
  if (units.some((unit) => unit.exerciseId !== patrol.exerciseId)) return false;
  if (principal.role === 'commander') return true;
  return (
    principal.role === 'officer' &&
    principal.sectors.includes(patrol.sector) &&
    units.every((unit) => principal.sectors.includes(unit.sector))
  );
}

/** Whether a principal may see an exercise, its overlays and its units: those taking part in it. */
export function maySeeExercise(principal: Principal, exercise: ExerciseMembers): boolean {
  return isInExercise(principal, exercise);
}

/** Whether a principal may control an exercise, inject, read its scenario and debrief: its trainer, or a commander. */
export function mayRunExercise(principal: Principal, exercise: ExerciseMembers): boolean {
  return standingIn(principal, exercise.id, exercise) === 'runs';
}

/** Whether a principal may review a log (picture at a moment, summary, steps, export): commanders and admins any, those taking part their exercise. */
export function mayReview(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): boolean {
  if (principal.kind === 'user' && (LIVE_REVIEW_ROLES as readonly Role[]).includes(principal.role))
    return true;
  return exerciseId !== null && standingIn(principal, exerciseId, members) !== 'outside';
}

/**
 * The sectors a principal reviews of a log (its picture at a moment, summary, export): null
 * for all of it. Commanders, admins and an exercise's trainer review the whole log; a trainee
 * reviews the exercise as they worked it, their own sectors, as a ministry's debrief goes
 * sector by sector and the room never showed them the others. Whether they may review at all
 * is `mayReview`.
 */
export function reviewSectorsOf(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): readonly SectorId[] | null {
  return standingIn(principal, exerciseId, members) === 'trainee'
    ? sectorsInView(principal, exerciseId, members)
    : null;
}

/**
 * Whether a principal may read an incident's notes: only one they see. A report they read
 * only because it is proposed as the same as theirs (`mayReadIncident`) shows its report and
 * its moves, which a merge decision needs, not the other sector's working notes.
 */
export function mayReadNotes(
  principal: Principal,
  incident: Pick<Incident, 'exerciseId' | 'involvedSectors' | 'source'>,
  members: ExerciseMembers | null,
): boolean {
  return maySeeIncident(principal, incident, members);
}

/** Whether a principal may see a detected pattern (a crime series): its sectors are in view; never a key that reports or loads history. */
export function maySeePattern(
  principal: Principal,
  pattern: Pick<Pattern, 'exerciseId' | 'sectors'>,
  members: ExerciseMembers | null,
): boolean {
  if (isSendingKey(principal) || principal.role === 'archive') return false;
  return meets(sectorsInView(principal, pattern.exerciseId, members), pattern.sectors);
}

/**
 * The sectors whose analysis (clusters, near repeats, hot spots, forecast) of a log a principal
 * may read: those they see (null: all, []: none); keys that report or load history none.
 */
export function patternSectorsInView(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): readonly SectorId[] | null {
  if (isSendingKey(principal) || principal.role === 'archive') return [];
  return sectorsInView(principal, exerciseId, members);
}

/** Whether a principal may acknowledge a pattern's alert: an officer of one of its sectors, or a commander, in its log. */
export function mayAcknowledgePattern(
  principal: Principal,
  pattern: Pick<Pattern, 'exerciseId' | 'sectors'>,
  members: ExerciseMembers | null,
): boolean {
  if (standingIn(principal, pattern.exerciseId, members) === 'outside') return false;
  if (principal.role === 'commander') return true;
  return principal.role === 'officer' && meets(principal.sectors, pattern.sectors);
}

/** The sector whose officers author public warnings beside the commanders. */
export const WARNING_AUTHOR_SECTOR: SectorId = 'security-media';

/** Whether a principal may draft, update or cancel warnings of a log: commanders, and officers of security media, who are in it. */
export function mayAuthorWarnings(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): boolean {
  if (principal.kind !== 'user' || standingIn(principal, exerciseId, members) === 'outside') return false;
  if (principal.role === 'commander') return true;
  return principal.role === 'officer' && principal.sectors.includes(WARNING_AUTHOR_SECTOR);
}

/**
 * The two-person rule: whether a principal may release a draft to the public. A commander
 * other than its author (in an exercise, whoever runs it: its trainer plays the commander).
 */
export function mayApproveWarning(
  principal: Principal,
  warning: Pick<Warning, 'state' | 'author' | 'exerciseId'>,
  members: ExerciseMembers | null,
): boolean {
  if (warning.state !== 'draft' || principal.kind !== 'user') return false;
  if (warning.author.actor === `user:${principal.id}`) return false;
  const standing = standingIn(principal, warning.exerciseId, members);
  return standing === 'live' ? principal.role === 'commander' : standing === 'runs';
}

/** Whether a principal may see a warning: drafts its authors' circle; issued and received ones everyone of the room (not trainers live, nor sending keys). */
export function maySeeWarning(
  principal: Principal,
  warning: Pick<Warning, 'state' | 'author' | 'exerciseId'>,
  members: ExerciseMembers | null,
): boolean {
  const standing = standingIn(principal, warning.exerciseId, members);
  if (standing === 'outside' || isSendingKey(principal) || principal.role === 'archive') return false;
  if (warning.state === 'draft' || warning.state === 'withdrawn')
    return (
      mayAuthorWarnings(principal, warning.exerciseId, members) ||
      mayApproveWarning(principal, { ...warning, state: 'draft' }, members) ||
      warning.author.actor === `user:${principal.id}`
    );
  return standing !== 'live' || principal.role !== 'trainer';
}

/**
 * Whether a principal may send CAP into a log: live, an alerting authority's key; into an
 * exercise (its injects), whoever runs it.
 */
export function mayReceiveCap(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
): boolean {
  if (exerciseId === null) return principal.kind === 'key' && principal.role === 'alerting-authority';
  return standingIn(principal, exerciseId, members) === 'runs';
}

/** What a connection or a reader of the log follows: one log (live or an exercise), every sector (null) or some. */
export interface Feed {
  exerciseId: string | null;
  sectors: readonly SectorId[] | null;
}

/**
 * The feed a principal may follow of a log, narrowed to `requested` sectors if given, or why
 * not. The socket's rooms and `GET /api/events` both come from here, so they cannot disagree.
 */
export function feedOf(
  principal: Principal,
  exerciseId: string | null,
  members: ExerciseMembers | null,
  requested?: readonly SectorId[],
): Feed | { refused: string } {
  if (isSendingKey(principal)) return { refused: 'a sending key does not follow the log' };
  if (principal.role === 'archive') return { refused: 'an archive key does not follow the log' };
  if (standingIn(principal, exerciseId, members) === 'outside')
    return { refused: `you are not in exercise ${exerciseId ?? ''}` };
  const view = sectorsInView(principal, exerciseId, members);
  if (view !== null && view.length === 0)
    return { refused: `a ${principal.role} has no sectors to follow in the live picture` };
  const outside = requested?.filter((sector) => view !== null && !view.includes(sector)) ?? [];
  if (outside.length > 0) return { refused: `you may not follow ${outside.join(', ')}` };
  return { exerciseId, sectors: requested ?? view };
}

/** Whether an event belongs to a feed: the same log, and a sector the feed follows. */
export function isInFeed(event: Pick<MirsadEvent, 'exerciseId' | 'sectors'>, feed: Feed): boolean {
  return event.exerciseId === feed.exerciseId && meets(feed.sectors, event.sectors);
}

/** Whether a principal may receive an event of the log, over REST or a socket. */
export function maySeeEvent(
  principal: Principal,
  event: Pick<MirsadEvent, 'exerciseId' | 'sectors'>,
  members: ExerciseMembers | null,
): boolean {
  const feed = feedOf(principal, event.exerciseId, members);
  return !('refused' in feed) && isInFeed(event, feed);
}

/** The socket room of one exercise; its rooms are `exercise:<id>:joint`, `exercise:<id>:sector:<id>`. */
export const exerciseRoom = (exerciseId: string): string => `exercise:${exerciseId}`;

const roomPrefix = (exerciseId: string | null): string =>
  exerciseId === null ? '' : `${exerciseRoom(exerciseId)}:`;

/** The rooms an event is broadcast to: its log's joint room and each of its sectors' rooms. */
export function roomsOfEvent(event: Pick<MirsadEvent, 'exerciseId' | 'sectors'>): string[] {
  const prefix = roomPrefix(event.exerciseId);
  return [`${prefix}${JOINT_ROOM}`, ...event.sectors.map((sector) => `${prefix}${sectorRoom(sector)}`)];
}

/** The rooms a feed's socket joins: they meet an event's rooms exactly when `isInFeed` holds. */
export function roomsOfFeed(feed: Feed): string[] {
  const prefix = roomPrefix(feed.exerciseId);
  return feed.sectors === null
    ? [`${prefix}${JOINT_ROOM}`]
    : feed.sectors.map((sector) => `${prefix}${sectorRoom(sector)}`);
}

/**
 * The gate each API route and socket event declares: who may call it at all. The handler then
 * asks the functions above about the thing itself (an incident, a unit, an exercise).
 */
export const ACCESS_RULES = {
  public: { roles: null, means: 'anyone, signed in or not' },
  'signed-in': { roles: ROLES, means: 'anyone signed in or with a key' },
  read: {
    roles: ROLES,
    means: 'anyone signed in; each thing answered only if the policy lets them see it',
  },
  report: { roles: ['officer', 'commander', 'reporter'], means: 'report incidents for their sectors' },
  work: { roles: ['officer', 'commander'], means: 'work incidents, units and shelters of their sectors' },
  answer: { roles: ['officer', 'commander'], means: 'answer support requests addressed to their sectors' },
  'move-units': { roles: ['reporter', 'commander'], means: 'report positions of their sectors’ units' },
  'register-units': { roles: ['commander', 'admin'], means: 'add units to the fleet' },
  'plan-patrols': { roles: ['commander'], means: 'define, redraw and stand down patrol areas' },
  'register-sensors': {
    roles: ['commander', 'admin', 'trainer'],
    means: 'register drones and thermal cameras (trainers: in exercises they run)',
  },
  'watch-sensors': {
    roles: ['commander', 'admin'],
    means: 'read what the sensor and TAK ingest took, dropped and why',
  },
  'feed-sensors': {
    roles: ['reporter'],
    means: 'post the telemetry and detections of sensors bound to their key’s source and sector',
  },
  'follow-log': {
    roles: ['officer', 'commander', 'admin', 'display', 'trainer'],
    means: 'follow the log and its figures: the sectors they see, of the live picture or their exercise',
  },
  review: {
    roles: ['commander', 'admin', 'trainer', 'officer'],
    means: 'review the live log (commanders, admins) or an exercise they take part in',
  },
  import: { roles: ['admin'], means: 'load an export into an empty instance' },
  'run-exercises': { roles: ['trainer', 'commander'], means: 'create and run exercises' },
  'choose-trainees': { roles: ['trainer', 'commander', 'admin'], means: 'list who can train' },
  'manage-accounts': { roles: ['admin'], means: 'manage accounts and API keys' },
  'read-audit': { roles: ['commander', 'admin'], means: 'read the audit trail' },
  'read-patterns': {
    roles: ['officer', 'commander', 'admin', 'display', 'trainer'],
    means: 'read the pattern analysis (series, near repeats, hot spots, forecast) of the sectors they see',
  },
  'acknowledge-patterns': {
    roles: ['officer', 'commander'],
    means: 'acknowledge a detected series of their sectors',
  },
  'load-history': { roles: ['admin', 'archive'], means: 'load past incidents in bulk for the analysis' },
  'author-warnings': {
    roles: ['officer', 'commander'],
    means: 'draft, update and cancel public warnings: commanders and officers of security media',
  },
  'approve-warnings': {
    roles: ['commander', 'trainer'],
    means: 'release a draft warning: a commander other than its author (an exercise’s trainer in it)',
  },
  'send-cap': {
    roles: ['alerting-authority', 'trainer', 'commander'],
    means: 'send CAP alerts: an alerting authority’s key for its sender, or whoever runs an exercise into it',
  },
} as const satisfies Record<string, { roles: readonly Role[] | null; means: string }>;

/** The name of a gate a route or socket event declares. */
export type AccessRule = keyof typeof ACCESS_RULES;

/** The names of every gate. */
export const ACCESS_RULE_NAMES = Object.keys(ACCESS_RULES) as AccessRule[];

/** Whether a caller (null: nobody signed in) passes a route's gate. */
export function mayCall(rule: AccessRule, principal: Principal | null): boolean {
  const { roles } = ACCESS_RULES[rule];
  if (roles === null) return true;
  return principal !== null && (roles as readonly Role[]).includes(principal.role);
}
