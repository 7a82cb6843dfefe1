import {
  NewWarningSchema,
  WARNING_HEADLINE_MAX,
  type CapCategory,
  type CapCertainty,
  type CapResponseType,
  type CapSeverity,
  type CapUrgency,
  type GovernorateId,
  type Incident,
  type LocalizedText,
  type NewWarning,
  type Position,
  type SectorId,
  type Warning,
} from '@mirsad/shared';
import { fromKuwaitInput, toKuwaitInput } from '../review/reviewParams.js';
import type { warningsEn } from './messages.js';

/** How the author gives the area: governorates, a drawn polygon, or a circle. */
export type AreaMode = 'governorates' | 'polygon' | 'circle';

/** One language's text of the warning (a CAP `info` block). */
export interface InfoFields {
  language: string;
  headline: string;
  description: string;
  instruction: string;
}

/** The authoring form's state: strings as the inputs hold them, turned into the API's body by `toNewWarning`. */
export interface WarningForm {
  event: string;
  category: CapCategory;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  responseType: CapResponseType | '';
  /** `datetime-local` values in Kuwait time; onset may be empty. */
  onset: string;
  expires: string;
  senderName: string;
  /** Arabic first, English second, then any others. */
  infos: InfoFields[];
  areaMode: AreaMode;
  governorates: GovernorateId[];
  /** The polygon's corners as clicked, `[lon, lat]`, not closed. */
  polygon: Position[];
  circleCenter: Position | null;
  radiusKm: string;
  areaDescription: LocalizedText;
  note: string;
  incidentId: string | null;
}

/** The fields a problem can be shown beside. */
export type FormField =
  | 'event'
  | 'expires'
  | 'onset'
  | 'area'
  | 'areaDescription.ar'
  | 'areaDescription.en'
  | `info.${number}.${'headline' | 'description' | 'instruction'}`;

/** A problem's message key (in `messages.ts`) and its values. */
export interface FormProblem {
  key: Extract<keyof typeof warningsEn, `warnings.invalid.${string}`>;
  values?: Record<string, number>;
}

/** How long a new warning runs unless the author says otherwise, ms. */
const DEFAULT_DURATION_MS = 6 * 3_600_000;
/** A circle's radius around an incident's point when a warning is drafted from it, km. */
const INCIDENT_RADIUS_KM = 3;

/** An empty form: Arabic and English blocks, ends six hours from now. */
export function emptyForm(nowMs: number): WarningForm {
  return {
    event: '',
    category: 'Safety',
    urgency: 'Expected',
    severity: 'Moderate',
    certainty: 'Likely',
    responseType: '',
    onset: '',
    expires: toKuwaitInput(nowMs + DEFAULT_DURATION_MS),
    senderName: '',
    infos: [
      { language: 'ar', headline: '', description: '', instruction: '' },
      { language: 'en', headline: '', description: '', instruction: '' },
    ],
    areaMode: 'governorates',
    governorates: [],
    polygon: [],
    circleCenter: null,
    radiusKm: '5',
    areaDescription: { ar: '', en: '' },
    note: '',
    incidentId: null,
  };
}

/** The CAP category of an incident's sector: what the warning is about, from who handles it. */
const SECTOR_CATEGORIES: Readonly<Record<SectorId, CapCategory>> = {
  'public-security': 'Security',
  traffic: 'Transport',
  residency: 'Security',
  'border-coast-guard': 'Security',
  'criminal-security': 'Security',
  operations: 'Safety',
  'civil-defence': 'Safety',
  'fire-marine-rescue': 'Fire',
  'systems-information': 'Infra',
  'security-media': 'Safety',
  correctional: 'Security',
};

const SEVERITY_OF_INCIDENT: Readonly<Record<number, CapSeverity>> = {
  1: 'Minor',
  2: 'Minor',
  3: 'Moderate',
  4: 'Severe',
  5: 'Extreme',
};

/**
 * A form prefilled from an incident: its kind as the event, its sector's category, its
 * severity, happening now, and its place (its area, or a circle around its point) named by
 * its governorate. The incident's own title and description are not copied: they are the
 * room's words, not the public's, and the author writes what the public reads.
 */
export function formFromIncident(
  incident: Incident,
  names: { category: LocalizedText; governorate: LocalizedText | null },
  nowMs: number,
): WarningForm {
  const form = emptyForm(nowMs);
  const place = names.governorate;
  return {
    ...form,
    event: names.category.en,
    category: SECTOR_CATEGORIES[incident.sector],
    severity: SEVERITY_OF_INCIDENT[incident.severity] ?? 'Moderate',
    urgency: 'Immediate',
    certainty: 'Observed',
    infos: [
      {
        language: 'ar',
        headline: place ? `${names.category.ar} في ${place.ar}` : names.category.ar,
        description: '',
        instruction: '',
      },
      {
        language: 'en',
        headline: place ? `${names.category.en} in ${place.en}` : names.category.en,
        description: '',
        instruction: '',
      },
    ],
    ...(incident.location.type === 'Polygon'
      ? { areaMode: 'polygon' as const, polygon: (incident.location.coordinates[0] ?? []).slice(0, -1) }
      : {
          areaMode: 'circle' as const,
          circleCenter: incident.location.coordinates,
          radiusKm: String(INCIDENT_RADIUS_KM),
        }),
    areaDescription: place ? { ...place } : { ar: '', en: '' },
    incidentId: incident.id,
  };
}

/** A form holding an issued warning, to write its Update from. */
export function formFromWarning(warning: Warning, nowMs: number): WarningForm {
  const form = emptyForm(nowMs);
  const byLanguage = (tag: string) =>
    warning.info.find((info) => info.language.toLowerCase().split('-')[0] === tag);
  const ar = byLanguage('ar');
  const en = byLanguage('en');
  const others = warning.info.filter((info) => info !== ar && info !== en);
  const polygon = warning.area.polygons[0];
  const circle = warning.area.circles[0];
  return {
    ...form,
    event: warning.event,
    category: warning.category[0] ?? 'Other',
    urgency: warning.urgency,
    severity: warning.severity,
    certainty: warning.certainty,
    responseType: warning.responseType[0] ?? '',
    onset: warning.onset ? toKuwaitInput(Date.parse(warning.onset)) : '',
    expires: toKuwaitInput(Math.max(Date.parse(warning.expires), nowMs + 3_600_000)),
    senderName: warning.senderName,
    infos: [
      {
        language: 'ar',
        headline: ar?.headline ?? '',
        description: ar?.description ?? '',
        instruction: ar?.instruction ?? '',
      },
      {
        language: 'en',
        headline: en?.headline ?? '',
        description: en?.description ?? '',
        instruction: en?.instruction ?? '',
      },
      ...others.map((info) => ({ ...info })),
    ],
    ...(warning.area.governorates.length > 0
      ? { areaMode: 'governorates' as const, governorates: [...warning.area.governorates] }
      : polygon
        ? { areaMode: 'polygon' as const, polygon: (polygon.coordinates[0] ?? []).slice(0, -1) }
        : circle
          ? { areaMode: 'circle' as const, circleCenter: circle.center, radiusKm: String(circle.radiusKm) }
          : {}),
    areaDescription: { ...warning.area.description },
    incidentId: warning.incidentId,
  };
}

/**
 * The API's body from the form, or the problems to show beside each field. Checks what a person
 * can get wrong (empty texts, times, an unfinished area) with messages in their language; the
 * result is then parsed with the API's own schema, so the form can never send what the server
 * would refuse for a reason the form did not say.
 */
export function toNewWarning(
  form: WarningForm,
  nowMs: number,
): { body: NewWarning; problems?: undefined } | { body?: undefined; problems: Map<FormField, FormProblem> } {
  const problems = new Map<FormField, FormProblem>();
  const required = (field: FormField, value: string) => {
    if (value.trim() === '') problems.set(field, { key: 'warnings.invalid.required' });
  };
  required('event', form.event);
  form.infos.forEach((info, index) => {
    required(`info.${index}.headline`, info.headline);
    if (info.headline.trim().length > WARNING_HEADLINE_MAX)
      problems.set(`info.${index}.headline`, {
        key: 'warnings.invalid.headlineLong',
        values: { max: WARNING_HEADLINE_MAX },
      });
    required(`info.${index}.description`, info.description);
    required(`info.${index}.instruction`, info.instruction);
  });
  required('areaDescription.ar', form.areaDescription.ar);
  required('areaDescription.en', form.areaDescription.en);

  const expiresMs = fromKuwaitInput(form.expires);
  const onsetMs = form.onset === '' ? null : fromKuwaitInput(form.onset);
  if (expiresMs === null)
    problems.set('expires', {
      key: form.expires === '' ? 'warnings.invalid.required' : 'warnings.invalid.date',
    });
  else if (expiresMs <= nowMs) problems.set('expires', { key: 'warnings.invalid.expiresPast' });
  else if (onsetMs !== null && expiresMs <= onsetMs)
    problems.set('expires', { key: 'warnings.invalid.expiresBeforeOnset' });
  if (form.onset !== '' && onsetMs === null) problems.set('onset', { key: 'warnings.invalid.date' });

  const radiusKm = Number(form.radiusKm);
  let area: NewWarning['area'] | null = null;
  const description = { ar: form.areaDescription.ar.trim(), en: form.areaDescription.en.trim() };
  if (form.areaMode === 'governorates') {
    if (form.governorates.length === 0) problems.set('area', { key: 'warnings.invalid.governorates' });
    else area = { description, governorates: form.governorates };
  } else if (form.areaMode === 'polygon') {
    const [first] = form.polygon;
    if (form.polygon.length < 3 || !first) problems.set('area', { key: 'warnings.invalid.polygon' });
    else area = { description, polygon: { type: 'Polygon', coordinates: [[...form.polygon, first]] } };
  } else if (form.circleCenter === null || !Number.isFinite(radiusKm) || radiusKm <= 0 || radiusKm > 1000) {
    problems.set('area', { key: 'warnings.invalid.circle' });
  } else {
    area = { description, circle: { center: form.circleCenter, radiusKm } };
  }

  if (problems.size > 0 || area === null || expiresMs === null) return { problems };
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const body = NewWarningSchema.parse({
    event: form.event.trim(),
    category: form.category,
    urgency: form.urgency,
    severity: form.severity,
    certainty: form.certainty,
    ...(form.responseType === '' ? {} : { responseType: form.responseType }),
    ...(onsetMs === null ? {} : { onset: iso(onsetMs) }),
    expires: iso(expiresMs),
    ...(form.senderName.trim() === '' ? {} : { senderName: form.senderName.trim() }),
    info: form.infos.map((info) => ({
      language: info.language,
      headline: info.headline.trim(),
      description: info.description.trim(),
      instruction: info.instruction.trim(),
    })),
    area,
    ...(form.incidentId === null ? {} : { incidentId: form.incidentId }),
  });
  return { body };
}
