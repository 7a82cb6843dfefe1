import { describe, expect, it } from 'vitest';
import { CotFrameReader } from './cot.frames.js';

const event = (uid: string, detail = ''): string =>
  `<event version="2.0" uid="${uid}" type="a-f-G" time="2026-11-30T10:00:00Z" start="2026-11-30T10:00:00Z" stale="2026-11-30T10:05:00Z" how="m-g"><point lat="29.3" lon="47.9" hae="0" ce="9" le="9"/><detail>${detail}</detail></event>`;

/** Feeds `text` to a reader in the given pieces (as bytes) and collects everything it yields. */
function feed(reader: CotFrameReader, pieces: readonly Buffer[]) {
  const all = { events: [] as string[], oversized: 0, junk: 0 };
  for (const piece of pieces) {
    const result = reader.push(piece);
    all.events.push(...result.events);
    all.oversized += result.oversized;
    all.junk += result.junk;
  }
  return all;
}

const bytewise = (text: string): Buffer[] => [...Buffer.from(text)].map((byte) => Buffer.from([byte]));

describe('the CoT stream reader', () => {
  it('yields events split across reads anywhere, even inside a UTF-8 character, with XML declarations between them', () => {
    const callsign = '<contact callsign="دورية ١٢"/>';
    const stream = `<?xml version="1.0" encoding="UTF-8"?>\n${event('a', callsign)}\n<?xml version="1.0"?>${event('b')}`;
    const result = feed(new CotFrameReader(64 * 1024), bytewise(stream));
    expect(result.events).toEqual([event('a', callsign), event('b')]);
    expect(result).toMatchObject({ oversized: 0, junk: 0 });
  });

  it('yields self-closing events and events that arrive whole in one read', () => {
    const ping =
      '<event version="2.0" uid="x-ping" type="t-x-c-t" time="2026-11-30T10:00:00Z" start="2026-11-30T10:00:00Z" stale="2026-11-30T10:00:10Z" how="h-g-i-g-o"/>';
    const result = feed(new CotFrameReader(64 * 1024), [Buffer.from(ping + event('c') + event('d'))]);
    expect(result.events).toEqual([ping, event('c'), event('d')]);
  });

  it('skips an event over the limit to its end, counting it, and reads the next one, never holding more than the limit', () => {
    const reader = new CotFrameReader(2_048);
    const huge = event('huge', `<remarks>${'x'.repeat(50_000)}</remarks>`);
    const pieces = [
      Buffer.from(huge.slice(0, 1_000)),
      ...Array.from({ length: 60 }, (_, i) => Buffer.from(huge.slice(1_000 + i * 1_000, 2_000 + i * 1_000))),
    ];
    const result = feed(reader, [...pieces, Buffer.from(event('after'))]);
    expect(result.oversized).toBe(1);
    expect(result.events).toEqual([event('after')]);
  });

  it('drops what is no event between events, counting it, and keeps reading', () => {
    const result = feed(new CotFrameReader(64 * 1024), [
      Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      Buffer.from(`<eventful/>${event('e')}`),
    ]);
    expect(result.events).toEqual([event('e')]);
    expect(result.junk).toBeGreaterThan(0);
  });
});
