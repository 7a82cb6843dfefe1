import { StringDecoder } from 'node:string_decoder';

const OPEN = '<event';
const CLOSE = '</event>';

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
      const start = this.buffer.indexOf(OPEN);
      if (start === -1) {
        if (!isPrologue(this.buffer)) {
          // Keep only a tail that could be the beginning of `<event`, split across reads.
          const lt = this.buffer.lastIndexOf('<');
          const tail = lt === -1 ? '' : this.buffer.slice(lt);
          const keep = tail.length < OPEN.length && OPEN.startsWith(tail) ? tail : '';
          if (this.buffer.slice(0, this.buffer.length - keep.length).trim() !== '') result.junk += 1;
          this.buffer = keep;
        }
        return this.bounded(result);
      }
      if (start > 0) {
        if (!isPrologue(this.buffer.slice(0, start))) result.junk += 1;
        this.buffer = this.buffer.slice(start);
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
    // A character after `<event` that is not a space or `>` or `/` means another tag (`<events>`).
    const next = this.buffer.charAt(OPEN.length);
    if (!/[\s>/]/.test(next)) return OPEN.length;
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

/** Whether text between events is only whitespace and XML declarations (`<?xml …?>`), which streams carry. */
function isPrologue(text: string): boolean {
  return text.replace(/<\?xml[^>]*\?>/g, '').trim() === '' || /^\s*<\?xml[^>]*$/.test(text);
}
