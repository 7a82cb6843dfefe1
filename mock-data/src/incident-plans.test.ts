import { INTL_LOCALES, LOCALES, SECTOR_IDS, type Locale } from '@mirsad/shared';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { INCIDENT_PLANS, type CategoryPlan } from './incident-plans.js';
import { fillTemplate, type TemplateValues } from './incidents.js';

/** The element kinds of FormatJS's message AST (`TYPE` of @formatjs/icu-messageformat-parser). */
const ARGUMENT = 1;
const PLURAL = 6;

interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
}

/** The arguments of a template that count a noun, and so must be plurals. */
const COUNTED = new Set(['n', 'people', 'minutes']);

/** Every argument of a template: plain `{name}` or a plural, with the plural's branches. */
function argumentsOf(elements: readonly Element[], found = new Map<string, string[] | 'plain'>()) {
  for (const element of elements) {
    if (element.type === ARGUMENT) found.set(String(element.value), 'plain');
    if (element.type === PLURAL) found.set(String(element.value), Object.keys(element.options ?? {}));
    for (const option of Object.values(element.options ?? {})) argumentsOf(option.value, found);
  }
  return found;
}

const templates: { locale: Locale; template: string }[] = SECTOR_IDS.flatMap((sector) => {
  const categories: Readonly<Record<string, CategoryPlan>> = INCIDENT_PLANS[sector].categories;
  return Object.values(categories).flatMap((plan) =>
    LOCALES.flatMap((locale) =>
      [...plan.title[locale], ...plan.description[locale]].map((template) => ({ locale, template })),
    ),
  );
});

const values = (count: number): TemplateValues => ({
  at: 'X',
  n: count,
  people: count,
  minutes: count,
  crowd: 1200,
  depth: 40,
});

describe('the incident generator’s templates', () => {
  it('counts every noun with a plural that has each form of its language', () => {
    const bare: string[] = [];
    for (const { locale, template } of templates) {
      const ast = new IntlMessageFormat(template, INTL_LOCALES[locale]).getAst() as unknown as Element[];
      for (const [name, kind] of argumentsOf(ast)) {
        if (!COUNTED.has(name)) continue;
        if (kind === 'plain') bare.push(`${locale}: ${template}`);
        else
          expect(kind.sort()).toEqual(
            locale === 'ar' ? ['few', 'many', 'one', 'other', 'two'] : ['one', 'other'],
          );
      }
    }
    expect(bare).toEqual([]);
    // The generator's counts are not bent around the grammar: some templates really count.
    expect(templates.filter(({ template }) => template.includes('plural')).length).toBeGreaterThan(40);
  });

  it('fills every template at every plural form without a placeholder left', () => {
    for (const { locale, template } of templates)
      for (const count of [1, 2, 3, 10, 11, 99, 100, 102])
        expect(fillTemplate(template, locale, values(count))).not.toMatch(/[{}#]/);
  });

  it('writes Arabic counts as Arabic grammar wants them', () => {
    const collision = templates.find(({ template }) => template.startsWith('تصادم {n'));
    expect(collision).toBeDefined();
    const text = (count: number) => fillTemplate(collision?.template ?? '', 'ar', values(count));
    expect(text(1)).toMatch(/^تصادم مركبة واحدة /);
    expect(text(2)).toMatch(/^تصادم مركبتين /);
    expect(text(3)).toMatch(/^تصادم 3 مركبات /);
    expect(text(11)).toMatch(/^تصادم 11 مركبة /);
    expect(text(100)).toMatch(/^تصادم 100 مركبة /);
  });

  it('writes English counts in the singular for one', () => {
    const injured = templates.find(({ template }) => template.startsWith('A balcony fell'));
    expect(fillTemplate(injured?.template ?? '', 'en', values(1))).toContain('1 person injured');
    expect(fillTemplate(injured?.template ?? '', 'en', values(4))).toContain('4 people injured');
  });
});
