import { describe, expect, it } from 'vitest';
import {
  feedOf,
  isInFeed,
  mayAnswerSupport,
  mayAssignUnit,
  mayCall,
  mayCommandUnit,
  mayMoveUnit,
  mayReview,
  mayRunShelters,
  maySeeEvent,
  maySeeIncident,
  maySeeShelter,
  mayWorkIncident,
  roomsOfEvent,
  roomsOfFeed,
  sectorsInView,
  type ExerciseMembers,
  type Feed,
} from './access.js';
import { type Principal } from './auth.js';
import { type SectorId } from './sectors.js';

const person = (id: string, role: Principal['role'], sectors: SectorId[] = []): Principal => ({
  kind: 'user',
  id,
  displayName: id,
  role,
  sectors,
  source: null,
});
const key = (id: string, role: 'reporter' | 'display', sectors: SectorId[] = []): Principal => ({
  kind: 'key',
  id,
  displayName: id,
  role,
  sectors,
  source: `feed-${id}`,
});

const drill: ExerciseMembers = { id: 'ex-00000001', trainer: 'trainer', trainees: ['traffic'] };
const traffic = person('traffic', 'officer', ['traffic']);
const fire = person('fire', 'officer', ['fire-marine-rescue']);
const commander = person('commander', 'commander');
const trainer = person('trainer', 'trainer');
const admin = person('admin', 'admin');

const incident = (sectors: SectorId[], exerciseId: string | null = null) => ({
  exerciseId,
  involvedSectors: sectors,
  source: 'web',
});

describe('the access policy', () => {
  it('lets officers see and work only incidents their sectors are in, and trainers no live one', () => {
    expect(maySeeIncident(traffic, incident(['traffic']), null)).toBe(true);
    expect(maySeeIncident(traffic, incident(['fire-marine-rescue']), null)).toBe(false);
    expect(mayWorkIncident(traffic, incident(['fire-marine-rescue', 'traffic']), null)).toBe(true);
    expect(maySeeIncident(trainer, incident(['traffic']), null)).toBe(false);
    expect(mayWorkIncident(admin, incident(['traffic']), null)).toBe(false);
    expect(maySeeIncident(admin, incident(['traffic']), null)).toBe(true);
  });

  it('keeps an exercise to its people: outsiders may neither see nor write, whatever their sectors', () => {
    const drillIncident = incident(['traffic'], drill.id);
    const outsider = person('traffic-2', 'officer', ['traffic']);
    expect(maySeeIncident(traffic, drillIncident, drill)).toBe(true);
    expect(mayWorkIncident(traffic, drillIncident, drill)).toBe(true);
    expect(maySeeIncident(outsider, drillIncident, drill)).toBe(false);
    expect(mayWorkIncident(outsider, drillIncident, drill)).toBe(false);
    expect(mayCommandUnit(outsider, { exerciseId: drill.id, sector: 'traffic' }, drill)).toBe(false);
    expect(mayRunShelters(outsider, drill.id, drill)).toBe(false);
    expect(maySeeShelter(outsider, { exerciseId: drill.id }, drill)).toBe(false);
    expect(mayAnswerSupport(outsider, { exerciseId: drill.id, toSector: 'traffic' }, drill)).toBe(false);
    // Without the members (an exercise the server does not know), nobody is in it.
    expect(mayWorkIncident(commander, drillIncident, null)).toBe(false);
    expect(mayWorkIncident(traffic, drillIncident, { ...drill, id: 'ex-00000002' })).toBe(false);
  });

  it('lets the trainer see the whole exercise and commanders work it, but no trainer work an incident', () => {
    const flood = incident(['civil-defence'], drill.id);
    expect(sectorsInView(trainer, drill.id, drill)).toBeNull();
    expect(maySeeIncident(trainer, flood, drill)).toBe(true);
    expect(mayWorkIncident(trainer, flood, drill)).toBe(false);
    expect(mayWorkIncident(commander, flood, drill)).toBe(true);
    expect(mayReview(traffic, drill.id, drill)).toBe(true);
    expect(mayReview(traffic, null, null)).toBe(false);
    expect(mayReview(person('other-trainer', 'trainer'), drill.id, drill)).toBe(false);
  });

  it('lets a tracker key move only live units of its own sectors', () => {
    const trafficTracker = key('t1', 'reporter', ['traffic']);
    expect(mayMoveUnit(trafficTracker, { exerciseId: null, sector: 'traffic' })).toBe(true);
    expect(mayMoveUnit(trafficTracker, { exerciseId: null, sector: 'fire-marine-rescue' })).toBe(false);
    expect(mayMoveUnit(key('t2', 'reporter'), { exerciseId: null, sector: 'traffic' })).toBe(false);
    expect(mayMoveUnit(trafficTracker, { exerciseId: drill.id, sector: 'traffic' })).toBe(false);
    expect(mayMoveUnit(traffic, { exerciseId: null, sector: 'traffic' })).toBe(false);
    expect(mayMoveUnit(commander, { exerciseId: null, sector: 'traffic' })).toBe(true);
  });

  it('sends a unit only to an incident of its own log that the sender works', () => {
    const fireUnit = { exerciseId: null, sector: 'fire-marine-rescue' as const };
    expect(mayAssignUnit(fire, fireUnit, incident(['traffic']), null)).toBe(false);
    expect(mayAssignUnit(fire, fireUnit, incident(['traffic', 'fire-marine-rescue']), null)).toBe(true);
    expect(mayAssignUnit(commander, { ...fireUnit, exerciseId: drill.id }, incident(['traffic']), null)).toBe(
      false,
    );
  });

  it('gives a feed only to who may follow it, narrowed to the sectors asked for', () => {
    expect(feedOf(traffic, null, null)).toEqual({ exerciseId: null, sectors: ['traffic'] });
    expect(feedOf(commander, null, null, ['traffic'])).toEqual({ exerciseId: null, sectors: ['traffic'] });
    expect(feedOf(traffic, null, null, ['fire-marine-rescue'])).toHaveProperty('refused');
    expect(feedOf(trainer, null, null)).toHaveProperty('refused');
    expect(feedOf(trainer, drill.id, drill)).toEqual({ exerciseId: drill.id, sectors: null });
    expect(feedOf(key('k', 'reporter', ['traffic']), null, null)).toHaveProperty('refused');
    expect(feedOf(key('d', 'display'), null, null)).toEqual({ exerciseId: null, sectors: null });
    expect(feedOf(fire, drill.id, drill)).toHaveProperty('refused');
    const event = { exerciseId: drill.id, sectors: ['traffic' as const] };
    expect(maySeeEvent(traffic, event, drill)).toBe(true);
    expect(maySeeEvent(fire, event, drill)).toBe(false);
    expect(maySeeEvent(commander, { exerciseId: null, sectors: ['traffic'] }, null)).toBe(true);
  });

  it('picks socket rooms that meet an event’s rooms exactly when the event is in the feed', () => {
    const sectors: SectorId[] = ['traffic', 'civil-defence', 'fire-marine-rescue'];
    const subsets = (min: number): SectorId[][] =>
      Array.from({ length: 2 ** sectors.length }, (_, mask) =>
        sectors.filter((_, bit) => (mask >> bit) & 1),
      ).filter((subset) => subset.length >= min);
    const logs = [null, 'ex-00000001', 'ex-00000002'];
    let checked = 0;
    for (const eventLog of logs)
      for (const eventSectors of subsets(1))
        for (const feedLog of logs)
          for (const feedSectors of [null, ...subsets(1)]) {
            const event = { exerciseId: eventLog, sectors: eventSectors };
            const feed: Feed = { exerciseId: feedLog, sectors: feedSectors };
            const joined = new Set(roomsOfFeed(feed));
            const meets = roomsOfEvent(event).some((room) => joined.has(room));
            expect(meets, JSON.stringify({ event, feed })).toBe(isInFeed(event, feed));
            checked += 1;
          }
    expect(checked).toBe(3 * 7 * 3 * 8);
  });

  it('lets nobody but the public rule through without a principal', () => {
    expect(mayCall('public', null)).toBe(true);
    expect(mayCall('signed-in', null)).toBe(false);
    expect(mayCall('manage-accounts', admin)).toBe(true);
    expect(mayCall('manage-accounts', commander)).toBe(false);
    expect(mayCall('work', key('k', 'reporter'))).toBe(false);
    expect(mayCall('move-units', key('k', 'reporter'))).toBe(true);
  });
});
