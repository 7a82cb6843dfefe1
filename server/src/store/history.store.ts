import type { HistoryRecord } from '@mirsad/shared';

// Past incidents loaded in bulk (`POST /api/history`): not the log (they were never worked in
// Mirsad), not the picture (they never reach the map, the wall or the figures), only the past
// the pattern analysis and the review compare the present with. A store of its own because a
// year of a ministry's records is millions of rows that no projection needs.

/** What one batch did: new records kept, and records already there by `(source, externalRef)`. */
export interface HistoryBatchResult {
  imported: number;
  duplicates: number;
}

/** One past case as the analysis reads it: where, when and what. */
export interface HistoryCase {
  /** `history:<source>:<externalRef>`. */
  id: string;
  sector: HistoryRecord['sector'];
  category: string;
  lon: number;
  lat: number;
  /** Reported at, ms since the epoch. */
  t: number;
}

/** Where past incidents are kept. */
export interface HistoryStore {
  /** Adds records in one transaction, skipping those whose `(source, externalRef)` is already kept. */
  addBatch(records: readonly HistoryRecord[]): Promise<HistoryBatchResult>;
  /** How many records are kept. */
  count(): Promise<number>;
  /** Whether any record is kept: an EXISTS, never a count, for checks on the request path. */
  hasAny(): Promise<boolean>;
  /** The cases of some sectors reported after `fromMs` and at or before `toMs`. */
  casesBetween(fromMs: number, toMs: number, sectors: readonly string[]): Promise<HistoryCase[]>;
}

/** The id a past record has in the analysis. */
export const historyCaseId = (source: string, externalRef: string): string =>
  `history:${source}:${externalRef}`;

/** A row of the `history` table as both backends read it for the analysis. */
export interface HistoryCaseRow {
  source: string;
  external_ref: string;
  sector: HistoryCase['sector'];
  category: string;
  reported_ms: number;
  lon: number;
  lat: number;
}

/** The case the analysis reads from a row of the `history` table. */
export const historyCaseOf = (row: HistoryCaseRow): HistoryCase => ({
  id: historyCaseId(row.source, row.external_ref),
  sector: row.sector,
  category: row.category,
  lon: row.lon,
  lat: row.lat,
  t: row.reported_ms,
});
