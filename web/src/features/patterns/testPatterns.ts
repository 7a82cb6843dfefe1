import type { MirsadEvent, Pattern, PatternAcknowledgement } from '@mirsad/shared';
import { SERIES_DETECTED_AT } from '@mirsad/mock-data/testing';

/** An acknowledgement by a named officer at a minute after detection. */
export function makeAcknowledgement(
  minute: number,
  displayName = 'Criminal Security Officer',
): PatternAcknowledgement {
  return {
    by: 'user:crime',
    displayName,
    at: new Date(Date.parse(SERIES_DETECTED_AT) + minute * 60_000).toISOString(),
    note: null,
  };
}

let seq = 0;

/** A pattern event of the log, carrying `pattern` as the server sends it. */
export function patternEvent(
  type: 'pattern.detected' | 'pattern.acknowledged' | 'pattern.ended',
  pattern: Pattern,
): MirsadEvent {
  seq += 1;
  const envelope = {
    seq,
    id: `10000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    at: SERIES_DETECTED_AT,
    actor: 'system:patterns',
    exerciseId: null,
    sectors: pattern.sectors,
  };
  if (type === 'pattern.acknowledged') {
    const acknowledgement = pattern.acknowledgements.at(-1) ?? makeAcknowledgement(1);
    return { ...envelope, type, data: { pattern, acknowledgement } };
  }
  return { ...envelope, type, data: { pattern } };
}
