import type { AccountRoleSchema, AuditEntry, AuditQuery, KeyRoleSchema, SectorId } from '@mirsad/shared';
import type { z } from 'zod';

/** An account as stored, with its password hash and lock-out state. */
export interface AccountRecord {
  username: string;
  displayName: string;
  role: z.infer<typeof AccountRoleSchema>;
  sectors: SectorId[];
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  isDisabled: boolean;
  createdAt: string;
}

/** A signed-in session; only the SHA-256 of its token is stored. */
export interface SessionRecord {
  tokenHash: string;
  username: string;
  createdAt: string;
  expiresAt: string;
}

/** An API key; only the SHA-256 of its secret is stored. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  secretHash: string;
  role: z.infer<typeof KeyRoleSchema>;
  source: string;
  sectors: SectorId[];
  createdAt: string;
  revokedAt: string | null;
}

/** The thresholds of the login lock-out, from the auth service. */
export interface LoginLimits {
  /** Attempts in a row from one address that lock the account for that address. */
  maxPerAddress: number;
  /** Attempts in a row from unfamiliar addresses that lock the account for all of them. */
  maxPerAccount: number;
  /** How long a lock lasts, ms. */
  lockoutMs: number;
  /** How long after a successful sign-in an address stays familiar, ms. */
  familiarMs: number;
}

/**
 * The standing of one login attempt, counted before its password is checked: refused while
 * a lock holds, or allowed (and `locks` says whether this very attempt set a lock).
 */
export type LoginReservation =
  | { isAllowed: false; scope: 'address' | 'account'; lockedUntil: string }
  | { isAllowed: true; attempts: number; locks: 'address' | 'account' | null; lockedUntil: string | null };

/** Accounts, sessions and API keys. Holds no rules: the auth service decides. */
export interface AccountStore {
  getAccount(username: string): Promise<AccountRecord | null>;
  listAccounts(): Promise<AccountRecord[]>;
  countAccounts(): Promise<number>;
  /** Inserts an account; rejects when the username is taken. */
  insertAccount(account: AccountRecord): Promise<void>;
  updateAccount(
    username: string,
    changes: Partial<Omit<AccountRecord, 'username' | 'createdAt'>>,
  ): Promise<void>;
  /**
   * Counts a login attempt for (account, address) and, from an unfamiliar address, for the
   * account, atomically and before the password is checked: concurrent attempts each take a
   * place, so no more than `maxPerAddress` are ever checked before the lock.
   */
  reserveLoginAttempt(
    username: string,
    address: string,
    now: string,
    limits: LoginLimits,
  ): Promise<LoginReservation>;
  /** A right password: the address's count and lock are cleared, and it becomes familiar. */
  recordLoginSuccess(username: string, address: string, now: string): Promise<void>;
  /** The latest per-address lock still holding at `now`, by username. */
  addressLocks(now: string): Promise<Map<string, string>>;
  /** Lifts every lock of an account, per address and account-wide (an administrator's unlock). */
  clearLoginLocks(username: string): Promise<void>;
  insertSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<SessionRecord | null>;
  updateSessionExpiry(tokenHash: string, expiresAt: string): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(username: string): Promise<void>;
  insertApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | null>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: string, at: string): Promise<void>;
}

/** The append-only audit trail. */
export interface AuditStore {
  append(entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry>;
  /** Newest first, filtered, one page. */
  query(filter: AuditQuery): Promise<AuditEntry[]>;
}

/** An account's lock-out counters and an address's, as stored. */
export interface LoginCounters {
  account: { failedLogins: number; lockedUntil: string | null };
  pair: { attempts: number; lockedUntil: string | null; lastSuccessAt: string | null };
}

/**
 * Decides one login attempt from the counters read in its transaction: the reservation to
 * answer and the counters to write back (null: leave as they are). Pure, so every backend
 * applies the one rule.
 */
export function decideLoginAttempt(
  { account, pair }: LoginCounters,
  now: string,
  limits: LoginLimits,
): {
  reservation: LoginReservation;
  pair: { attempts: number; lockedUntil: string | null } | null;
  account: { failedLogins: number; lockedUntil: string | null } | null;
} {
  const nowMs = Date.parse(now);
  const holds = (until: string | null): until is string => until !== null && Date.parse(until) > nowMs;
  if (holds(pair.lockedUntil))
    return {
      reservation: { isAllowed: false, scope: 'address', lockedUntil: pair.lockedUntil },
      pair: null,
      account: null,
    };
  const isFamiliar =
    pair.lastSuccessAt !== null && nowMs - Date.parse(pair.lastSuccessAt) < limits.familiarMs;
  if (!isFamiliar && holds(account.lockedUntil))
    return {
      reservation: { isAllowed: false, scope: 'account', lockedUntil: account.lockedUntil },
      pair: null,
      account: null,
    };
  const until = new Date(nowMs + limits.lockoutMs).toISOString();
  const attempts = pair.attempts + 1;
  const locksAddress = attempts >= limits.maxPerAddress;
  let locksAccount = false;
  let accountAfter: { failedLogins: number; lockedUntil: string | null } | null = null;
  if (!isFamiliar) {
    const failed = account.failedLogins + 1;
    locksAccount = failed >= limits.maxPerAccount;
    accountAfter = {
      failedLogins: locksAccount ? 0 : failed,
      lockedUntil: locksAccount ? until : account.lockedUntil,
    };
  }
  const locks = locksAddress ? 'address' : locksAccount ? 'account' : null;
  return {
    reservation: { isAllowed: true, attempts, locks, lockedUntil: locks ? until : null },
    pair: { attempts: locksAddress ? 0 : attempts, lockedUntil: locksAddress ? until : null },
    account: accountAfter,
  };
}
