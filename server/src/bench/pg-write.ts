// Benchmark: Mirsad's write throughput on PostgreSQL, against raw `pg` inserts of rows the size
// of a report's event into the same server in the same run. Prints figures; asserts nothing.
// Standalone after a build: `node server/dist/bench/pg-write.js`; `npm run bench:cluster` runs
// its `main` first. Size knob: PG_WRITE_REPORTS (default 3000 reports), PG_WRITE_WRITERS
// (default 16 writers at once). Each part gets a database of its own on the loopback server
// (MIRSAD_TEST_PG_ADMIN_URL), dropped after.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Principal } from '@mirsad/shared';
import { startServer } from '../app.js';
import { localConfig } from '../config.js';
import { connectPg } from '../store/pg.database.js';
import { PgEventStore } from '../store/pg.store.js';
import { createTestDatabase } from '../store/pg.test-support.js';
import { sampleReport, tempDataDir } from '../test-support.js';

const REPORTS = Number(process.env.PG_WRITE_REPORTS ?? 3_000);
const WRITERS = Number(process.env.PG_WRITE_WRITERS ?? 16);
/** Rows a raw transaction inserts at once: the batched baseline. */
const RAW_BATCH_ROWS = 100;

/** A traffic officer reporting: the service's own checks run, as for a request. */
const REPORTER: Principal = {
  kind: 'user',
  id: 'bench-traffic',
  displayName: 'Traffic',
  role: 'officer',
  sectors: ['traffic'],
  source: null,
};

const perS = (rate: number): string => `${Math.round(rate).toLocaleString('en')}/s`;

/** Figures of one run. */
export interface PgWriteFigures {
  /** Raw rows a second, one per transaction. */
  rawSingle: number;
  /** Raw rows a second, RAW_BATCH_ROWS per transaction (one multi-row INSERT each). */
  rawBatched: number;
  /** Reports a second through Mirsad's incident service, group commit and PostgreSQL store. */
  mirsad: number;
  /** Commits (group transactions) per report. */
  commitsPerReport: number;
  /** Events appended per report (a report may also propose links). */
  eventsPerReport: number;
  /**
   * Round trips to PostgreSQL on the writer's connection per report: what a loaded machine
   * pays for most, counted rather than timed, so it compares across runs.
   */
  roundTripsPerReport: number;
}

/** A row of the size of a report's event. */
const rawRow = (n: number): unknown[] => {
  const body = JSON.stringify({
    type: 'incident.reported',
    data: { incident: { ...sampleReport(n), id: randomUUID() } },
  });
  return [n, randomUUID(), 'incident.reported', new Date().toISOString(), body];
};

/** Raw inserts into a table like the log's, `perTransaction` rows at a time; rows a second. */
async function rawRate(url: string, perTransaction: number, rows: number): Promise<number> {
  const client = await connectPg(url);
  try {
    await client.query(`CREATE TABLE raw_${perTransaction} (seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL)`);
    await client.query(`CREATE INDEX ON raw_${perTransaction} (at, seq)`);
    const started = performance.now();
    for (let first = 0; first < rows; first += perTransaction) {
      const count = Math.min(perTransaction, rows - first);
      const values = Array.from({ length: count }, (_, index) => rawRow(first + index + 1)).flat();
      const tuples = Array.from(
        { length: count },
        (_, row) => `(${[1, 2, 3, 4, 5].map((column) => `$${row * 5 + column}`).join(', ')})`,
      );
      await client.query(
        `INSERT INTO raw_${perTransaction} (seq, id, type, at, body) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

/** Reports a second through a Mirsad server's incident service on PostgreSQL, from WRITERS at once. */
async function mirsadRate(
  url: string,
  reports: number,
): Promise<Pick<PgWriteFigures, 'mirsad' | 'commitsPerReport' | 'eventsPerReport' | 'roundTripsPerReport'>> {
  const server = await startServer(localConfig(tempDataDir(), { databaseUrl: url }));
  try {
    let commits = 0;
    const commitGroup = server.store.commitGroup.bind(server.store);
    server.store.commitGroup = () => {
      commits++;
      return commitGroup();
    };
    let roundTrips = 0;
    if (server.store instanceof PgEventStore) {
      const writer = server.store.groupConnection;
      const query = writer.query.bind(writer) as (...args: unknown[]) => unknown;
      (writer as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
        roundTrips++;
        return query(...args);
      };
    }
    const headBefore = await server.store.headSeq();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < reports) {
          const n = next++;
          await server.incidents.report(sampleReport(n, { externalRef: `pg-write-${n}` }), REPORTER);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const events = (await server.store.headSeq()) - headBefore;
    return {
      mirsad: reports / seconds,
      commitsPerReport: commits / reports,
      eventsPerReport: events / reports,
      roundTripsPerReport: roundTrips / reports,
    };
  } finally {
    await server.close();
  }
}

/** Measures both in one run, each in a database of its own; prints and returns the figures. */
export async function main(): Promise<PgWriteFigures> {
  const databases = await Promise.all([
    createTestDatabase('mirsad_bench'),
    createTestDatabase('mirsad_bench'),
  ]);
  try {
    const [raw, room] = databases.map((database) => database.url) as [string, string];
    const rawSingle = await rawRate(raw, 1, Math.min(REPORTS, 2_000));
    const rawBatched = await rawRate(raw, RAW_BATCH_ROWS, REPORTS * 5);
    const mirsad = await mirsadRate(room, REPORTS);
    const figures: PgWriteFigures = { rawSingle, rawBatched, ...mirsad };
    console.log(
      `  raw pg inserts of report-sized rows: ${perS(rawSingle)} one per transaction, ` +
        `${perS(rawBatched)} in transactions of ${RAW_BATCH_ROWS}`,
    );
    console.log(
      `  Mirsad on PostgreSQL, ${REPORTS.toLocaleString('en')} reports from ${WRITERS} writers: ${perS(figures.mirsad)} ` +
        `(${(figures.mirsad / rawBatched).toFixed(2)}× raw batched, ${(figures.mirsad / rawSingle).toFixed(2)}× raw single); ` +
        `per report ${figures.eventsPerReport.toFixed(2)} events, ${figures.commitsPerReport.toFixed(3)} commits, ` +
        `${figures.roundTripsPerReport.toFixed(2)} round trips on the writer`,
    );
    return figures;
  } finally {
    await Promise.all(databases.map((database) => database.drop()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
