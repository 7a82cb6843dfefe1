/**
 * A wall screen's read-only display key (`/wall?key=<key>`): it signs the screen in without an
 * officer's session. The key is taken out of the visible address at once (so it is not left on
 * the screen, in a screenshot or in the history) and kept in sessionStorage, which lives as long
 * as the kiosk's tab. Every HTTP call sends it as `Authorization: Bearer`, the socket handshake
 * as `auth.token`; a page without a key keeps using the session cookie.
 */

/** The address parameter carrying a display key. */
export const KEY_PARAM = 'key';

/** sessionStorage key holding the display key of this tab. */
const STORAGE_KEY = 'mirsad.displayKey';

/** The longest key the server accepts in a handshake (shared's `HandshakeAuthSchema.token`). */
const KEY_MAX_LENGTH = 256;

let memoryKey: string | null = null;

/** The key an address carries, if any, and the address without it. */
export function splitKeyFromAddress(href: string): { key: string | null; address: string } {
  const url = new URL(href);
  const key = url.searchParams.get(KEY_PARAM)?.trim() ?? '';
  if (key === '') return { key: null, address: href };
  url.searchParams.delete(KEY_PARAM);
  return { key: key.length <= KEY_MAX_LENGTH ? key : null, address: url.toString() };
}

/**
 * Moves a `?key=` of the page's address into sessionStorage and out of the address. Called once
 * before the first request.
 */
export function adoptDisplayKeyFromAddress(): void {
  const { key, address } = splitKeyFromAddress(window.location.href);
  if (address !== window.location.href) window.history.replaceState(window.history.state, '', address);
  if (key === null) return;
  memoryKey = key;
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // No sessionStorage (privacy mode): the key still works until the page reloads.
  }
}

/** The display key of this tab, or null when the page runs on a person's session. */
export function displayKey(): string | null {
  if (memoryKey !== null) return memoryKey;
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The Authorization header for the display key, or nothing. */
export function displayKeyHeaders(): Record<string, string> {
  const key = displayKey();
  return key === null ? {} : { Authorization: `Bearer ${key}` };
}
