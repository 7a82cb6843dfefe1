import { z } from 'zod';
import { LocalizedTextSchema, type LocalizedText } from './i18n.js';

/** The stable ids of the ministry's eleven sectors; stored in every incident and event. */
export const SECTOR_IDS = [
  'public-security',
  'traffic',
  'residency',
  'border-coast-guard',
  'criminal-security',
  'operations',
  'civil-defence',
  'fire-marine-rescue',
  'systems-information',
  'security-media',
  'correctional',
] as const;

/** A sector id. */
export const SectorIdSchema = z.enum(SECTOR_IDS);

/** A sector id. */
export type SectorId = z.infer<typeof SectorIdSchema>;

/** One kind of incident a sector handles, with a stable id unique within its sector. */
export const CategorySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: LocalizedTextSchema,
});

/** One kind of incident a sector handles. */
export type Category = z.infer<typeof CategorySchema>;

/** A sector of the ministry as the client shows it. */
export const SectorSchema = z.object({
  id: SectorIdSchema,
  name: LocalizedTextSchema,
  /** Two-letter code drawn beside the colour, so that sectors stay apart for colour-blind viewers. */
  code: z.string().length(2),
  /** CSS hex colour chosen to read on the dark operations map. */
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
  categories: z.array(CategorySchema).min(1),
});

/** A sector of the ministry as the client shows it. */
export type Sector = z.infer<typeof SectorSchema>;

const c = (id: string, en: string, ar: string): Category => ({ id, name: { en, ar } });
const name = (en: string, ar: string): LocalizedText => ({ en, ar });

/**
 * The sectors and their incident categories. Colours are spread over hue and lightness so
 * that no two neighbours on the wheel share both; the two-letter code carries the rest.
 */
export const SECTORS = [
  {
    id: 'public-security',
    name: name('Public Security', 'الأمن العام'),
    code: 'PS',
    color: '#4e9bff',
    categories: [
      c('disturbance', 'Public disturbance', 'إخلال بالأمن العام'),
      c('assault', 'Assault', 'اعتداء'),
      c('missing-person', 'Missing person', 'شخص مفقود'),
      c('suspicious-object', 'Suspicious object', 'جسم مشبوه'),
      c('crowd-control', 'Crowd control', 'تنظيم حشود'),
    ],
  },
  {
    id: 'traffic',
    name: name('Traffic', 'المرور'),
    code: 'TR',
    color: '#ffb000',
    categories: [
      c('collision', 'Traffic collision', 'حادث مروري'),
      c('road-blocked', 'Road blocked', 'طريق مغلق'),
      c('flooded-road', 'Flooded road or underpass', 'طريق أو نفق مغمور'),
      c('signal-failure', 'Traffic signal failure', 'عطل إشارة مرورية'),
      c('stranded-vehicle', 'Stranded vehicle', 'مركبة عالقة'),
    ],
  },
  {
    id: 'residency',
    name: name('Residency Affairs', 'شؤون الإقامة'),
    code: 'RA',
    color: '#b07cff',
    categories: [
      c('residency-violation', 'Residency violation', 'مخالفة إقامة'),
      c('absconding-worker', 'Absconding worker report', 'بلاغ تغيب عامل'),
      c('document-fraud', 'Document fraud', 'تزوير مستندات'),
    ],
  },
  {
    id: 'border-coast-guard',
    name: name('Border and Coast Guard Security', 'أمن الحدود وخفر السواحل'),
    code: 'BC',
    color: '#00c2d1',
    categories: [
      c('border-infiltration', 'Border infiltration', 'تسلل حدودي'),
      c('smuggling', 'Smuggling', 'تهريب'),
      c('vessel-distress', 'Vessel in distress', 'سفينة في خطر'),
      c('maritime-intrusion', 'Maritime intrusion', 'اختراق بحري'),
    ],
  },
  {
    id: 'criminal-security',
    name: name('Criminal Security', 'الأمن الجنائي'),
    code: 'CS',
    color: '#ff5c8a',
    categories: [
      c('theft', 'Theft', 'سرقة'),
      c('burglary', 'Burglary', 'سطو'),
      c('drugs', 'Narcotics', 'مخدرات'),
      c('armed-robbery', 'Armed robbery', 'سطو مسلح'),
      c('homicide', 'Homicide', 'جريمة قتل'),
    ],
  },
  {
    id: 'operations',
    name: name('Operations', 'العمليات'),
    code: 'OP',
    color: '#e6e6e6',
    categories: [
      c('emergency-call', 'Emergency call', 'بلاغ طوارئ'),
      c('major-incident', 'Major incident coordination', 'تنسيق حادث كبير'),
      c('vip-escort', 'VIP movement', 'مرافقة رسمية'),
    ],
  },
  {
    id: 'civil-defence',
    name: name('Civil Defence', 'الدفاع المدني'),
    code: 'CD',
    color: '#ff8c1a',
    categories: [
      c('flooding', 'Flooding', 'سيول وفيضانات'),
      c('evacuation', 'Evacuation', 'إخلاء'),
      c('shelter', 'Shelter operations', 'إيواء'),
      c('hazmat', 'Hazardous materials', 'مواد خطرة'),
      c('structural-collapse', 'Structural collapse', 'انهيار مبنى'),
    ],
  },
  {
    id: 'fire-marine-rescue',
    name: name('Fire and Marine Rescue', 'الإطفاء والإنقاذ البحري'),
    code: 'FR',
    color: '#ff3b30',
    categories: [
      c('building-fire', 'Building fire', 'حريق مبنى'),
      c('industrial-fire', 'Industrial fire', 'حريق صناعي'),
      c('vehicle-fire', 'Vehicle fire', 'حريق مركبة'),
      c('marine-rescue', 'Marine rescue', 'إنقاذ بحري'),
      c('rescue', 'Rescue', 'إنقاذ'),
    ],
  },
  {
    id: 'systems-information',
    name: name('Systems and Information', 'نظم المعلومات'),
    code: 'SI',
    color: '#7ed957',
    categories: [
      c('system-outage', 'System outage', 'انقطاع نظام'),
      c('cyber-incident', 'Cyber incident', 'حادث سيبراني'),
      c('comms-failure', 'Communications failure', 'عطل اتصالات'),
    ],
  },
  {
    id: 'security-media',
    name: name('Security Media', 'الإعلام الأمني'),
    code: 'SM',
    color: '#f5e663',
    categories: [
      c('public-alert', 'Public alert', 'تنبيه للجمهور'),
      c('rumour', 'Rumour to counter', 'شائعة يلزم الرد عليها'),
      c('media-inquiry', 'Media inquiry', 'استفسار إعلامي'),
    ],
  },
  {
    id: 'correctional',
    name: name('Correctional Institutions', 'المؤسسات الإصلاحية'),
    code: 'CI',
    color: '#c49a6c',
    categories: [
      c('inmate-disturbance', 'Inmate disturbance', 'شغب نزلاء'),
      c('escape', 'Escape', 'هروب'),
      c('medical-emergency', 'Medical emergency', 'حالة طبية طارئة'),
    ],
  },
] as const satisfies readonly Sector[];

const SECTOR_BY_ID = new Map<SectorId, Sector>(SECTORS.map((s) => [s.id, s]));

/** The sector with this id; every SectorId has one. */
export function sectorById(id: SectorId): Sector {
  const sector = SECTOR_BY_ID.get(id);
  if (!sector) throw new Error(`unknown sector ${id}`);
  return sector;
}

/** Whether `category` is one of the categories of `sector`. */
export function isCategoryOf(sector: SectorId, category: string): boolean {
  return sectorById(sector).categories.some((c) => c.id === category);
}
