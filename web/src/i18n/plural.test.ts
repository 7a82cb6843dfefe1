import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { INTL_LOCALES } from './format.js';
import { MESSAGES, formatMessage, type MessageKey } from './messages.js';

/** The element kinds of FormatJS's message AST (`TYPE` of @formatjs/icu-messageformat-parser). */
const ARGUMENT = 1;
const PLURAL = 6;

interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
}

/** Every argument of a message, with whether it is a plain `{name}` or a plural. */
function argumentsOf(
  elements: readonly Element[],
  found: Map<string, 'plain' | 'plural' | 'other'> = new Map(),
) {
  for (const element of elements) {
    if (element.type === ARGUMENT)
      found.set(String(element.value), found.get(String(element.value)) ?? 'plain');
    else if (element.type === PLURAL) found.set(String(element.value), 'plural');
    else if (typeof element.value === 'string' && element.type !== 0) found.set(element.value, 'other');
    for (const option of Object.values(element.options ?? {})) argumentsOf(option.value, found);
  }
  return found;
}

const astOf = (locale: 'ar' | 'en', key: MessageKey) =>
  new IntlMessageFormat(MESSAGES[locale][key], INTL_LOCALES[locale]).getAst() as unknown as Element[];

/** Plural elements anywhere in a message. */
function pluralsOf(elements: readonly Element[]): Element[] {
  return elements.flatMap((element) => [
    ...(element.type === PLURAL ? [element] : []),
    ...Object.values(element.options ?? {}).flatMap((option) => pluralsOf(option.value)),
  ]);
}

/**
 * Arguments that carry a count of something. A count beside a noun must be a plural in Arabic
 * (one, two, 3–10, 11–99 and 100+ take different forms of the noun).
 */
const COUNT_ARGUMENTS = new Set([
  'count',
  'seconds',
  'minutes',
  'hours',
  'people',
  'places',
  'injects',
  'expectations',
  'open',
  'capacity',
  'occupancy',
  'shown',
  'total',
  'fired',
  'value',
  'min',
  's',
  'h',
  'depth',
  'rate',
  'speed',
  'metres',
]);

/**
 * Messages where a count stands without a noun that agrees with it, so no plural is needed:
 * a fraction (`3 / 12`, `3 من 12`), a count after a heading's colon or in brackets, or an
 * abbreviated unit (`5 د`, `300 م`, `20 mm/h`), which Arabic does not inflect.
 */
const WITHOUT_AGREEMENT: ReadonlySet<MessageKey> = new Set<MessageKey>([
  'list.count',
  'presence.more',
  'units.metres',
  'units.kilometres',
  'wall.figuresUpdated',
  'wall.seconds',
  'wall.minutes',
  'review.duration.s',
  'review.duration.min',
  'review.duration.h',
  'review.chart.target',
  'training.minutes',
  'training.speedValue',
  'training.menu.button',
  'training.detail.of',
  'training.timeline.title',
  'training.overlay.rainRate',
  'training.overlay.floodDetail',
  // The shelters' numbers after the plural count are a fraction, `{occupancy} / {capacity}`.
  'training.conditions.shelterLoad',
  'shelters.occupancy',
  // The minutes are a plural; the metres are an abbreviated unit.
  'links.why',
  // The metres-free minutes are a plural; `{people}` heads a fraction (`120 من 300 مكان`).
  'shelters.total',
]);

const KEYS = Object.keys(MESSAGES.en) as MessageKey[];
const ARABIC_CATEGORIES = new Intl.PluralRules('ar').resolvedOptions().pluralCategories;
const SAMPLE_COUNTS = [0, 1, 2, 3, 11, 100];

describe('the messages', () => {
  it('are all valid ICU MessageFormat in both languages', () => {
    for (const key of KEYS) {
      expect(() => astOf('ar', key), `ar ${key}`).not.toThrow();
      expect(() => astOf('en', key), `en ${key}`).not.toThrow();
    }
  });

  it('take the same arguments in Arabic and English', () => {
    for (const key of KEYS) {
      expect([...argumentsOf(astOf('ar', key)).keys()].sort(), key).toEqual(
        [...argumentsOf(astOf('en', key)).keys()].sort(),
      );
    }
  });

  it('make every count beside an Arabic noun a plural', () => {
    const bare = KEYS.filter((key) => !WITHOUT_AGREEMENT.has(key)).flatMap((key) =>
      [...argumentsOf(astOf('ar', key))]
        .filter(([name, kind]) => COUNT_ARGUMENTS.has(name) && kind === 'plain')
        .map(([name]) => `${key}: {${name}}`),
    );
    expect(bare).toEqual([]);
  });

  it('give every Arabic plural all six of its forms: zero, one, two, few, many, other', () => {
    expect([...ARABIC_CATEGORIES].sort()).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    for (const key of KEYS) {
      for (const plural of pluralsOf(astOf('ar', key))) {
        expect(Object.keys(plural.options ?? {}).sort(), `${key} {${String(plural.value)}}`).toEqual(
          [...ARABIC_CATEGORIES].sort(),
        );
      }
    }
  });

  it('read for 0, 1, 2, 3, 11 and 100 with no braces left over and a form for each', () => {
    const counted = KEYS.filter((key) => pluralsOf(astOf('ar', key)).length > 0);
    expect(counted.length).toBeGreaterThan(10);
    for (const key of counted) {
      const names = [...argumentsOf(astOf('ar', key)).keys()];
      for (const locale of ['ar', 'en'] as const) {
        const texts = SAMPLE_COUNTS.map((count) =>
          formatMessage(locale, key, Object.fromEntries(names.map((name) => [name, count]))),
        );
        for (const text of texts) expect(text, `${locale} ${key}`).not.toMatch(/[{}]/);
        // Arabic's forms for 0, 1, 2, 3–10, 11–99 and 100 differ; each count gets its own words.
        if (locale === 'ar') expect(new Set(texts).size, key).toBe(SAMPLE_COUNTS.length);
      }
    }
  });

  it('say "two" in Arabic with the dual, not the number', () => {
    expect(formatMessage('ar', 'training.list.trainees', { count: 2 })).toBe('متدربان');
    expect(formatMessage('ar', 'training.list.trainees', { count: 11 })).toBe('11 متدربًا');
    expect(formatMessage('en', 'training.list.trainees', { count: 1 })).toBe('1 trainee');
  });
});
