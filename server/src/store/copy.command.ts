// `npm run store:copy -- --from <sqlite file> --to <postgres url>`: moves a room from one
// machine's SQLite file into the PostgreSQL database of several, then checks the copy.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { redactedUrl } from './pg.database.js';
import { copySqliteToPg } from './store.copy.js';

const ArgsSchema = z.object({
  from: z.string({ error: '--from <sqlite file> is required' }).min(1),
  to: z.url({
    protocol: /^postgres(ql)?$/,
    error: '--to must be a postgres:// address, such as postgres://mirsad@db:5432/mirsad',
  }),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' } },
    strict: true,
  });
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(issue.message);
    console.error(
      'usage: npm run store:copy -- --from data/mirsad.sqlite --to postgres://mirsad@db:5432/mirsad',
    );
    return 2;
  }
  const { from, to } = parsed.data;
  console.log(`Copying ${from} into ${redactedUrl(to)}…`);
  const report = await copySqliteToPg(from, to, (line) => {
    console.log(`  ${line}`);
  });
  if (report.problems.length > 0) {
    console.error('The copy is NOT the same:');
    for (const problem of report.problems) console.error(`  ${problem}`);
    return 1;
  }
  console.log(
    `Checked: the same ${report.events} events byte for byte, the same ${report.incidents} incidents and ${report.entities} other entities, the same picture, and the same ${report.rows.accounts} accounts, ${report.rows.api_keys} keys, ${report.rows.sessions} sessions and ${report.rows.audit} audit entries. Start the nodes with DATABASE_URL=${redactedUrl(to)}.`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
