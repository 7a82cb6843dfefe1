import type Database from 'better-sqlite3';
import { representativePosition, type HistoryRecord } from '@mirsad/shared';
import {
  historyCaseOf,
  type HistoryCaseRow,
  type HistoryBatchResult,
  type HistoryCase,
  type HistoryStore,
} from './history.store.js';
import { settle, statementCache, type PreparedStatement } from './sqlite.database.js';

// Past incidents in the embedded store's file, in a table of their own: the columns the
// analysis reads, and the record as it came (for the review). Unique by (source, external_ref),
// which is what makes a load idempotent: a line loaded again is ignored and counted.

const SCHEMA = `
CREATE TABLE IF NOT EXISTS history (
  source TEXT NOT NULL,
  external_ref TEXT NOT NULL,
  sector TEXT NOT NULL,
  category TEXT NOT NULL,
  reported_ms INTEGER NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (source, external_ref)
);
CREATE INDEX IF NOT EXISTS history_time ON history (reported_ms, sector);
`;

/** Past incidents in the embedded SQLite file. */
export class SqliteHistoryStore implements HistoryStore {
  private readonly sql: PreparedStatement;
  private readonly insertBatch: ((records: readonly HistoryRecord[]) => HistoryBatchResult) | null;

  constructor(private readonly db: Database.Database) {
    this.sql = statementCache(db);
    if (db.readonly) {
      this.insertBatch = null;
      return;
    }
    db.exec(SCHEMA);
    const insert = db.prepare(
      `INSERT OR IGNORE INTO history (source, external_ref, sector, category, reported_ms, lon, lat, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertBatch = db.transaction((records: readonly HistoryRecord[]) => {
      let imported = 0;
      for (const record of records) {
        const [lon, lat] = representativePosition(record.location);
        imported += insert.run(
          record.source,
          record.externalRef,
          record.sector,
          record.category,
          Date.parse(record.reportedAt),
          lon,
          lat,
          JSON.stringify(record),
        ).changes;
      }
      return { imported, duplicates: records.length - imported };
    });
  }

  addBatch(records: readonly HistoryRecord[]): Promise<HistoryBatchResult> {
    return settle(() => {
      if (!this.insertBatch) throw new Error('this history store is read-only');
      return this.insertBatch(records);
    });
  }

  count(): Promise<number> {
    return settle(() => this.countNow());
  }

  hasAny(): Promise<boolean> {
    return settle(
      () =>
        this.hasTable() &&
        this.sql<[], { found: number }>('SELECT EXISTS (SELECT 1 FROM history) AS found').get()?.found === 1,
    );
  }

  /** The count, at once (for a worker that has nothing else to do). */
  countNow(): number {
    if (!this.hasTable()) return 0;
    return this.sql<[], { n: number }>('SELECT COUNT(*) AS n FROM history').get()?.n ?? 0;
  }

  casesBetween(fromMs: number, toMs: number, sectors: readonly string[]): Promise<HistoryCase[]> {
    return settle(() => this.casesBetweenNow(fromMs, toMs, sectors));
  }

  /** The cases at once, for a worker thread's own connection. */
  casesBetweenNow(fromMs: number, toMs: number, sectors: readonly string[]): HistoryCase[] {
    if (!this.hasTable() || sectors.length === 0) return [];
    const rows = this.sql<unknown[], HistoryCaseRow>(
      `SELECT source, external_ref, sector, category, reported_ms, lon, lat FROM history
       WHERE reported_ms > ? AND reported_ms <= ? AND sector IN (${sectors.map(() => '?').join(', ')})`,
    ).all(fromMs, toMs, ...sectors);
    return rows.map(historyCaseOf);
  }

  private hasTable(): boolean {
    return (
      this.sql<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'history'",
      ).get() !== undefined
    );
  }
}
