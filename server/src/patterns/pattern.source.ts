import path from 'node:path';
import type { HistoryCase, HistoryStore } from '../store/history.store.js';
import type { IncidentCase, StoreLocation } from '../store/event.store.js';
import { connectPg } from '../store/pg.database.js';
import { PgHistoryStore } from '../store/pg.history.js';
import { PgEventStore } from '../store/pg.store.js';
import { openSqlite, openSqliteReadOnly } from '../store/sqlite.database.js';
import { SqliteHistoryStore } from '../store/sqlite.history.js';
import { SqliteEventStore } from '../store/sqlite.store.js';

// What pattern watch's worker threads open on their own connection to the store, whichever it
// is: the analysis reads past records and a log's incidents; a history load writes records.
// Both backends answer the same questions with the same rows (pattern.routes.test.ts runs on
// each), so the analysis never knows which one it reads.

/** The cases the analysis reads, on a worker's own read-only connection. */
export interface PatternSource {
  /** Past records of some sectors reported in `(fromMs, toMs]`. */
  historyCases(fromMs: number, toMs: number, sectors: readonly string[]): Promise<HistoryCase[]>;
  /** A log's incidents of some sectors reported in `(fromIso, toIso]`, cancelled ones left out. */
  incidentCases(
    exerciseId: string | null,
    fromIso: string,
    toIso: string,
    sectors: readonly string[],
  ): Promise<IncidentCase[]>;
  close(): Promise<void>;
}

/** Opens the analysis's read-only view of the store at `location`. */
export function openPatternSource(location: StoreLocation): PatternSource {
  if (location.kind === 'postgres') {
    // One connection: the worker runs one job at a time, and its two reads one after the other.
    const store = PgEventStore.openReadOnly(location.url, 1);
    const history = new PgHistoryStore(store.committedPool);
    return {
      historyCases: (fromMs, toMs, sectors) => history.casesBetween(fromMs, toMs, sectors),
      incidentCases: (exerciseId, fromIso, toIso, sectors) =>
        store.patternCases(exerciseId, fromIso, toIso, sectors),
      close: () => store.close(),
    };
  }
  const db = openSqliteReadOnly(location.file);
  const history = new SqliteHistoryStore(db);
  const store = new SqliteEventStore(db, location.file);
  // The thread has nothing else to do: SQLite's reads run at once, with no queue to wait in.
  return {
    historyCases: (fromMs, toMs, sectors) => Promise.resolve(history.casesBetweenNow(fromMs, toMs, sectors)),
    incidentCases: (exerciseId, fromIso, toIso, sectors) =>
      Promise.resolve(store.patternCasesNow(exerciseId, fromIso, toIso, sectors)),
    close: () => store.close(),
  };
}

/**
 * Opens the history a load writes to, on a worker's own connection; `announce` tells the other
 * nodes that it changed (one node alone needs no telling), `close` ends it.
 */
export async function openHistoryWriter(
  location: StoreLocation,
): Promise<{ history: HistoryStore; announce(): Promise<void>; close(): Promise<void> }> {
  if (location.kind === 'postgres') {
    const client = await connectPg(location.url);
    const history = new PgHistoryStore(client);
    return { history, announce: () => history.announce(), close: () => client.end() };
  }
  const { db } = openSqlite(path.dirname(location.file));
  return {
    history: new SqliteHistoryStore(db),
    announce: () => Promise.resolve(),
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
