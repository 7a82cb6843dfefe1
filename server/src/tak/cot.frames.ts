import { StringDecoder } from 'node:string_decoder';

const OPEN = '<event';
const CLOSE = '</event>';
/** Whitespace and XML declarations (`<?xml …?>`) at the head of the buffer. */
const PROLOGUE = /^(?:\s|<\?xml[^>]*\?>)+/;

/** What a chunk of a CoT stream yielded: whole events, and what was thrown away. */
export interface FrameResult {
  events: string[];
  /** Events longer than the limit, skipped to their end. */
  oversized: number;
  /** Runs of bytes that were no event (text between events, a stray tag), skipped. */
  junk: number;
}

/**
 * Splits a TAK client's TCP stream into CoT events. A stream is events back to back
 * (`<event …>…</event>` or `<event …/>`), each optionally after an XML declaration, split
 * across reads anywhere, even inside a UTF-8 character. The buffer never holds more than
 * `maxEventBytes`: an event longer than that is skipped to its `</event>` and counted, and
 * what lies between events is dropped.
 */
export class CotFrameReader {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private isSkipping = false;

  constructor(private readonly maxEventBytes: number) {}

  /** Feeds one read; returns the events it completed. */
  push(chunk: Buffer): FrameResult {
    this.buffer += this.decoder.write(chunk);
    const result: FrameResult = { events: [], oversized: 0, junk: 0 };
    for (;;) {
      if (this.isSkipping) {
        const end = this.buffer.indexOf(CLOSE);
        if (end === -1) {
          // Keep just enough to find a `</event>` split across reads.
          this.buffer = this.buffer.slice(-(CLOSE.length - 1));
          return result;
        }
        this.buffer = this.buffer.slice(end + CLOSE.length);
        this.isSkipping = false;
      }
      // Whitespace and XML declarations go between events; a declaration cut by the read waits.
      this.buffer = this.buffer.replace(PROLOGUE, '');
      if (this.buffer.startsWith('<?') || (this.buffer !== '' && '<?'.startsWith(this.buffer)))
        return this.bounded(result);
      const start = this.buffer.indexOf(OPEN);
      if (start === -1) {
        // Keep only a tail that could be the beginning of `<event`, split across reads.
        const lt = this.buffer.lastIndexOf('<');
        const tail = lt === -1 ? '' : this.buffer.slice(lt);
        const keep = tail.length < OPEN.length && OPEN.startsWith(tail) ? tail : '';
        if (this.buffer.length > keep.length) result.junk += 1;
        this.buffer = keep;
        return result;
      }
      if (start > 0) {
        result.junk += 1;
        this.buffer = this.buffer.slice(start);
      }
      if (this.buffer.length <= OPEN.length) return this.bounded(result);
      // `<event` followed by anything but a space, `>` or `/` is another tag (`<events>`).
      if (!/[\s>/]/.test(this.buffer.charAt(OPEN.length))) {
        result.junk += 1;
        this.buffer = this.buffer.slice(OPEN.length);
        continue;
      }
      const end = this.endOfEvent();
      if (end === -1) return this.bounded(result);
      const event = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end);
      if (Buffer.byteLength(event) > this.maxEventBytes) result.oversized += 1;
      else result.events.push(event);
    }
  }

  /** Where the event at the head of the buffer ends (exclusive), or -1 while it is incomplete. */
  private endOfEvent(): number {
    const tagEnd = this.buffer.indexOf('>');
    if (tagEnd === -1) return -1;
    if (this.buffer.charAt(tagEnd - 1) === '/') return tagEnd + 1;
    const close = this.buffer.indexOf(CLOSE);
    return close === -1 ? -1 : close + CLOSE.length;
  }

  /** Past the limit with no end in sight: skip this event to its end. */
  private bounded(result: FrameResult): FrameResult {
    if (Buffer.byteLength(this.buffer) > this.maxEventBytes) {
      result.oversized += 1;
      this.isSkipping = true;
      this.buffer = this.buffer.slice(-(CLOSE.length - 1));
    }
    return result;
  }
}
