import { z } from 'zod';
import { PositionSchema, governorateOf, type Governorate, type GovernorateId } from './geo.js';
import { type LocalizedText } from './i18n.js';
import { ExerciseIdSchema } from './incident.js';
import { SectorIdSchema } from './sectors.js';

/** The kinds of field unit the sectors deploy. */
export const UNIT_TYPES = [
  'patrol',
  'fire-engine',
  'ambulance',
  'rescue-boat',
  'drone',
  'rescue-team',
  'tow-truck',
] as const;

/** A kind of field unit. */
export const UnitTypeSchema = z.enum(UNIT_TYPES);

/** A kind of field unit. */
export type UnitType = z.infer<typeof UnitTypeSchema>;

/** The name of each unit type, in both languages. */
export const UNIT_TYPE_NAMES: Readonly<Record<UnitType, LocalizedText>> = {
  patrol: { en: 'Patrol', ar: 'دورية' },
  'fire-engine': { en: 'Fire engine', ar: 'سيارة إطفاء' },
  ambulance: { en: 'Ambulance', ar: 'إسعاف' },
  'rescue-boat': { en: 'Rescue boat', ar: 'قارب إنقاذ' },
  drone: { en: 'Drone (thermal camera)', ar: 'طائرة مسيّرة (كاميرا حرارية)' },
  'rescue-team': { en: 'Rescue team', ar: 'فريق إنقاذ' },
  'tow-truck': { en: 'Tow truck', ar: 'ونش سحب' },
};

/** Whether a unit can take a task. */
export const UnitStatusSchema = z.enum(['available', 'assigned', 'en_route', 'on_scene', 'out_of_service']);

/** Whether a unit can take a task. */
export type UnitStatus = z.infer<typeof UnitStatusSchema>;

/** A TAK device's CoT uid, such as `ANDROID-0f3c…` or `S-1-5-21-…`: printable, no spaces or markup. */
export const TakUidSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@{}-]+$/, 'letters, digits and . _ : @ { } -');

/** A unit's last reported position. */
export const UnitPositionSchema = z.object({
  coordinates: PositionSchema,
  /** Heading in degrees clockwise from north, when known. */
  headingDeg: z.number().min(0).max(360).nullable(),
  /** Speed in metres per second, when known. */
  speedMps: z.number().min(0).max(200).nullable(),
  /** When the unit reported it. */
  at: z.iso.datetime(),
});

/** A unit's last reported position. */
export type UnitPosition = z.infer<typeof UnitPositionSchema>;

/** A field unit: a patrol car, fire engine, ambulance, boat or drone. */
export const UnitSchema = z.object({
  id: z.string().min(1).max(64),
  sector: SectorIdSchema,
  type: UnitTypeSchema,
  /** Radio call sign, such as `TR-12`. */
  callSign: z.string().min(1).max(32),
  status: UnitStatusSchema,
  /** The incident it works, when assigned. */
  incidentId: z.uuid().nullable(),
  position: UnitPositionSchema.nullable(),
  exerciseId: ExerciseIdSchema,
  /** The uid of the TAK device (ATAK, WinTAK, iTAK) it carries: its CoT positions move it. */
  takUid: TakUidSchema.optional(),
});

/** A field unit. */
export type Unit = z.infer<typeof UnitSchema>;

/** The body of `POST /api/units`: a vehicle, boat or drone joining the fleet. */
export const NewUnitSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    sector: SectorIdSchema,
    type: UnitTypeSchema,
    callSign: z.string().trim().min(1).max(32),
    position: UnitPositionSchema.optional(),
    /** The uid of the TAK device it carries (ATAK shows it under Settings › Device UID). */
    takUid: TakUidSchema.optional(),
  })
  .strict();

/**
 * Whether a unit stands in one of the governorates `shown` (by `governorateOf` its position).
 * A unit without a position is in none: a slice of the country cannot count it as there.
 */
export function isUnitInGovernorates(
  unit: Pick<Unit, 'position'>,
  shown: ReadonlySet<GovernorateId>,
  governorates: readonly Governorate[],
): boolean {
  if (unit.position === null) return false;
  const id = governorateOf({ type: 'Point', coordinates: unit.position.coordinates }, governorates);
  return id !== null && shown.has(id);
}
