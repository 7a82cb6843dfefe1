import { ApiErrorSchema, type ApiError } from '@mirsad/shared';

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
export async function requestJson<T>(
  path: string,
  parser: Parser<T>,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers:
      init.body === undefined
        ? { Accept: 'application/json' }
        : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: init.body === undefined ? null : JSON.stringify(init.body),
    signal: init.signal ?? null,
  });
  const json = await readJson(response);
  if (!response.ok) {
    const parsed = ApiErrorSchema.safeParse(json);
    throw new ApiRequestError(response.status, parsed.success ? parsed.data : null, json);
  }
  return parser.parse(json);
}
