import { z } from 'zod';
import { GovernorateIdSchema, PointSchema } from './geo.js';
import { LocalizedTextSchema, type LocalizedText } from './i18n.js';

/** The kinds of fixed place on the reference layer. */
export const FACILITY_KINDS = [
  'police-station',
  'fire-station',
  'hospital',
  'civil-defence-centre',
  'coast-guard-base',
  'shelter-site',
] as const;

/** A kind of fixed place. */
export const FacilityKindSchema = z.enum(FACILITY_KINDS);

/** A kind of fixed place. */
export type FacilityKind = z.infer<typeof FacilityKindSchema>;

/** The name of each facility kind, in both languages. */
export const FACILITY_KIND_NAMES: Readonly<Record<FacilityKind, LocalizedText>> = {
  'police-station': { en: 'Police station', ar: 'مخفر شرطة' },
  'fire-station': { en: 'Fire station', ar: 'مركز إطفاء' },
  hospital: { en: 'Hospital', ar: 'مستشفى' },
  'civil-defence-centre': { en: 'Civil defence centre', ar: 'مركز دفاع مدني' },
  'coast-guard-base': { en: 'Coast guard base', ar: 'قاعدة خفر السواحل' },
  'shelter-site': { en: 'Possible shelter', ar: 'موقع إيواء محتمل' },
};

/** A fixed place: a station, a hospital, or a public building that can serve as a shelter. */
export const FacilitySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: FacilityKindSchema,
  name: LocalizedTextSchema,
  governorate: GovernorateIdSchema,
  location: PointSchema,
  /** Persons it can shelter, for shelter sites (schools, halls, sports clubs); null otherwise. */
  shelterCapacity: z.number().int().min(1).nullable(),
});

/** A fixed place. */
export type Facility = z.infer<typeof FacilitySchema>;
