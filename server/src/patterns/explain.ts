import { PLACES } from '@mirsad/mock-data';
import {
  distanceMetres,
  KUWAIT_TIME_ZONE,
  type LocalizedText,
  type PatternGroupId,
  type Position,
} from '@mirsad/shared';

// The explanations an analyst would give, in both languages: counts with grammatical plurals
// (Arabic has six forms: `Intl.PluralRules` picks the form, the words here fill it), Latin
// digits in both (as the web app shows numbers), and places named from the gazetteer.

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const AR_PLURALS = new Intl.PluralRules('ar');
const EN_PLURALS = new Intl.PluralRules('en');
const AR_NUMBER = new Intl.NumberFormat('ar-KW-u-nu-latn', { maximumFractionDigits: 1 });
const EN_NUMBER = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const AR_DATE = new Intl.DateTimeFormat('ar-KW-u-nu-latn', {
  day: 'numeric',
  month: 'long',
  timeZone: KUWAIT_TIME_ZONE,
});
const EN_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: KUWAIT_TIME_ZONE,
});

/** A number as it is read: one decimal, two when it is below 0.1 and not zero. */
function formatNumber(value: number, format: Intl.NumberFormat): string {
  if (value > 0 && value < 0.1) return value.toFixed(2);
  return format.format(value);
}

/** `count` with its noun in the form the language's plural rule selects; `{n}` stands for the number. */
function counted(
  count: number,
  forms: PluralForms,
  rules: Intl.PluralRules,
  format: Intl.NumberFormat,
): string {
  const form = forms[rules.select(count)] ?? forms.other;
  return form.replace('{n}', formatNumber(count, format));
}

/** Each group's noun, counted, in English. */
const EN_NOUNS: Readonly<Record<PatternGroupId, PluralForms>> = {
  burglary: { one: '{n} burglary', other: '{n} burglaries' },
  theft: { one: '{n} theft', other: '{n} thefts' },
  robbery: { one: '{n} armed robbery', other: '{n} armed robberies' },
  drugs: { one: '{n} narcotics case', other: '{n} narcotics cases' },
  violence: { one: '{n} assault or disturbance', other: '{n} assaults and disturbances' },
  'vehicle-fire': { one: '{n} vehicle fire', other: '{n} vehicle fires' },
  collision: { one: '{n} collision', other: '{n} collisions' },
};

/** Each group's noun after "حالة" (a case of…), the counted word Arabic inflects. */
const AR_OF: Readonly<Record<PatternGroupId, string>> = {
  burglary: 'سطو',
  theft: 'سرقة',
  robbery: 'سطو مسلح',
  drugs: 'مخدرات',
  violence: 'اعتداء أو إخلال بالأمن',
  'vehicle-fire': 'حريق مركبة',
  collision: 'حادث مروري',
};

/** Arabic cases of a group, by plural form: حالة واحدة، حالتا، ٣–١٠ حالات، ١١–٩٩ حالةً، ١٠٠ حالة. */
const arCases = (group: PatternGroupId): PluralForms => {
  const of = AR_OF[group];
  return {
    zero: `لا حالات ${of}`,
    one: `حالة ${of} واحدة`,
    two: `حالتا ${of}`,
    few: `{n} حالات ${of}`,
    many: `{n} حالة ${of}`,
    other: `{n} حالة ${of}`,
  };
};

const AR_DAYS: PluralForms = {
  zero: '{n} يوم',
  one: 'يوم واحد',
  two: 'يومين',
  few: '{n} أيام',
  many: '{n} يومًا',
  other: '{n} يوم',
};
const EN_DAYS: PluralForms = { one: '{n} day', other: '{n} days' };
const AR_YEARS: PluralForms = {
  zero: '{n} سنة',
  one: 'سنة',
  two: 'سنتين',
  few: '{n} سنوات',
  many: '{n} سنة',
  other: '{n} سنة',
};
const EN_YEARS: PluralForms = { one: 'a year', other: '{n} years' };

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** The district nearest a position, by its centre. */
export function nearestDistrict(position: Position): { en: string; ar: string } {
  let best: { name: LocalizedText; distance: number } | null = null;
  for (const place of PLACES) {
    if (place.kind !== 'district') continue;
    const distance = distanceMetres(position, place.position);
    if (!best || distance < best.distance) best = { name: place.name, distance };
  }
  return best ? best.name : { en: 'Kuwait', ar: 'الكويت' };
}

/** A radius as it is said: to the nearest 50 m, in km from 1 km. */
function formatRadius(radiusM: number, format: Intl.NumberFormat, unit: { m: string; km: string }): string {
  return radiusM >= 1_000
    ? `${format.format(round1(radiusM / 1_000))} ${unit.km}`
    : `${format.format(Math.max(50, Math.round(radiusM / 50) * 50))} ${unit.m}`;
}

/** The p-value as SaTScan gives it: the replications' resolution, never 0. */
const formatP = (p: number): string =>
  p < 0.001 ? '0.001' : p.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');

/**
 * A formula or Latin term inside Arabic text, isolated left to right (LRI … PDI): without it the
 * bidi algorithm may reorder "p = 0.001" against the Arabic around it (the "=" and the digits
 * are weak and take the direction of their neighbours), and punctuation after it jumps sides.
 */
const ltrInArabic = (formula: string): string => `\u2066${formula}\u2069`;

/** How often chance gives a cluster as strong, as said: in years from a year, in days below. */
function recurrence(days: number): LocalizedText {
  if (days >= 365) {
    const years = round1(days / 365);
    return {
      en: `by chance once in ${counted(years, EN_YEARS, EN_PLURALS, EN_NUMBER)}`,
      ar: `أي مرة كل ${counted(years, AR_YEARS, AR_PLURALS, AR_NUMBER)} بالصدفة`,
    };
  }
  const whole = Math.max(1, Math.round(days));
  return {
    en: `by chance once in ${counted(whole, EN_DAYS, EN_PLURALS, EN_NUMBER)}`,
    ar: `أي مرة كل ${counted(whole, AR_DAYS, AR_PLURALS, AR_NUMBER)} بالصدفة`,
  };
}

/** What a cluster says: "10 burglaries within 400 m of Rumaithiya in 5 days; 0.4 expected from the past year; p = 0.001; by chance once in 2.7 years." */
export function explainCluster(cluster: {
  group: PatternGroupId;
  observed: number;
  center: Position;
  radiusM: number;
  days: number;
  expected: number;
  pValue: number;
  recurrenceDays: number;
}): LocalizedText {
  const place = nearestDistrict(cluster.center);
  const again = recurrence(cluster.recurrenceDays);
  const p = formatP(cluster.pValue);
  const en = [
    `${counted(cluster.observed, EN_NOUNS[cluster.group], EN_PLURALS, EN_NUMBER)} within ${formatRadius(cluster.radiusM, EN_NUMBER, { m: 'm', km: 'km' })} of ${place.en} in ${counted(cluster.days, EN_DAYS, EN_PLURALS, EN_NUMBER)}`,
    `${formatNumber(cluster.expected, EN_NUMBER)} expected from the past year`,
    `p = ${p}`,
    again.en,
  ].join('; ');
  const ar = [
    `${counted(cluster.observed, arCases(cluster.group), AR_PLURALS, AR_NUMBER)} ضمن ${formatRadius(cluster.radiusM, AR_NUMBER, { m: 'م', km: 'كم' })} من ${place.ar} خلال ${counted(cluster.days, AR_DAYS, AR_PLURALS, AR_NUMBER)}`,
    `والمتوقع ${formatNumber(cluster.expected, AR_NUMBER)} بحسب العام الماضي`,
    ltrInArabic(`p = ${p}`),
    again.ar,
  ].join('؛ ');
  return { en: `${en}.`, ar: `${ar}.` };
}

/** What a Knox test says about a group: the closest significant band, in both languages. */
export function explainNearRepeat(test: {
  group: PatternGroupId;
  band: {
    distanceM: readonly [number, number];
    days: readonly [number, number];
    ratio: number;
    pValue: number;
  } | null;
}): LocalizedText {
  const one = {
    en: counted(1, EN_NOUNS[test.group], EN_PLURALS, EN_NUMBER)
      .replace(/^1 /, 'a ')
      .replace(/^a ([aeiou])/, 'an $1'),
    ar: `حالة ${AR_OF[test.group]}`,
  };
  if (!test.band)
    return {
      en: `No near repeats: after ${one.en}, no more follow close by than chance gives.`,
      ar: `لا تكرار قريب: بعد ${one.ar} لا يقع بالقرب أكثر مما تعطيه الصدفة.`,
    };
  const { distanceM, days, ratio, pValue } = test.band;
  return {
    en: `Near repeats: within ${EN_NUMBER.format(distanceM[1])} m and ${counted(days[1], EN_DAYS, EN_PLURALS, EN_NUMBER)} of ${one.en}, ${EN_NUMBER.format(round1(ratio))} times as many follow as chance gives (p = ${formatP(pValue)}).`,
    ar: `تكرار قريب: ضمن ${AR_NUMBER.format(distanceM[1])} م و${counted(days[1], AR_DAYS, AR_PLURALS, AR_NUMBER)} من ${one.ar} يقع ${AR_NUMBER.format(round1(ratio))} ضعف ما تعطيه الصدفة (${ltrInArabic(`p = ${formatP(pValue)}`)}).`,
  };
}

/** What a zone of raised risk says: where, until when, and why. */
export function explainZone(zone: {
  group: PatternGroupId;
  radiusM: number;
  until: number;
  ratio: number;
  from: number;
}): LocalizedText {
  const one = {
    en: counted(1, EN_NOUNS[zone.group], EN_PLURALS, EN_NUMBER)
      .replace(/^1 /, 'a ')
      .replace(/^a ([aeiou])/, 'an $1'),
    ar: `حالة ${AR_OF[zone.group]}`,
  };
  return {
    en: `Raised risk within ${EN_NUMBER.format(zone.radiusM)} m until ${EN_DATE.format(zone.until)}: ${EN_NUMBER.format(round1(zone.ratio))} times the usual after ${one.en} on ${EN_DATE.format(zone.from)}.`,
    ar: `خطر مرتفع ضمن ${AR_NUMBER.format(zone.radiusM)} م حتى ${AR_DATE.format(zone.until)}: ${AR_NUMBER.format(round1(zone.ratio))} ضعف المعتاد بعد ${one.ar} في ${AR_DATE.format(zone.from)}.`,
  };
}
