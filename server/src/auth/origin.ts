import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Whether the peer at `address`, `hop` steps from the server, is a proxy whose forwarded headers are believed. */
export type TrustProxy = (address: string, hop: number) => boolean;

/** The trust function of TRUST_PROXY's addresses; with none, no peer is a trusted proxy. */
export function compileTrustProxy(addresses: readonly string[]): TrustProxy {
  return addresses.length === 0 ? () => false : proxyAddr.compile([...addresses]);
}

/** The last value of a header a chain of proxies may have appended to: the nearest proxy's. */
function lastForwarded(value: string | string[] | undefined): string | null {
  const joined = Array.isArray(value) ? value.join(',') : value;
  const last = joined?.split(',').at(-1)?.trim();
  return last ? last : null;
}

/**
 * The origin (scheme, host and port) a client addressed this request to: the connection's
 * own, or, from a trusted proxy, the one X-Forwarded-Proto and X-Forwarded-Host name. The
 * same reading Fastify gives `request.protocol` and `request.host` with the same trust.
 */
export function originOfRequest(raw: IncomingMessage, isTrusted: TrustProxy): string | null {
  const peer = raw.socket.remoteAddress;
  const isViaProxy = peer !== undefined && isTrusted(peer, 0);
  const isTls = 'encrypted' in raw.socket && raw.socket.encrypted === true;
  const scheme =
    (isViaProxy ? lastForwarded(raw.headers['x-forwarded-proto']) : null) ?? (isTls ? 'https' : 'http');
  const host = (isViaProxy ? lastForwarded(raw.headers['x-forwarded-host']) : null) ?? raw.headers.host;
  if (!host) return null;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Whether a browser Origin may act here: the server's own origin (scheme, host and port
 * compared exactly), or one of ALLOWED_ORIGINS.
 */
export function isAllowedOrigin(
  origin: string,
  ownOrigin: string | null,
  allowedOrigins: readonly string[],
): boolean {
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false; // `null` (sandboxed frames, file pages) and garbage alike
  }
  if (normalised === 'null') return false;
  return normalised === ownOrigin || allowedOrigins.some((allowed) => new URL(allowed).origin === normalised);
}

/**
 * Whether a request that carries the session cookie comes from a page of ours. Browsers send
 * Origin on every write and on every WebSocket handshake; a same-origin GET (socket.io's
 * polling) may come without one, and then Sec-Fetch-Site, which no page can forge, vouches
 * for it. No Origin and no Sec-Fetch-Site: not a browser we can vouch for, so refused.
 */
export function isFromOurPages(
  headers: IncomingHttpHeaders,
  ownOrigin: string | null,
  allowedOrigins: readonly string[],
): boolean {
  const origin = headers.origin;
  if (origin === undefined) return headers['sec-fetch-site'] === 'same-origin';
  return isAllowedOrigin(origin, ownOrigin, allowedOrigins);
}

/** The client's address: the connection's peer, or, through trusted proxies, the one they forwarded. */
export function clientAddress(raw: IncomingMessage, isTrusted: TrustProxy): string | null {
  return proxyAddr(raw, isTrusted) || null;
}
