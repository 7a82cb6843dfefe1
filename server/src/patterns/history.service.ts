import { StringDecoder } from 'node:string_decoder';
import {
  HISTORY_BODY_MAX_BYTES,
  HistoryRecordSchema,
  type HistoryImportResult,
  type HistoryIssue,
  type HistoryRecord,
} from '@mirsad/shared';
import { HttpError } from '../errors.js';
import type { HistoryStore } from '../store/history.store.js';

/** Records written per transaction: big enough that a million load in minutes, small enough that one transaction takes a few ms of the event loop. */
export const HISTORY_BATCH = 250;

/** Longest line accepted, characters: a record with a detailed area fits many times over. */
export const HISTORY_LINE_MAX = 256 * 1024;

/** Most work between two yields to the event loop, ms: a load never holds the room's heartbeat. */
const SLICE_MS = 10;

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function issuesOf(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): HistoryIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Loads past incidents from an NDJSON stream: each line parsed with the shared schema, good
 * ones written in batches (each one transaction), bad ones named with their line number and
 * why, the event loop given back every few milliseconds. Idempotent per `(source,
 * externalRef)`: a line loaded before counts as a duplicate, a line repeated in the same body
 * too.
 */
export async function loadHistory(
  body: AsyncIterable<Buffer | string>,
  store: HistoryStore,
  maxBytes = HISTORY_BODY_MAX_BYTES,
): Promise<HistoryImportResult> {
  const decoder = new StringDecoder('utf8');
  const result: HistoryImportResult = { imported: 0, duplicates: 0, rejected: [] };
  let batch: HistoryRecord[] = [];
  let rest = '';
  let lineNumber = 0;
  let bytes = 0;
  let sliceStart = performance.now();

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const written = await store.addBatch(batch);
    result.imported += written.imported;
    result.duplicates += written.duplicates;
    batch = [];
  };
  const takeLine = async (line: string): Promise<void> => {
    lineNumber += 1;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') return;
    if (text.length > HISTORY_LINE_MAX) {
      result.rejected.push({
        line: lineNumber,
        issues: [{ path: '', message: `longer than ${HISTORY_LINE_MAX} characters` }],
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      result.rejected.push({
        line: lineNumber,
        issues: [
          { path: '', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` },
        ],
      });
      return;
    }
    const parsed = HistoryRecordSchema.safeParse(value);
    if (!parsed.success) {
      result.rejected.push({ line: lineNumber, issues: issuesOf(parsed.error) });
      return;
    }
    batch.push(parsed.data);
    if (batch.length >= HISTORY_BATCH) await flush();
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  };

  for await (const chunk of body) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (bytes > maxBytes) {
      await flush();
      throw new HttpError(
        413,
        'payload_too_large',
        `a history load takes at most ${maxBytes} bytes; lines 1 to ${lineNumber} were loaded (${result.imported} new): send the rest in another request (loading a line again is harmless)`,
      );
    }
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let newline = rest.indexOf('\n');
    while (newline !== -1) {
      await takeLine(rest.slice(start, newline));
      start = newline + 1;
      newline = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
    if (rest.length > HISTORY_LINE_MAX) {
      // A line that never ends: keep counting its characters without holding them.
      await takeLine(rest);
      rest = '';
    }
  }
  rest += decoder.end();
  if (rest !== '') await takeLine(rest);
  await flush();
  return result;
}
