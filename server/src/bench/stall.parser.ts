// A socket.io parser for the stall benchmark's clients that decodes each distinct frame once
// per process instead of once per client. The server sends the same `log.events` frame, byte
// for byte, to every client in the commander's rooms; with a thousand clients in one process,
// socket.io-client's own parser ran JSON.parse on it a thousand times, so the load generator
// spent its CPU there and its lag was counted as the server's. Every client still receives its
// own bytes over its own WebSocket and engine.io connection (pings, reconnects, handshake), and
// still gets its own packet object; only the JSON of identical text is shared (read-only).
// Text packets only: the server sends no binary attachments on these events.
import { EventEmitter } from 'node:events';

interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

/** Frames remembered, newest last: a broadcast's copies arrive within one turn, so a few are plenty. */
const REMEMBERED_FRAMES = 16;
const remembered = new Map<string, Packet>();
/** Frames decoded, and frames answered from what was remembered, since the process began. */
export const parserCounts = { decoded: 0, shared: 0 };

/** The socket.io packet types that carry binary attachments (BINARY_EVENT, BINARY_ACK). */
const BINARY_TYPES = new Set([5, 6]);

function decode(text: string): Packet {
  const type = Number(text.charAt(0));
  if (!Number.isInteger(type) || type < 0 || type > 6)
    throw new Error(`unknown packet type ${text.charAt(0)}`);
  if (BINARY_TYPES.has(type)) throw new Error('binary packets are not expected by the stall benchmark');
  let i = 1;
  let nsp = '/';
  if (text.charAt(i) === '/') {
    const comma = text.indexOf(',', i);
    const end = comma === -1 ? text.length : comma;
    nsp = text.slice(i, end);
    i = end + 1;
  }
  let idEnd = i;
  while (idEnd < text.length && text.charCodeAt(idEnd) >= 48 && text.charCodeAt(idEnd) <= 57) idEnd += 1;
  const packet: Packet = { type, nsp };
  if (idEnd > i) packet.id = Number(text.slice(i, idEnd));
  if (idEnd < text.length) packet.data = JSON.parse(text.slice(idEnd)) as unknown;
  return packet;
}

export class Encoder {
  encode(packet: Packet): string[] {
    if (BINARY_TYPES.has(packet.type)) throw new Error('binary packets are not sent by the stall benchmark');
    const nsp = packet.nsp === '/' ? '' : `${packet.nsp},`;
    const data = packet.data === undefined ? '' : JSON.stringify(packet.data);
    return [`${packet.type}${nsp}${packet.id ?? ''}${data}`];
  }
}

export class Decoder extends EventEmitter {
  add(frame: unknown): void {
    if (typeof frame !== 'string') throw new Error('binary frames are not expected by the stall benchmark');
    let packet = remembered.get(frame);
    if (packet) parserCounts.shared += 1;
    else {
      packet = decode(frame);
      parserCounts.decoded += 1;
      remembered.set(frame, packet);
      if (remembered.size > REMEMBERED_FRAMES) remembered.delete(remembered.keys().next().value ?? '');
    }
    // Each client its own packet and argument list (socket.io-client appends an ack to the
    // arguments of a packet with an id); the decoded events themselves are shared, read-only.
    const data = Array.isArray(packet.data) ? [...(packet.data as unknown[])] : packet.data;
    this.emit('decoded', { ...packet, data });
  }

  /** Nothing to drop: no packet is ever half-decoded (no binary attachments). */
  destroy(): void {}
}

/** The parser as socket.io-client's `parser` option takes it. */
export const sharedDecodingParser = { protocol: 5, Encoder, Decoder };
