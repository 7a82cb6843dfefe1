import { toFieldIssues, type ApiError, type FieldIssue, type TooManyAttempts } from '@mirsad/shared';
import type { z } from 'zod';

/** An error that becomes an HTTP answer with an ApiError body. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
    /** Extra fields for the body, such as the current incident on a version conflict. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** The JSON body this error answers with. */
  toBody(): ApiError & Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      statusCode: this.statusCode,
      ...(this.issues ? { issues: this.issues } : {}),
      ...this.extra,
    };
  }
}

/** Parses untrusted input, or throws a 400 naming each bad field under `where` (body, query, params). */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error, where);
  const summary = issues.map((issue) => `${issue.path || where}: ${issue.message}`).join('; ');
  throw new HttpError(400, 'bad_request', `invalid ${where}: ${summary}`, issues);
}

/** 404 for a thing that does not exist. */
export function notFound(what: string): HttpError {
  return new HttpError(404, 'not_found', `${what} does not exist`);
}

/**
 * 429: too many attempts. The body is `TooManyAttempts` (shared/api.ts), which the client
 * reads rather than the message; the error handler also sends `Retry-After`.
 */
export class TooManyAttemptsError extends HttpError {
  constructor(
    code: TooManyAttempts['error'],
    message: string,
    readonly retryAfterSeconds: number,
    lockedUntil?: string,
  ) {
    super(429, code, message, undefined, {
      retryAfterSeconds,
      ...(lockedUntil === undefined ? {} : { lockedUntil }),
    });
  }
}
