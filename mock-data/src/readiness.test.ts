import { describe, expect, it } from 'vitest';
import { READINESS_GUIDES, ReadinessGuideSchema, type ReadinessGuide } from './readiness.js';

const ARABIC = /[\u0600-\u06ff]/;

/** Every line a resident reads in a guide, with where it is. */
function linesOf(guide: ReadinessGuide): { where: string; en: string; ar: string }[] {
  return [
    { where: `${guide.id} title`, ...guide.title },
    { where: `${guide.id} summary`, ...guide.summary },
    ...guide.stages.flatMap((stage, s) => [
      { where: `${guide.id} stage ${s} title`, ...stage.title },
      ...stage.steps.map((step, i) => ({ where: `${guide.id} stage ${s} step ${i}`, ...step })),
    ]),
  ];
}

const lines = READINESS_GUIDES.flatMap(linesOf);
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const sentences = (text: string) => text.split(/(?<=[.!?:؟])\s+/).filter(Boolean);

/**
 * Words a reviewer of public notices strikes out for a plainer one (the plain one beside it):
 * official and technical register that a resident reading in a hurry may not know.
 */
const JARGON = [
  'evacuate', // leave
  'commence', // start
  'precipitation', // rain
  'inundat', // flood
  'utilize', // use
  'prior to', // before
  'in the event', // if
  'personnel', // people
  'authorities', // name who
  'ensure', // make sure
];

describe('readiness guidance', () => {
  it('has guides for heavy rain and for fire, each valid against its schema', () => {
    expect(READINESS_GUIDES.map((guide) => guide.id).sort()).toEqual(['fire', 'heavy-rain']);
    for (const guide of READINESS_GUIDES) expect(ReadinessGuideSchema.parse(guide)).toEqual(guide);
  });

  it('says every line in Arabic and in English', () => {
    for (const line of lines) {
      expect(line.ar, line.where).toMatch(ARABIC);
      expect(line.en, line.where).not.toMatch(ARABIC);
    }
  });

  it('keeps to short sentences a resident can read at a glance (at most 16 words)', () => {
    for (const line of lines) {
      for (const sentence of [...sentences(line.en), ...sentences(line.ar)])
        expect(words(sentence).length, `${line.where}: ${sentence}`).toBeLessThanOrEqual(16);
    }
  });

  it('uses everyday words, not the official register', () => {
    for (const line of lines)
      for (const word of JARGON) expect(line.en.toLowerCase(), line.where).not.toContain(word);
  });

  it('gives each step as one instruction that starts with what to do', () => {
    // An instruction opens with its verb ("Stay", "Call", "If …, call"): no lead-in such as
    // "It is recommended that" or "Residents should".
    for (const guide of READINESS_GUIDES)
      for (const step of guide.stages.flatMap((stage) => stage.steps))
        expect(step.en).not.toMatch(/^(it is|residents|you should|people should|citizens)/i);
  });
});
