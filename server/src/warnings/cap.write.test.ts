import { describe, expect, it } from 'vitest';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_RESPONSE_TYPES,
  CAP_SEVERITIES,
  CAP_URGENCIES,
  GOVERNORATE_IDS,
  type Warning,
} from '@mirsad/shared';
import { loadGovernorates } from '@mirsad/mock-data';
import { parseCap } from './cap.read.js';
import { sampleWarning, xmllintFailures } from './cap.test-support.js';
import { capPolygon, capTime, toCapXml, xmlText } from './cap.write.js';

const governorates = loadGovernorates();
const write = (warning: Warning): string => toCapXml(warning, { governorates });

/** Text that has broken XML writers: markup, entities, CDATA ends, controls, lone surrogates, bidi marks. */
const HOSTILE =
  '<script>alert("x")</script> & &amp; &#0; ]]> <![CDATA[x]]> \u0000\u0007\u000B\uFFFE \uD800 lone \u202Eevil\u202C 🌧️ \'"';

const square = (lon: number, lat: number, size = 0.05): Warning['area']['polygons'][number] => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

const LANGUAGES = ['ar', 'en', 'ur', 'hi', 'tl', 'bn', 'fa', 'ml', 'en-US', 'ar-KW'];

/** Every message the product can produce, by kind: each enumeration value, each kind of area, languages, hostile text. */
function everyMessage(): { name: string; warning: Warning }[] {
  const out: { name: string; warning: Warning }[] = [];
  const reference = {
    sender: 'mirsad@moi.gov.kw',
    identifier: 'mirsad.moi.gov.kw.0b0c0d0e-1111-4222-8333-444455556666',
    sent: '2026-11-30T19:00:00+03:00',
  };
  for (const msgType of CAP_MSG_TYPES.filter((t) => t === 'Alert' || t === 'Update' || t === 'Cancel'))
    for (const status of ['Actual', 'Exercise'] as const)
      for (const state of ['draft', 'issued', 'updated', 'cancelled', 'expired'] as const)
        out.push({
          name: `${msgType} ${status} ${state}`,
          warning: sampleWarning({
            msgType,
            status,
            state,
            sent: state === 'draft' ? null : '2026-11-30T16:00:00.000Z',
            approvedBy: state === 'draft' ? null : { actor: 'user:commander', displayName: 'Commander' },
            references: msgType === 'Alert' ? [] : [reference],
            note: msgType === 'Alert' ? null : `${msgType} because the rain moved east`,
            responseType: msgType === 'Cancel' ? ['AllClear'] : ['Shelter'],
            exerciseId: status === 'Exercise' ? 'ex-1' : null,
          }),
        });
  const longest = Math.max(
    CAP_CATEGORIES.length,
    CAP_RESPONSE_TYPES.length,
    CAP_URGENCIES.length,
    CAP_SEVERITIES.length,
    CAP_CERTAINTIES.length,
  );
  for (let i = 0; i < longest; i++) {
    const pick = <T>(values: readonly T[]): T => values[i % values.length] as T;
    out.push({
      name: `enumerations ${i}`,
      warning: sampleWarning({
        category: [pick(CAP_CATEGORIES), CAP_CATEGORIES[(i + 5) % CAP_CATEGORIES.length] ?? 'Other'],
        responseType: i % 4 === 0 ? [] : [pick(CAP_RESPONSE_TYPES)],
        urgency: pick(CAP_URGENCIES),
        severity: pick(CAP_SEVERITIES),
        certainty: pick(CAP_CERTAINTIES),
        onset: i % 3 === 0 ? null : '2026-11-30T21:30:00.999Z',
      }),
    });
  }
  const area = (overrides: Partial<Warning['area']>): Warning['area'] => ({
    description: { ar: 'المنطقة', en: 'The area' },
    polygons: [],
    circles: [],
    governorates: [],
    geocodes: [],
    ...overrides,
  });
  out.push({ name: 'a polygon', warning: sampleWarning({ area: area({ polygons: [square(47.9, 29.3)] }) }) });
  out.push({
    name: 'a circle',
    warning: sampleWarning({
      area: area({ circles: [{ center: [48.0712345678, 29.3691], radiusKm: 2.5 }] }),
    }),
  });
  for (const id of GOVERNORATE_IDS)
    out.push({ name: `governorate ${id}`, warning: sampleWarning({ area: area({ governorates: [id] }) }) });
  out.push({
    name: 'every kind of area at once',
    warning: sampleWarning({
      area: area({
        polygons: [square(47.9, 29.3), square(48.05, 29.1, 0.000001)],
        circles: [
          { center: [47.5, 29.5], radiusKm: 0.1 },
          { center: [-0.0000001, -89.9999], radiusKm: 1000 },
        ],
        governorates: [...GOVERNORATE_IDS],
        geocodes: [{ valueName: 'SAME', value: '006109' }],
      }),
    }),
  });
  out.push({
    name: 'many languages',
    warning: sampleWarning({
      info: LANGUAGES.map((language) => ({
        language,
        headline: `Heavy rain (${language})`,
        description: `Description in ${language}`,
        instruction: language === 'tl' ? '' : `Instruction in ${language}`,
      })),
    }),
  });
  out.push({
    name: 'hostile text everywhere',
    warning: sampleWarning({
      event: HOSTILE.slice(0, 200),
      senderName: HOSTILE,
      note: HOSTILE,
      info: [
        { language: 'ar', headline: HOSTILE.slice(0, 160), description: HOSTILE, instruction: HOSTILE },
        { language: 'en', headline: HOSTILE.slice(0, 160), description: HOSTILE, instruction: HOSTILE },
      ],
      area: area({ description: { ar: HOSTILE, en: HOSTILE }, polygons: [square(47.9, 29.3)] }),
    }),
  });
  out.push({
    name: 'a time across midnight in Kuwait',
    warning: sampleWarning({ sent: '2026-12-31T21:30:00.500Z', expires: '2027-01-01T20:59:59.999Z' }),
  });
  return out;
}

describe('CAP out', () => {
  const messages = everyMessage();

  it('writes every kind of message the product can produce valid against the OASIS CAP 1.2 schema', async () => {
    expect(messages.length).toBeGreaterThan(50);
    const xmls = messages.map(({ warning }) => write(warning));
    const failures = await xmllintFailures(xmls);
    expect(failures).toEqual([]);
  });

  it('writes times with the +03:00 offset, to the second, never Z', () => {
    for (const { warning } of messages) {
      const xml = write(warning);
      const times = [...xml.matchAll(/<(sent|effective|onset|expires)>([^<]*)</g)].map((m) => m[2]);
      expect(times.length).toBeGreaterThan(0);
      for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);
    }
    expect(capTime('2026-12-31T21:30:00.500Z')).toBe('2027-01-01T00:30:00+03:00');
    expect(capTime('2026-11-30T17:05:07.999Z')).toBe('2026-11-30T20:05:07+03:00');
  });

  it('writes polygons as closed rings of at least four lat,lon pairs', () => {
    let count = 0;
    for (const { warning } of messages) {
      for (const [, text] of write(warning).matchAll(/<polygon>([^<]*)</g)) {
        count += 1;
        const pairs = (text ?? '').split(' ');
        expect(pairs.length).toBeGreaterThanOrEqual(4);
        expect(pairs[0]).toBe(pairs.at(-1));
        for (const pair of pairs) {
          const [lat, lon] = pair.split(',').map(Number);
          // Kuwait: latitude about 28.5–30.1, longitude 46.5–48.5; swapped pairs would fail.
          expect(lat).toBeGreaterThan(28);
          expect(lat).toBeLessThan(31);
          expect(lon).toBeGreaterThan(46);
          expect(lon).toBeLessThan(49);
          expect(pair).not.toMatch(/e/i);
        }
      }
    }
    expect(count).toBeGreaterThan(GOVERNORATE_IDS.length);
    expect(
      capPolygon([
        [47, 29],
        [48, 29],
        [48, 30],
      ]),
    ).toBe('29,47 29,48 30,48 29,47');
  });

  it('writes one info block per language, in each language its own area description', () => {
    const xml = write(messages.find((m) => m.name === 'many languages')?.warning ?? sampleWarning());
    const languages = [...xml.matchAll(/<language>([^<]*)</g)].map((m) => m[1]);
    expect(languages).toEqual(LANGUAGES);
    const arabic = write(sampleWarning());
    expect(arabic).toMatch(/<language>ar<\/language>[\s\S]*<areaDesc>محافظة العاصمة<\/areaDesc>/);
    expect(arabic).toMatch(/<language>en<\/language>[\s\S]*<areaDesc>Capital governorate<\/areaDesc>/);
  });

  it('escapes hostile text so it reads back exactly, less the characters XML cannot carry', () => {
    const hostile = messages.find((m) => m.name === 'hostile text everywhere')?.warning ?? sampleWarning();
    const xml = write(hostile);
    expect(xml).not.toContain('<script>');
    const back = parseCap(xml);
    const expected = HOSTILE.replace(/[\u0000\u0007\u000B\uFFFE]|\uD800/g, '').trim();
    expect(back.content?.info[1]?.description).toBe(expected);
    expect(back.note).toBe(expected);
    expect(xmlText('a & b < c')).toBe('a &amp; b &lt; c');
  });

  it('writes identifier and sender without spaces, commas, < or &, and references as sender,identifier,sent', () => {
    for (const { warning } of messages) {
      const xml = write(warning);
      for (const [, value] of xml.matchAll(/<(?:identifier|sender)>([^<]*)</g))
        expect(value).toMatch(/^[^\s,<&]+$/);
      if (warning.references.length > 0)
        expect(xml).toContain(
          '<references>mirsad@moi.gov.kw,mirsad.moi.gov.kw.0b0c0d0e-1111-4222-8333-444455556666,2026-11-30T19:00:00+03:00</references>',
        );
    }
  });

  it('marks a draft Draft and an exercise’s message Exercise, so no receiver acts on either', () => {
    expect(write(sampleWarning({ state: 'draft', sent: null }))).toContain('<status>Draft</status>');
    expect(write(sampleWarning({ status: 'Exercise', exerciseId: 'ex-1' }))).toContain(
      '<status>Exercise</status>',
    );
    expect(write(sampleWarning())).toContain('<status>Actual</status>');
  });
});
