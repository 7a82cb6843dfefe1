import { representativePosition, type HistoryRecord } from '@mirsad/shared';
import {
  historyCaseOf,
  type HistoryCaseRow,
  type HistoryBatchResult,
  type HistoryCase,
  type HistoryStore,
} from './history.store.js';
import { run, type Queryable } from './pg.store.js';

// Past incidents in PostgreSQL's `history` table (migration 0004-history), the same columns as
// SQLite's. A batch is one statement over arrays (unnest), so a thousand records cost one
// round trip; ON CONFLICT DO NOTHING skips what is kept already, within the batch too, and the
// rows it wrote are the batch's new ones.

/** The channel a history load notifies once it has written something: every node's pattern watch learns of it. */
export const PG_HISTORY_CHANNEL = 'mirsad_history';

/** Past incidents in the PostgreSQL database of several nodes. */
export class PgHistoryStore implements HistoryStore {
  /** `db` is a pool of committed reads (or a worker's own connection); a batch is one statement, so needs no transaction. */
  constructor(private readonly db: Queryable) {}

  async addBatch(records: readonly HistoryRecord[]): Promise<HistoryBatchResult> {
    if (records.length === 0) return { imported: 0, duplicates: 0 };
    const columns = {
      source: [] as string[],
      externalRef: [] as string[],
      sector: [] as string[],
      category: [] as string[],
      reportedMs: [] as number[],
      lon: [] as number[],
      lat: [] as number[],
      body: [] as string[],
    };
    for (const record of records) {
      const [lon, lat] = representativePosition(record.location);
      columns.source.push(record.source);
      columns.externalRef.push(record.externalRef);
      columns.sector.push(record.sector);
      columns.category.push(record.category);
      columns.reportedMs.push(Date.parse(record.reportedAt));
      columns.lon.push(lon);
      columns.lat.push(lat);
      columns.body.push(JSON.stringify(record));
    }
    const result = await this.db.query({
      name: 'mirsad_history_insert',
      text: `INSERT INTO history (source, external_ref, sector, category, reported_ms, lon, lat, body)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
                                  $6::float8[], $7::float8[], $8::text[])
             ON CONFLICT (source, external_ref) DO NOTHING`,
      values: [
        columns.source,
        columns.externalRef,
        columns.sector,
        columns.category,
        columns.reportedMs,
        columns.lon,
        columns.lat,
        columns.body,
      ],
    });
    const imported = result.rowCount ?? 0;
    return { imported, duplicates: records.length - imported };
  }

  /** Tells every node listening on PG_HISTORY_CHANNEL that the history changed. */
  async announce(): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [PG_HISTORY_CHANNEL, '']);
  }

  async count(): Promise<number> {
    const [row] = await run<{ n: number }>(this.db, 'SELECT COUNT(*) AS n FROM history');
    return row?.n ?? 0;
  }

  async hasAny(): Promise<boolean> {
    const [row] = await run<{ found: boolean }>(this.db, 'SELECT EXISTS (SELECT 1 FROM history) AS found');
    return row?.found === true;
  }

  async casesBetween(fromMs: number, toMs: number, sectors: readonly string[]): Promise<HistoryCase[]> {
    if (sectors.length === 0) return [];
    const rows = await run<HistoryCaseRow>(
      this.db,
      `SELECT source, external_ref, sector, category, reported_ms, lon, lat FROM history
       WHERE reported_ms > $1 AND reported_ms <= $2 AND sector = ANY($3::text[])`,
      [fromMs, toMs, sectors],
    );
    return rows.map(historyCaseOf);
  }
}
