import { ApiErrorSchema, type ApiError } from '@mirsad/shared';
import { displayKeyHeaders } from './displayKey.js';

/** Anything with zod's `parse`: the shared schemas, so responses are checked against the contract. */
export interface Parser<T> {
  parse: (value: unknown) => T;
}

/** A request the server answered with an error status, carrying its ApiError body when it sent one. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    readonly status: number,
    readonly body: ApiError | null,
    /** The raw JSON body, for answers with more than ApiError (a 409 carries `current`). */
    readonly rawBody: unknown,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

const unauthorizedListeners = new Set<() => void>();

/**
 * Calls `listener` whenever the server answers 401 to a request: the session ended (expired,
 * logged out elsewhere, server restarted with a new secret). The auth module listens and shows
 * the login screen; returns a function that stops listening.
 */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

/** Tells every listener that the session is gone; also used for a refused socket handshake. */
export function notifyUnauthorized(): void {
  for (const listener of [...unauthorizedListeners]) listener();
}

/** A parser for answers with no body (204), such as logout. */
export const NO_CONTENT: Parser<undefined> = { parse: () => undefined };

/** A parser for one field of an object answer, such as `notes` of `{ notes: Note[] }`. */
export function fieldOf<T>(key: string, parser: Parser<T>): Parser<T> {
  return {
    parse: (value) => {
      if (typeof value !== 'object' || value === null || !(key in value)) {
        throw new Error(`the answer has no ${key}`);
      }
      return parser.parse((value as Record<string, unknown>)[key]);
    },
  };
}

/** The error code of a failed request (`version_conflict`, `forbidden`…), or null. */
export function errorCodeOf(error: unknown): string | null {
  return error instanceof ApiRequestError ? (error.body?.error ?? null) : null;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Sends a request to the Mirsad API on this origin and parses the answer with a shared schema.
 * A body that does not match the schema throws: the client and server disagree on the
 * contract, which is better seen at once than as a blank field later.
 */
export async function requestJson<T>(path: string, parser: Parser<T>, init: ApiRequestInit = {}): Promise<T> {
  return parser.parse(await readJson(await send(path, init)));
}

/**
 * Sends a GET to the Mirsad API and answers with the body's bytes, unparsed, for a caller that
 * parses them elsewhere (a large answer in a worker: see `features/incidents/pictureParse.ts`).
 * An error answer throws as `requestJson`'s does.
 */
export async function requestBytes(
  path: string,
  init: Pick<ApiRequestInit, 'signal'> = {},
): Promise<ArrayBuffer> {
  return (await send(path, init)).arrayBuffer();
}

/** What a request to the API may carry. */
interface ApiRequestInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 here means wrong credentials, not a lost session: listeners are not told. */
  isSignIn?: boolean;
}

/** Sends the request; answers with the response when it is a success, and throws the API's error when not. */
async function send(path: string, init: ApiRequestInit): Promise<Response> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      Accept: 'application/json',
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      // A wall screen signed in with a display key; nothing for a person's session.
      ...displayKeyHeaders(),
    },
    body: init.body === undefined ? null : JSON.stringify(init.body),
    signal: init.signal ?? null,
    // The session cookie is same-origin and HttpOnly: the browser sends it; no token in JS.
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const json = await readJson(response);
    const parsed = ApiErrorSchema.safeParse(json);
    if (response.status === 401 && init.isSignIn !== true) notifyUnauthorized();
    throw new ApiRequestError(response.status, parsed.success ? parsed.data : null, json);
  }
  return response;
}
