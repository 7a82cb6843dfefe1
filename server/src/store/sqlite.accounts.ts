import type Database from 'better-sqlite3';
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
import { settle, statementCache, type PreparedStatement } from './sqlite.database.js';

interface SessionRow {
  token_hash: string;
  username: string;
  created_at: string;
  expires_at: string;
}

/** Accounts, sessions and keys in the embedded SQLite file. */
export class SqliteAccountStore implements AccountStore {
  /** Prepared once: a key or a session is looked up on every request. */
  private readonly sql: PreparedStatement;
  private readonly reserveLogin: (
    username: string,
    address: string,
    now: string,
    limits: LoginLimits,
  ) => LoginReservation;
  private readonly succeedLogin: (username: string, address: string, now: string) => void;
  private readonly clearLocks: (username: string) => void;

  constructor(private readonly db: Database.Database) {
    this.sql = statementCache(db);
    const accountLock = db.prepare<[string], AccountLockRow>(
      'SELECT failed_logins, locked_until FROM accounts WHERE username = ?',
    );
    const attemptsOf = db.prepare<[string, string], LoginAttemptRow>(
      'SELECT attempts, locked_until, last_success_at FROM login_attempts WHERE username = ? AND address = ?',
    );
    const saveAttempts = db.prepare<[string, string, number, string | null]>(
      `INSERT INTO login_attempts (username, address, attempts, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT (username, address) DO UPDATE SET attempts = excluded.attempts, locked_until = excluded.locked_until`,
    );
    const saveAccountAttempts = db.prepare<[number, string | null, string]>(
      'UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE username = ?',
    );
    const saveSuccess = db.prepare<[string, string, string]>(
      `INSERT INTO login_attempts (username, address, attempts, locked_until, last_success_at) VALUES (?, ?, 0, NULL, ?)
       ON CONFLICT (username, address) DO UPDATE SET attempts = 0, locked_until = NULL, last_success_at = excluded.last_success_at`,
    );
    const resetAccountAttempts = db.prepare<[string]>(
      'UPDATE accounts SET failed_logins = 0 WHERE username = ?',
    );
    const clearAddressLocks = db.prepare<[string]>(
      'UPDATE login_attempts SET attempts = 0, locked_until = NULL WHERE username = ?',
    );
    const clearAccountLock = db.prepare<[string]>(
      'UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE username = ?',
    );
    // Each is one synchronous transaction: no other request runs between its read and its
    // write (the old read, await scrypt, write let 30 concurrent attempts all read "0 failed").
    this.reserveLogin = db.transaction(
      (username: string, address: string, now: string, limits: LoginLimits): LoginReservation => {
        const account = accountLock.get(username);
        if (!account) return { isAllowed: true, attempts: 0, locks: null, lockedUntil: null };
        const pair = attemptsOf.get(username, address);
        const decided = decideLoginAttempt(loginCountersOf(account, pair), now, limits);
        if (decided.pair)
          saveAttempts.run(username, address, decided.pair.attempts, decided.pair.lockedUntil);
        if (decided.account)
          saveAccountAttempts.run(decided.account.failedLogins, decided.account.lockedUntil, username);
        return decided.reservation;
      },
    );
    this.succeedLogin = db.transaction((username: string, address: string, now: string) => {
      saveSuccess.run(username, address, now);
      resetAccountAttempts.run(username);
    });
    this.clearLocks = db.transaction((username: string) => {
      clearAddressLocks.run(username);
      clearAccountLock.run(username);
    });
  }

  reserveLoginAttempt(
    username: string,
    address: string,
    now: string,
    limits: LoginLimits,
  ): Promise<LoginReservation> {
    return settle(() => this.reserveLogin(username, address, now, limits));
  }

  recordLoginSuccess(username: string, address: string, now: string): Promise<void> {
    return settle(() => {
      this.succeedLogin(username, address, now);
    });
  }

  addressLocks(now: string): Promise<Map<string, string>> {
    return settle(() => {
      const rows = this.sql<[string], { username: string; until: string }>(
        'SELECT username, MAX(locked_until) AS until FROM login_attempts WHERE locked_until > ? GROUP BY username',
      ).all(now);
      return new Map(rows.map((row) => [row.username, row.until]));
    });
  }

  clearLoginLocks(username: string): Promise<void> {
    return settle(() => {
      this.clearLocks(username);
    });
  }

  getAccount(username: string): Promise<AccountRecord | null> {
    return settle(() => {
      const row = this.db
        .prepare<[string], AccountRow>('SELECT * FROM accounts WHERE username = ?')
        .get(username);
      return row ? toAccount(row) : null;
    });
  }

  listAccounts(): Promise<AccountRecord[]> {
    return settle(() =>
      this.db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY username').all().map(toAccount),
    );
  }

  countAccounts(): Promise<number> {
    return settle(
      () => this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM accounts').get()?.n ?? 0,
    );
  }

  insertAccount(a: AccountRecord): Promise<void> {
    return settle(() => {
      this.db
        .prepare(
          `INSERT INTO accounts (username, display_name, role, sectors, password_hash, failed_logins, locked_until, is_disabled, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          a.username,
          a.displayName,
          a.role,
          JSON.stringify(a.sectors),
          a.passwordHash,
          a.failedLogins,
          a.lockedUntil,
          a.isDisabled ? 1 : 0,
          a.createdAt,
        );
    });
  }

  updateAccount(
    username: string,
    changes: Partial<Omit<AccountRecord, 'username' | 'createdAt'>>,
  ): Promise<void> {
    return settle(() => {
      const entries = Object.entries(changes) as [keyof typeof ACCOUNT_COLUMNS, unknown][];
      if (entries.length === 0) return;
      const sets = entries.map(([key]) => `${ACCOUNT_COLUMNS[key]} = ?`).join(', ');
      const values = entries.map(([key, value]) =>
        key === 'sectors' ? JSON.stringify(value) : key === 'isDisabled' ? (value ? 1 : 0) : value,
      );
      this.db.prepare(`UPDATE accounts SET ${sets} WHERE username = ?`).run(...values, username);
    });
  }

  insertSession(s: SessionRecord): Promise<void> {
    return settle(() => {
      this.db
        .prepare('INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(s.tokenHash, s.username, s.createdAt, s.expiresAt);
    });
  }

  getSession(tokenHash: string): Promise<SessionRecord | null> {
    return settle(() => {
      const row = this.sql<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?').get(
        tokenHash,
      );
      return row
        ? {
            tokenHash: row.token_hash,
            username: row.username,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
          }
        : null;
    });
  }

  updateSessionExpiry(tokenHash: string, expiresAt: string): Promise<void> {
    return settle(() => {
      this.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(expiresAt, tokenHash);
    });
  }

  deleteSession(tokenHash: string): Promise<void> {
    return settle(() => {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
    });
  }

  deleteSessionsOf(username: string): Promise<void> {
    return settle(() => {
      this.db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
    });
  }

  insertApiKey(k: ApiKeyRecord): Promise<void> {
    return settle(() => {
      this.db
        .prepare(
          'INSERT INTO api_keys (id, name, secret_hash, role, source, sectors, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          k.id,
          k.name,
          k.secretHash,
          k.role,
          k.source,
          JSON.stringify(k.sectors),
          k.createdAt,
          k.revokedAt,
        );
    });
  }

  getApiKey(id: string): Promise<ApiKeyRecord | null> {
    return settle(() => {
      const row = this.sql<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?').get(id);
      return row ? toKey(row) : null;
    });
  }

  listApiKeys(): Promise<ApiKeyRecord[]> {
    return settle(() =>
      this.db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at').all().map(toKey),
    );
  }

  revokeApiKey(id: string, at: string): Promise<void> {
    return settle(() => {
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
    });
  }
}

/** The audit trail in the embedded SQLite file; triggers refuse any change to a written entry. */
export class SqliteAuditStore implements AuditStore {
  private readonly sql: PreparedStatement;

  constructor(private readonly db: Database.Database) {
    this.sql = statementCache(db);
  }

  append(entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
    return settle(() => {
      const result = this.sql(
        'INSERT INTO audit (at, actor, action, target, outcome, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(entry.at, entry.actor, entry.action, entry.target, entry.outcome, entry.detail, entry.ip);
      return { ...entry, seq: Number(result.lastInsertRowid) };
    });
  }

  query(filter: AuditQuery): Promise<AuditEntry[]> {
    return settle(() => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      const add = (clause: string, value: string | number | undefined): void => {
        if (value === undefined) return;
        where.push(clause);
        params.push(value);
      };
      add('actor = ?', filter.actor);
      add('action = ?', filter.action);
      add('outcome = ?', filter.outcome);
      add('at >= ?', filter.from);
      add('at <= ?', filter.to);
      add('seq < ?', filter.before);
      const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
      return this.sql<(string | number)[], AuditEntry>(sql).all(...params, filter.limit);
    });
  }
}
