import { Umzug, type UmzugStorage } from 'umzug';
import { StoreIntegrityError } from './event.store.js';

/** One step of a store's schema: its name (ordered, never renamed) and what it does. */
export interface Migration<Ctx> {
  name: string;
  up: (context: Ctx) => Promise<void>;
}

/** The table of the migrations run, the same on both backends. */
export const MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)';

/**
 * umzug's record of what ran, kept in the `migrations` table through `query`, which runs one
 * statement with `$1`-style parameters in the migration's context and returns its rows.
 */
export function migrationsTable<Ctx>(
  query: (context: Ctx, sql: string, values: string[]) => Promise<{ name: string }[]>,
): UmzugStorage<Ctx> {
  return {
    executed: async ({ context }) =>
      (await query(context, 'SELECT name FROM migrations ORDER BY name', [])).map((row) => row.name),
    logMigration: async ({ name, context }) => {
      await query(context, 'INSERT INTO migrations (name, applied_at) VALUES ($1, $2)', [
        name,
        new Date().toISOString(),
      ]);
    },
    unlogMigration: async ({ name, context }) => {
      await query(context, 'DELETE FROM migrations WHERE name = $1', [name]);
    },
  };
}

/**
 * Brings a store's schema up to date with umzug, after refusing a store written by a newer
 * server: a migration this server does not know means tables it would misread, so nothing
 * is guessed at. The caller holds whatever makes this exclusive (a transaction, a lock).
 * Returns the names of the migrations it ran.
 */
export async function migrate<Ctx extends object>(
  what: string,
  migrations: readonly Migration<Ctx>[],
  storage: UmzugStorage<Ctx>,
  context: Ctx,
): Promise<string[]> {
  const known = new Set(migrations.map((migration) => migration.name));
  const executed = await storage.executed({ context });
  const unknown = executed.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreIntegrityError(
      `${what} was written by a newer Mirsad: it has the migration${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}, and this server knows only up to ${migrations.at(-1)?.name ?? 'none'} (run the newer server, or restore a backup taken before it)`,
    );
  }
  const umzug = new Umzug<Ctx>({
    migrations: migrations.map((migration) => ({
      name: migration.name,
      up: ({ context: ctx }) => migration.up(ctx),
    })),
    context,
    storage,
    logger: undefined,
  });
  const ran = await umzug.up();
  return ran.map((migration) => migration.name);
}
