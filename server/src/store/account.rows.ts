// The rows of the accounts and keys tables as both backends store them, and the records they
// make: one mapping for SQLite and PostgreSQL, whose columns are the same.
import type { SectorId } from '@mirsad/shared';
import type { AccountRecord, ApiKeyRecord, LoginCounters } from './account.store.js';

/** A row of `accounts`. */
export interface AccountRow {
  username: string;
  display_name: string;
  role: AccountRecord['role'];
  /** A JSON array of sector ids. */
  sectors: string;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  /** A boolean in PostgreSQL, 0 or 1 in SQLite. */
  is_disabled: boolean | number;
  created_at: string;
}

/** An account's lock-out columns of `accounts`, read at the start of a login attempt. */
export type AccountLockRow = Pick<AccountRow, 'failed_logins' | 'locked_until'>;

/** A row of `login_attempts`: one account's attempts from one address. */
export interface LoginAttemptRow {
  attempts: number;
  locked_until: string | null;
  last_success_at: string | null;
}

/** The counters a login attempt is decided on, from the rows its transaction read (no attempts row yet: none). */
export const loginCountersOf = (
  account: AccountLockRow,
  pair: LoginAttemptRow | undefined,
): LoginCounters => ({
  account: { failedLogins: account.failed_logins, lockedUntil: account.locked_until },
  pair: {
    attempts: pair?.attempts ?? 0,
    lockedUntil: pair?.locked_until ?? null,
    lastSuccessAt: pair?.last_success_at ?? null,
  },
});

/** A row of `api_keys`. */
export interface ApiKeyRow {
  id: string;
  name: string;
  secret_hash: string;
  role: ApiKeyRecord['role'];
  source: string;
  /** A JSON array of sector ids. */
  sectors: string;
  created_at: string;
  revoked_at: string | null;
}

/** The account a row holds. */
export const toAccount = (row: AccountRow): AccountRecord => ({
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  sectors: JSON.parse(row.sectors) as SectorId[],
  passwordHash: row.password_hash,
  failedLogins: row.failed_logins,
  lockedUntil: row.locked_until,
  isDisabled: row.is_disabled === true || row.is_disabled === 1,
  createdAt: row.created_at,
});

/** The key a row holds. */
export const toKey = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  secretHash: row.secret_hash,
  role: row.role,
  source: row.source,
  sectors: JSON.parse(row.sectors) as SectorId[],
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/** The column of each field an account update may change. */
export const ACCOUNT_COLUMNS: Record<keyof Omit<AccountRecord, 'username' | 'createdAt'>, string> = {
  displayName: 'display_name',
  role: 'role',
  sectors: 'sectors',
  passwordHash: 'password_hash',
  failedLogins: 'failed_logins',
  lockedUntil: 'locked_until',
  isDisabled: 'is_disabled',
};
