import type pg from 'pg';
import type { AuditEntry, AuditQuery } from '@mirsad/shared';
import {
  decideLoginAttempt,
  type AccountRecord,
  type AccountStore,
  type ApiKeyRecord,
  type AuditStore,
  type LoginLimits,
  type LoginReservation,
  type SessionRecord,
} from './account.store.js';
import {
  ACCOUNT_COLUMNS,
  loginCountersOf,
  toAccount,
  toKey,
  type AccountLockRow,
  type AccountRow,
  type ApiKeyRow,
  type LoginAttemptRow,
} from './account.rows.js';
import { run, type Queryable } from './pg.store.js';

/** Runs `work` in a transaction on one pooled connection. */
async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Accounts, sessions and keys in PostgreSQL, shared by every node. */
export class PgAccountStore implements AccountStore {
  constructor(private readonly pool: pg.Pool) {}

  reserveLoginAttempt(
    username: string,
    address: string,
    now: string,
    limits: LoginLimits,
  ): Promise<LoginReservation> {
    return transaction(this.pool, async (client) => {
      // The account's row lock orders concurrent attempts on it, from every node: each reads
      // the counts the one before it wrote, so no more than the limit are ever checked.
      const [account] = await run<AccountLockRow>(
        client,
        'SELECT failed_logins, locked_until FROM accounts WHERE username = $1 FOR UPDATE',
        [username],
      );
      if (!account) return { isAllowed: true, attempts: 0, locks: null, lockedUntil: null };
      const [pair] = await run<LoginAttemptRow>(
        client,
        'SELECT attempts, locked_until, last_success_at FROM login_attempts WHERE username = $1 AND address = $2',
        [username, address],
      );
      const decided = decideLoginAttempt(loginCountersOf(account, pair), now, limits);
      if (decided.pair)
        await run(
          client,
          `INSERT INTO login_attempts (username, address, attempts, locked_until) VALUES ($1, $2, $3, $4)
           ON CONFLICT (username, address) DO UPDATE SET attempts = excluded.attempts, locked_until = excluded.locked_until`,
          [username, address, decided.pair.attempts, decided.pair.lockedUntil],
        );
      if (decided.account)
        await run(client, 'UPDATE accounts SET failed_logins = $1, locked_until = $2 WHERE username = $3', [
          decided.account.failedLogins,
          decided.account.lockedUntil,
          username,
        ]);
      return decided.reservation;
    });
  }

  recordLoginSuccess(username: string, address: string, now: string): Promise<void> {
    return transaction(this.pool, async (client) => {
      await run(
        client,
        `INSERT INTO login_attempts (username, address, attempts, locked_until, last_success_at) VALUES ($1, $2, 0, NULL, $3)
         ON CONFLICT (username, address) DO UPDATE SET attempts = 0, locked_until = NULL, last_success_at = excluded.last_success_at`,
        [username, address, now],
      );
      await run(client, 'UPDATE accounts SET failed_logins = 0 WHERE username = $1', [username]);
    });
  }

  async addressLocks(now: string): Promise<Map<string, string>> {
    const rows = await run<{ username: string; until: string }>(
      this.pool,
      'SELECT username, MAX(locked_until) AS until FROM login_attempts WHERE locked_until > $1 GROUP BY username',
      [now],
    );
    return new Map(rows.map((row) => [row.username, row.until]));
  }

  clearLoginLocks(username: string): Promise<void> {
    return transaction(this.pool, async (client) => {
      await run(client, 'UPDATE login_attempts SET attempts = 0, locked_until = NULL WHERE username = $1', [
        username,
      ]);
      await run(client, 'UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE username = $1', [
        username,
      ]);
    });
  }

  async getAccount(username: string): Promise<AccountRecord | null> {
    const [row] = await run<AccountRow>(this.pool, 'SELECT * FROM accounts WHERE username = $1', [username]);
    return row ? toAccount(row) : null;
  }

  async listAccounts(): Promise<AccountRecord[]> {
    return (await run<AccountRow>(this.pool, 'SELECT * FROM accounts ORDER BY username')).map(toAccount);
  }

  async countAccounts(): Promise<number> {
    const [row] = await run<{ n: number }>(this.pool, 'SELECT COUNT(*) AS n FROM accounts');
    return row?.n ?? 0;
  }

  async insertAccount(a: AccountRecord): Promise<void> {
    await run(
      this.pool,
      `INSERT INTO accounts (username, display_name, role, sectors, password_hash, failed_logins, locked_until, is_disabled, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        a.username,
        a.displayName,
        a.role,
        JSON.stringify(a.sectors),
        a.passwordHash,
        a.failedLogins,
        a.lockedUntil,
        a.isDisabled,
        a.createdAt,
      ],
    );
  }

  async updateAccount(
    username: string,
    changes: Partial<Omit<AccountRecord, 'username' | 'createdAt'>>,
  ): Promise<void> {
    const entries = Object.entries(changes) as [keyof typeof ACCOUNT_COLUMNS, unknown][];
    if (entries.length === 0) return;
    const sets = entries.map(([key], index) => `${ACCOUNT_COLUMNS[key]} = $${index + 1}`).join(', ');
    const values = entries.map(([key, value]) => (key === 'sectors' ? JSON.stringify(value) : value));
    await this.pool.query(`UPDATE accounts SET ${sets} WHERE username = $${entries.length + 1}`, [
      ...values,
      username,
    ]);
  }

  async insertSession(s: SessionRecord): Promise<void> {
    await run(
      this.pool,
      'INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [s.tokenHash, s.username, s.createdAt, s.expiresAt],
    );
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const [row] = await run<{ token_hash: string; username: string; created_at: string; expires_at: string }>(
      this.pool,
      'SELECT * FROM sessions WHERE token_hash = $1',
      [tokenHash],
    );
    return row
      ? {
          tokenHash: row.token_hash,
          username: row.username,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
        }
      : null;
  }

  async updateSessionExpiry(tokenHash: string, expiresAt: string): Promise<void> {
    await run(this.pool, 'UPDATE sessions SET expires_at = $1 WHERE token_hash = $2', [expiresAt, tokenHash]);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await run(this.pool, 'DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteSessionsOf(username: string): Promise<void> {
    await run(this.pool, 'DELETE FROM sessions WHERE username = $1', [username]);
  }

  async insertApiKey(k: ApiKeyRecord): Promise<void> {
    await run(
      this.pool,
      'INSERT INTO api_keys (id, name, secret_hash, role, source, sectors, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [k.id, k.name, k.secretHash, k.role, k.source, JSON.stringify(k.sectors), k.createdAt, k.revokedAt],
    );
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | null> {
    const [row] = await run<ApiKeyRow>(this.pool, 'SELECT * FROM api_keys WHERE id = $1', [id]);
    return row ? toKey(row) : null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await run<ApiKeyRow>(this.pool, 'SELECT * FROM api_keys ORDER BY created_at')).map(toKey);
  }

  async revokeApiKey(id: string, at: string): Promise<void> {
    await run(this.pool, 'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
      at,
      id,
    ]);
  }
}

/**
 * The audit trail in PostgreSQL; triggers refuse any change to a written entry. On the event
 * store's writer connection (`groupConnection`) an entry joins the open group's transaction.
 */
export class PgAuditStore implements AuditStore {
  constructor(
    /** Where entries go: the pool, or the writer's connection (which a reconnect replaces). */
    private readonly connection: () => Queryable,
  ) {}

  async append(entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
    const [row] = await run<{ seq: number }>(
      this.connection(),
      'INSERT INTO audit (at, actor, action, target, outcome, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq',
      [entry.at, entry.actor, entry.action, entry.target, entry.outcome, entry.detail, entry.ip],
    );
    if (!row) throw new Error('the audit entry was not written');
    return { ...entry, seq: row.seq };
  }

  async query(filter: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (column: string, operator: string, value: string | number | undefined): void => {
      if (value !== undefined) where.push(`${column} ${operator} $${values.push(value)}`);
    };
    add('actor', '=', filter.actor);
    add('action', '=', filter.action);
    add('outcome', '=', filter.outcome);
    add('at', '>=', filter.from);
    add('at', '<=', filter.to);
    add('seq', '<', filter.before);
    const limit = `$${values.push(filter.limit)}`;
    return run<AuditEntry>(
      this.connection(),
      `SELECT seq, at, actor, action, target, outcome, detail, ip FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`,
      values,
    );
  }
}
