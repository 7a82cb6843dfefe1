import { describe, expect, it } from 'vitest';
import { makeIncident, makePrincipal, makeSupportRequest, makeUnit } from '../../test/fixtures.js';
import { canAnswer, canAssign, canRunShelters, canSee, canWork, viewerOf } from './access.js';

describe('what the screen offers', () => {
  const traffic = viewerOf(makePrincipal());
  const display = viewerOf(makePrincipal({ id: 'display', role: 'display', sectors: [] }));
  const commander = viewerOf(makePrincipal({ id: 'commander', role: 'commander', sectors: [] }));
  const admin = viewerOf(makePrincipal({ id: 'admin', role: 'admin', sectors: [] }));
  const trainer = viewerOf(makePrincipal({ id: 'trainer', role: 'trainer', sectors: [] }));
  const flood = makeIncident(1, { sector: 'civil-defence', category: 'flooding' });

  it('lets an officer work incidents their sector owns or joined, and no others', () => {
    expect(canWork(traffic, makeIncident(2))).toBe(true);
    expect(canWork(traffic, flood)).toBe(false);
    expect(canWork(traffic, { ...flood, involvedSectors: ['civil-defence', 'traffic'] })).toBe(true);
  });

  it('keeps the wall display read-only, though it sees everything', () => {
    expect(canSee(display, flood)).toBe(true);
    expect(canWork(display, flood)).toBe(false);
  });

  it('offers administrators and trainers no incident buttons, as the server refuses them', () => {
    for (const viewer of [admin, trainer]) {
      expect(canWork(viewer, flood)).toBe(false);
      expect(canRunShelters(viewer)).toBe(false);
      expect(canAssign(viewer, makeUnit('cd-1', { sector: 'civil-defence' }), flood)).toBe(false);
    }
    expect(canSee(trainer, flood)).toBe(false);
  });

  it('lets only the addressed sector or a commander answer a support request', () => {
    const request = makeSupportRequest(1, 1, { toSector: 'civil-defence' });
    expect(canAnswer(traffic, request)).toBe(false);
    expect(canAnswer(viewerOf(makePrincipal({ id: 'cd', sectors: ['civil-defence'] })), request)).toBe(true);
    expect(canAnswer(commander, request)).toBe(true);
  });
});

describe('in an exercise', () => {
  const exercise = { id: 'ex-00000001', trainer: 'trainer', trainees: ['traffic'] };
  const drill = makeIncident(3, { exerciseId: exercise.id });

  it('offers a trainee their sector’s work once the page knows the exercise, and nothing before', () => {
    const trainee = makePrincipal();
    expect(canWork(viewerOf(trainee, exercise.id, exercise), drill)).toBe(true);
    expect(canRunShelters(viewerOf(trainee, exercise.id, exercise))).toBe(true);
    expect(canWork(viewerOf(trainee, exercise.id), drill)).toBe(false);
  });

  it('offers an officer outside the exercise nothing of it', () => {
    const outsider = makePrincipal({ id: 'traffic-2' });
    const viewer = viewerOf(outsider, exercise.id, exercise);
    expect(canSee(viewer, drill)).toBe(false);
    expect(canWork(viewer, drill)).toBe(false);
    expect(canRunShelters(viewer)).toBe(false);
    expect(
      canAnswer(viewer, makeSupportRequest(1, 3, { toSector: 'traffic', exerciseId: exercise.id })),
    ).toBe(false);
  });

  it('lets its trainer see every sector but work none', () => {
    const viewer = viewerOf(
      makePrincipal({ id: 'trainer', role: 'trainer', sectors: [] }),
      exercise.id,
      exercise,
    );
    const flood = makeIncident(4, { sector: 'civil-defence', category: 'flooding', exerciseId: exercise.id });
    expect(canSee(viewer, flood)).toBe(true);
    expect(canWork(viewer, flood)).toBe(false);
  });
});
