import { z } from 'zod';
import { incidentsAfter, shelterAfter, unitAfter, type MirsadEvent } from './event.js';
import { IncidentSchema, isActive, type Incident } from './incident.js';
import { ShelterSchema, type Shelter } from './room.js';
import { UnitSchema, type Unit } from './unit.js';

/** The live picture at one moment: what a map, a list and the figures show. */
export const PictureSchema = z.object({
  /** The moment asked for. */
  at: z.iso.datetime(),
  /** The last event folded in: the picture is the log up to and including it. */
  seq: z.number().int().min(0),
  /** Incidents that still needed attention then. */
  incidents: z.array(IncidentSchema),
  /** Units with their status then and their last known position at or before the moment. */
  units: z.array(UnitSchema),
  /** Shelters open (or full) then. */
  shelters: z.array(ShelterSchema),
});

/** The live picture at one moment. */
export type Picture = z.infer<typeof PictureSchema>;

/** The query of `GET /api/picture`. */
export const PictureQuerySchema = z
  .object({
    at: z.iso.datetime({ offset: true }),
    /** An exercise's picture instead of the live one. */
    exercise: z
      .string()
      .regex(/^ex-[a-z0-9]{8}$/, 'an exercise id such as ex-1a2b3c4d')
      .optional(),
  })
  .strict();

/** A picture being folded: maps by id, cheap to update one event at a time. */
export interface PictureState {
  seq: number;
  incidents: Map<string, Incident>;
  units: Map<string, Unit>;
  shelters: Map<string, Shelter>;
}

/** An empty picture, before the first event. */
export function emptyPictureState(): PictureState {
  return { seq: 0, incidents: new Map(), units: new Map(), shelters: new Map() };
}

/**
 * Folds one event into a picture, in place. Incidents that close, are cancelled or merged
 * leave it; shelters that close leave it. Pure but for the state it is given, so the server's
 * snapshots and replays and the commander's step-by-step player compute the same picture.
 */
export function foldPicture(state: PictureState, event: MirsadEvent): PictureState {
  for (const incident of incidentsAfter(event)) {
    if (isActive(incident)) state.incidents.set(incident.id, incident);
    else state.incidents.delete(incident.id);
  }
  const unit = unitAfter(event);
  if (unit) state.units.set(unit.id, unit);
  const shelter = shelterAfter(event);
  if (shelter) {
    if (shelter.status === 'closed') state.shelters.delete(shelter.id);
    else state.shelters.set(shelter.id, shelter);
  }
  state.seq = event.seq;
  return state;
}

/** A picture state as plain JSON, for snapshots. */
export function serialisePictureState(state: PictureState): string {
  return JSON.stringify({
    seq: state.seq,
    incidents: [...state.incidents.values()],
    units: [...state.units.values()],
    shelters: [...state.shelters.values()],
  });
}

/** Reads a picture state written by `serialisePictureState`. */
export function parsePictureState(json: string): PictureState {
  const plain = JSON.parse(json) as {
    seq: number;
    incidents: Incident[];
    units: Unit[];
    shelters: Shelter[];
  };
  return {
    seq: plain.seq,
    incidents: new Map(plain.incidents.map((i) => [i.id, i])),
    units: new Map(plain.units.map((u) => [u.id, u])),
    shelters: new Map(plain.shelters.map((s) => [s.id, s])),
  };
}
