import type { MirsadEvent, Pattern, PatternAcknowledgement } from '@mirsad/shared';

/** The pattern an event carries, or null for events that are not pattern watch's. */
export function patternOf(event: MirsadEvent): Pattern | null {
  return event.type === 'pattern.detected' ||
    event.type === 'pattern.acknowledged' ||
    event.type === 'pattern.ended'
    ? event.data.pattern
    : null;
}

const acknowledgementKey = (ack: PatternAcknowledgement): string => `${ack.by}@${ack.at}`;

/**
 * The later of two copies of one pattern. A pattern only moves forward (active to ended, more
 * acknowledgements), and has no version: so an event replayed after a list that was read later
 * (the list already holds its acknowledgement) must not take the acknowledgement away. Ended is
 * final; acknowledgements are the union of both, oldest first; the rest is the copy that moved
 * furthest (an ended copy carries the cluster as last seen).
 */
export function laterPattern(held: Pattern, next: Pattern): Pattern {
  const acknowledgements = new Map<string, PatternAcknowledgement>();
  for (const ack of [...held.acknowledgements, ...next.acknowledgements])
    acknowledgements.set(acknowledgementKey(ack), ack);
  const isEnded = held.status === 'ended' || next.status === 'ended';
  const newer = next.status === 'ended' || held.status !== 'ended' ? next : held;
  const merged: Pattern = {
    ...newer,
    status: isEnded ? 'ended' : 'active',
    endedAt: newer.endedAt ?? held.endedAt,
    acknowledgements: [...acknowledgements.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
  };
  // Nothing moved forward: keep the held copy, so nothing re-renders for a replayed event.
  const isSame =
    merged.status === held.status && merged.acknowledgements.length === held.acknowledgements.length;
  return isSame ? held : merged;
}

/**
 * Folds pattern events into the active series: new ones join, acknowledged ones take their
 * acknowledgement, ended ones leave. Returns the same list when the batch does not touch it, so
 * nothing re-renders.
 */
export function applyEventsToActivePatterns(
  patterns: readonly Pattern[],
  events: readonly MirsadEvent[],
): Pattern[] {
  let byId: Map<string, Pattern> | null = null;
  let ended: Set<string> | null = null;
  for (const event of events) {
    const next = patternOf(event);
    if (!next) continue;
    byId ??= new Map(patterns.map((pattern) => [pattern.id, pattern]));
    ended ??= new Set();
    const held = byId.get(next.id);
    const merged = held ? laterPattern(held, next) : next;
    if (merged.status === 'ended') {
      byId.delete(next.id);
      ended.add(next.id);
    } else if (!ended.has(next.id)) {
      byId.set(next.id, merged);
    }
  }
  if (!byId) return patterns as Pattern[];
  const next = [...byId.values()];
  const isUnchanged =
    next.length === patterns.length && next.every((pattern, index) => pattern === patterns[index]);
  return isUnchanged ? (patterns as Pattern[]) : next;
}

/** Puts one pattern (an answer of the server) into the active series, or takes it out once ended. */
export function withPattern(patterns: readonly Pattern[], pattern: Pattern): Pattern[] {
  const held = patterns.find((p) => p.id === pattern.id);
  const merged = held ? laterPattern(held, pattern) : pattern;
  if (merged.status === 'ended') return patterns.filter((p) => p.id !== pattern.id);
  if (merged === held) return patterns as Pattern[];
  return held ? patterns.map((p) => (p.id === pattern.id ? merged : p)) : [...patterns, merged];
}

/** Whether a series still waits for someone to acknowledge it: going on, and nobody has. */
export function isAwaitingAcknowledgement(pattern: Pattern): boolean {
  return pattern.status === 'active' && pattern.acknowledgements.length === 0;
}

/** The series alive at a moment of the log: detected by then and not yet ended. */
export function patternsAliveAt(patterns: readonly Pattern[], atMs: number): Pattern[] {
  return patterns.filter(
    (pattern) =>
      Date.parse(pattern.detectedAt) <= atMs &&
      (pattern.endedAt === null || Date.parse(pattern.endedAt) > atMs),
  );
}

/** One line of a log's pattern history: a series detected, acknowledged or ended. */
export interface PatternHistoryEntry {
  key: string;
  kind: 'detected' | 'acknowledged' | 'ended';
  at: string;
  pattern: Pattern;
  /** Who acknowledged it; null for what pattern watch itself did. */
  by: string | null;
}

/** What happened to a log's series between two moments, oldest first. */
export function patternHistory(
  patterns: readonly Pattern[],
  fromMs: number,
  toMs: number,
): PatternHistoryEntry[] {
  const entries: PatternHistoryEntry[] = [];
  const isInRange = (at: string): boolean => {
    const ms = Date.parse(at);
    return ms >= fromMs && ms <= toMs;
  };
  for (const pattern of patterns) {
    if (isInRange(pattern.detectedAt))
      entries.push({
        key: `${pattern.id}:detected`,
        kind: 'detected',
        at: pattern.detectedAt,
        pattern,
        by: null,
      });
    for (const ack of pattern.acknowledgements) {
      if (isInRange(ack.at))
        entries.push({
          key: `${pattern.id}:ack:${acknowledgementKey(ack)}`,
          kind: 'acknowledged',
          at: ack.at,
          pattern,
          by: ack.displayName,
        });
    }
    if (pattern.endedAt !== null && isInRange(pattern.endedAt))
      entries.push({ key: `${pattern.id}:ended`, kind: 'ended', at: pattern.endedAt, pattern, by: null });
  }
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
