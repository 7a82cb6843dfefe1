import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  SECTOR_IDS,
  type Account,
  type AccountPatch,
  type ApiKey,
  type NewAccount,
  type NewApiKey,
  type Principal,
  type SectorId,
} from '@mirsad/shared';
import { HttpError, notFound, TooManyAttemptsError } from '../errors.js';
import type { AccountRecord, AccountStore, ApiKeyRecord, LoginLimits } from '../store/account.store.js';
import type { AuditService } from './audit.service.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';

/** Failed logins in a row from one address that lock the account for that address. */
export const MAX_FAILED_LOGINS = 5;
/**
 * Failed logins in a row from unfamiliar addresses (no successful sign-in from there within
 * FAMILIAR_ADDRESS_MS) that lock the account for every unfamiliar address: a guesser spread
 * over many addresses is stopped, while its owner at a familiar desk still signs in.
 */
export const MAX_FAILED_LOGINS_PER_ACCOUNT = 20;
/** How long a lock-out lasts, ms. */
export const LOCKOUT_MS = 15 * 60_000;
/** How long an address stays familiar after a successful sign-in from it, ms. */
export const FAMILIAR_ADDRESS_MS = 30 * 24 * 3_600_000;

/**
 * The lock-out: per account and address, as OWASP advises, not one global lock that anyone
 * anywhere could trip to keep the commander out of the room.
 */
const LOGIN_LIMITS: LoginLimits = {
  maxPerAddress: MAX_FAILED_LOGINS,
  maxPerAccount: MAX_FAILED_LOGINS_PER_ACCOUNT,
  lockoutMs: LOCKOUT_MS,
  familiarMs: FAMILIAR_ADDRESS_MS,
};
/**
 * Unknown usernames whose failed logins are counted at once, at most: the oldest is forgotten
 * past this, so a flood of made-up names costs bounded memory (a forgotten one only starts its
 * count again).
 */
export const UNKNOWN_LOGINS_TRACKED = 10_000;

/** A session ends after this long without a request, ms: one long shift. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
/** The session cookie's name. */
export const SESSION_COOKIE = 'mirsad_session';
/** The password of every demo account; demo mode only. */
export const DEMO_PASSWORD = 'demo';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The demo's accounts: one per role and officers of a few sectors, all with the password `demo`. */
export const DEMO_ACCOUNTS: readonly Omit<NewAccount, 'password'>[] = [
  { username: 'commander', displayName: 'Duty Commander', role: 'commander', sectors: [] },
  { username: 'trainer', displayName: 'Training Officer', role: 'trainer', sectors: [] },
  { username: 'admin', displayName: 'Administrator', role: 'admin', sectors: [] },
  { username: 'display', displayName: 'Wall Display', role: 'display', sectors: [] },
  { username: 'traffic', displayName: 'Traffic Officer', role: 'officer', sectors: ['traffic'] },
  {
    username: 'civil-defence',
    displayName: 'Civil Defence Officer',
    role: 'officer',
    sectors: ['civil-defence'],
  },
  {
    username: 'fire',
    displayName: 'Fire and Rescue Officer',
    role: 'officer',
    sectors: ['fire-marine-rescue'],
  },
  {
    username: 'police',
    displayName: 'Public Security Officer',
    role: 'officer',
    sectors: ['public-security', 'criminal-security'],
  },
  {
    username: 'coastguard',
    displayName: 'Coast Guard Officer',
    role: 'officer',
    sectors: ['border-coast-guard'],
  },
];

/** Where a request came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | null;
}

const toAccount = (record: AccountRecord): Account => ({
  username: record.username,
  displayName: record.displayName,
  role: record.role,
  sectors: record.sectors,
  isDisabled: record.isDisabled,
  lockedUntil: record.lockedUntil,
  createdAt: record.createdAt,
});

const toApiKey = (record: ApiKeyRecord): ApiKey => ({
  id: record.id,
  name: record.name,
  role: record.role,
  source: record.source,
  sectors: record.sectors,
  createdAt: record.createdAt,
  revokedAt: record.revokedAt,
});

/** The principal of a person's account. */
export function principalOf(
  account: Pick<AccountRecord, 'username' | 'displayName' | 'role' | 'sectors'>,
): Principal {
  return {
    kind: 'user',
    id: account.username,
    displayName: account.displayName,
    role: account.role,
    sectors: account.sectors,
    source: null,
  };
}

/** The audit actor of a principal: `user:<name>` or `key:<id>`. */
export function actorOf(principal: Principal | null): string {
  return principal ? `${principal.kind}:${principal.id}` : 'anonymous';
}

/**
 * Presented API keys whose secret matched, kept with their hash at most this many: a feed
 * posting thousands of reports a second presents the same few keys, and a SHA-256 of each
 * was about 8 % of a report's CPU together with the key's lookup. Only matching secrets are
 * kept, so a flood of wrong ones neither grows nor churns it.
 */
export const KEY_HASHES_KEPT = 1_000;

/** Accounts, passwords, sessions and API keys. */
export class AuthService {
  /**
   * The hash of each presented key that matched its row, by the key as presented. Only the
   * hash is kept: the row is read on every request, so a revoked key is refused at once.
   */
  private readonly keyHashes = new Map<string, string>();
  private readonly revokedListeners: ((actor: string) => void)[] = [];
  /**
   * Failed logins of unknown usernames, per address and name: counted and locked as a real
   * account's are from one address, so a 429 after five tries does not tell a guesser that the
   * name exists. Kept in memory (and per node): nothing about an unknown name is worth storing.
   */
  private readonly unknownAttempts = new Map<string, { failures: number; lockedUntil: number | null }>();

  constructor(
    private readonly store: AccountStore,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Calls `listener` with the actor (`user:<name>` or `key:<id>`) whenever what let it in has
   * changed or gone: a key revoked; an account disabled, or its password, role or sectors
   * changed. Its sessions already answer 401; the socket gateway closes its open sockets.
   */
  onRevoked(listener: (actor: string) => void): void {
    this.revokedListeners.push(listener);
  }

  private revoked(actor: string): void {
    for (const listener of this.revokedListeners) listener(actor);
  }

  /**
   * Checks a password; on success opens a session and returns its token (shown to the client
   * once, as a cookie). The attempt is counted before the password is checked (see
   * `LOGIN_LIMITS`), so concurrent guesses lock as surely as sequential ones.
   */
  async login(
    username: string,
    password: string,
    origin: RequestOrigin,
  ): Promise<{ token: string; principal: Principal; expiresAt: string }> {
    const account = await this.store.getAccount(username);
    const now = this.now();
    const address = origin.ip ?? 'unknown';
    const record = (action: string, detail: string): Promise<unknown> =>
      this.audit.record({
        actor: `user:${username}`,
        action,
        target: username,
        outcome: 'refused',
        detail,
        ip: origin.ip,
      });
    const refuse = async (detail: string, error: HttpError): Promise<never> => {
      await record('auth.login', detail);
      throw error;
    };
    const wrong = new HttpError(401, 'unauthorized', 'wrong username or password');
    if (!account) {
      const locked = this.countUnknown(`${address}\u0000${username}`, now.getTime());
      if (locked !== null) {
        const lockedUntil = new Date(locked).toISOString();
        return refuse(
          'unknown username (locked from this address)',
          new TooManyAttemptsError(
            'locked',
            `too many failed logins: the account is locked until ${lockedUntil} from this address`,
            Math.max(1, Math.ceil((locked - now.getTime()) / 1000)),
            lockedUntil,
          ),
        );
      }
      await verifyPassword(password, await DUMMY_HASH_PROMISE);
      return refuse('unknown username', wrong);
    }
    const reservation = await this.store.reserveLoginAttempt(
      username,
      address,
      now.toISOString(),
      LOGIN_LIMITS,
    );
    if (!reservation.isAllowed) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((Date.parse(reservation.lockedUntil) - now.getTime()) / 1000),
      );
      const where = reservation.scope === 'address' ? 'from this address' : 'from unfamiliar addresses';
      return refuse(
        `locked (${where})`,
        new TooManyAttemptsError(
          'locked',
          `too many failed logins: the account is locked until ${reservation.lockedUntil} ${where}`,
          retryAfterSeconds,
          reservation.lockedUntil,
        ),
      );
    }
    if (!(await verifyPassword(password, account.passwordHash))) {
      if (reservation.locks !== null) {
        await record(
          'auth.locked',
          `locked until ${reservation.lockedUntil ?? ''} ${reservation.locks === 'address' ? `for ${address}` : 'for unfamiliar addresses'}`,
        );
      }
      return refuse(`wrong password (${reservation.attempts} in a row from ${address})`, wrong);
    }
    if (account.isDisabled)
      return refuse('disabled', new HttpError(403, 'unauthorized', 'this account is disabled'));
    await this.store.recordLoginSuccess(username, address, now.toISOString());
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
    await this.store.insertSession({
      tokenHash: sha256(token),
      username,
      createdAt: now.toISOString(),
      expiresAt,
    });
    await this.audit.record({
      actor: `user:${username}`,
      action: 'auth.login',
      target: username,
      outcome: 'ok',
      detail: null,
      ip: origin.ip,
    });
    return { token, principal: principalOf(account), expiresAt };
  }

  /**
   * Counts a failed login of an unknown username from an address, as a real account's would be
   * counted there: the time its lock ends (ms) when this attempt is refused unchecked, else null.
   */
  private countUnknown(key: string, nowMs: number): number | null {
    const seen = this.unknownAttempts.get(key) ?? { failures: 0, lockedUntil: null };
    this.unknownAttempts.delete(key);
    if (seen.lockedUntil !== null && seen.lockedUntil > nowMs) {
      this.unknownAttempts.set(key, seen);
      return seen.lockedUntil;
    }
    const failures = (seen.lockedUntil === null ? seen.failures : 0) + 1;
    this.unknownAttempts.set(key, {
      failures,
      lockedUntil: failures >= MAX_FAILED_LOGINS ? nowMs + LOCKOUT_MS : null,
    });
    if (this.unknownAttempts.size > UNKNOWN_LOGINS_TRACKED) {
      const oldest = this.unknownAttempts.keys().next().value;
      if (oldest !== undefined) this.unknownAttempts.delete(oldest);
    }
    return null;
  }

  /** Ends a session. */
  async logout(token: string, principal: Principal, origin: RequestOrigin): Promise<void> {
    await this.store.deleteSession(sha256(token));
    await this.audit.record({
      actor: actorOf(principal),
      action: 'auth.logout',
      target: principal.id,
      outcome: 'ok',
      detail: null,
      ip: origin.ip,
    });
  }

  /** The principal of a session token, or null when it is unknown, expired or its account disabled. Extends the session. */
  async principalOfSession(token: string): Promise<Principal | null> {
    const tokenHash = sha256(token);
    const session = await this.store.getSession(tokenHash);
    const now = this.now();
    if (!session || Date.parse(session.expiresAt) <= now.getTime()) return null;
    const account = await this.store.getAccount(session.username);
    if (!account || account.isDisabled) return null;
    // Sliding expiry, written at most once a minute to keep reads cheap.
    const renewed = now.getTime() + SESSION_IDLE_MS;
    if (renewed - Date.parse(session.expiresAt) > 60_000) {
      await this.store.updateSessionExpiry(tokenHash, new Date(renewed).toISOString());
    }
    return principalOf(account);
  }

  /**
   * Which of these sessions (by token hash) still hold: known, not expired, of an enabled
   * account. Read only: an open socket is no activity, so it does not extend its session.
   */
  async liveSessions(tokenHashes: Iterable<string>): Promise<Set<string>> {
    const now = this.now().getTime();
    const live = new Set<string>();
    for (const tokenHash of new Set(tokenHashes)) {
      const session = await this.store.getSession(tokenHash);
      if (!session || Date.parse(session.expiresAt) <= now) continue;
      const account = await this.store.getAccount(session.username);
      if (account && !account.isDisabled) live.add(tokenHash);
    }
    return live;
  }

  /** The principal of an API key `mk_<id>_<secret>`, or null. */
  async principalOfKey(bearer: string): Promise<Principal | null> {
    const match = /^mk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,})$/.exec(bearer);
    if (!match?.[1] || !match[2]) return null;
    const key = await this.store.getApiKey(match[1]);
    if (!key || key.revokedAt !== null) return null;
    const known = this.keyHashes.get(bearer);
    const hash = known ?? sha256(match[2]);
    if (key.secretHash !== hash) return null;
    if (known === undefined) {
      // The oldest out first (a Map keeps insertion order).
      if (this.keyHashes.size >= KEY_HASHES_KEPT)
        this.keyHashes.delete(this.keyHashes.keys().next().value ?? '');
      this.keyHashes.set(bearer, hash);
    }
    return {
      kind: 'key',
      id: key.id,
      displayName: key.name,
      role: key.role,
      sectors: key.sectors,
      source: key.source,
    };
  }

  /** Creates an account. */
  async createAccount(input: NewAccount, by: Principal): Promise<Account> {
    if (await this.store.getAccount(input.username)) {
      throw new HttpError(409, 'conflict', `the username ${input.username} is taken`);
    }
    const record: AccountRecord = {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      sectors: input.sectors,
      passwordHash: await hashPassword(input.password),
      failedLogins: 0,
      lockedUntil: null,
      isDisabled: false,
      createdAt: this.now().toISOString(),
    };
    await this.store.insertAccount(record);
    await this.audit.record({
      actor: actorOf(by),
      action: 'account.create',
      target: input.username,
      outcome: 'ok',
      detail: `role ${input.role}`,
      ip: null,
    });
    return toAccount(record);
  }

  /** Changes an account; a new password, a role change or disabling ends its sessions. */
  async updateAccount(username: string, patch: AccountPatch, by: Principal): Promise<Account> {
    const current = await this.store.getAccount(username);
    if (!current) throw notFound(`account ${username}`);
    const changes: Partial<AccountRecord> = {};
    if (patch.displayName !== undefined) changes.displayName = patch.displayName;
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.sectors !== undefined) changes.sectors = patch.sectors;
    if (patch.isDisabled !== undefined) changes.isDisabled = patch.isDisabled;
    if (patch.password !== undefined) changes.passwordHash = await hashPassword(patch.password);
    await this.store.updateAccount(username, changes);
    if (patch.unlock) await this.store.clearLoginLocks(username);
    if (
      patch.password !== undefined ||
      patch.role !== undefined ||
      patch.sectors !== undefined ||
      patch.isDisabled
    ) {
      // A sector change ends the sessions too: the officer signs in again and loads the new
      // sectors' picture, rather than a socket moved to new rooms beside a cache of the old.
      await this.store.deleteSessionsOf(username);
      this.revoked(`user:${username}`);
    }
    const fields = Object.keys(patch).map((key) => (key === 'password' ? 'password (new)' : key));
    await this.audit.record({
      actor: actorOf(by),
      action: 'account.update',
      target: username,
      outcome: 'ok',
      detail: fields.join(', '),
      ip: null,
    });
    const updated = await this.store.getAccount(username);
    if (!updated) throw notFound(`account ${username}`);
    return toAccount(updated);
  }

  /** Every account. */
  async listAccounts(): Promise<Account[]> {
    const addressLocks = await this.store.addressLocks(this.now().toISOString());
    // The administrator sees the latest lock of any kind, the one a caller on the phone is under.
    return (await this.store.listAccounts()).map((record) => {
      const addressLock = addressLocks.get(record.username) ?? null;
      const lockedUntil =
        addressLock !== null && (record.lockedUntil === null || addressLock > record.lockedUntil)
          ? addressLock
          : record.lockedUntil;
      return toAccount({ ...record, lockedUntil });
    });
  }

  /** Creates an API key and returns its secret, which is never shown again. */
  async createApiKey(input: NewApiKey, by: Principal): Promise<{ key: ApiKey; secret: string }> {
    const id = randomUUID().replaceAll('-', '').slice(0, 12);
    const secretPart = randomBytes(32).toString('base64url');
    const record: ApiKeyRecord = {
      id,
      name: input.name,
      secretHash: sha256(secretPart),
      role: input.role,
      source: input.source,
      sectors: input.sectors,
      createdAt: this.now().toISOString(),
      revokedAt: null,
    };
    await this.store.insertApiKey(record);
    await this.audit.record({
      actor: actorOf(by),
      action: 'key.create',
      target: id,
      outcome: 'ok',
      detail: `${input.role} for ${input.source}`,
      ip: null,
    });
    return { key: toApiKey(record), secret: `mk_${id}_${secretPart}` };
  }

  /** Every API key, revoked ones included. */
  async listApiKeys(): Promise<ApiKey[]> {
    return (await this.store.listApiKeys()).map(toApiKey);
  }

  /** Revokes a key at once: its next request is refused. */
  async revokeApiKey(id: string, by: Principal): Promise<void> {
    if (!(await this.store.getApiKey(id))) throw notFound(`API key ${id}`);
    await this.store.revokeApiKey(id, this.now().toISOString());
    this.revoked(`key:${id}`);
    await this.audit.record({
      actor: actorOf(by),
      action: 'key.revoke',
      target: id,
      outcome: 'ok',
      detail: null,
      ip: null,
    });
  }

  /**
   * Creates the accounts a fresh installation starts with: in demo mode one per role with the
   * password `demo`; otherwise only the first administrator, from the environment. Returns
   * the usernames it created (none when accounts already exist).
   */
  async bootstrap(options: {
    isDemo: boolean;
    admin: { username: string; password: string } | null;
  }): Promise<string[]> {
    if ((await this.store.countAccounts()) > 0) return [];
    const system: Principal = {
      kind: 'user',
      id: 'system',
      displayName: 'System',
      role: 'admin',
      sectors: [],
      source: null,
    };
    const created: string[] = [];
    if (options.isDemo) {
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      for (const account of DEMO_ACCOUNTS) {
        await this.store.insertAccount({
          ...account,
          passwordHash,
          failedLogins: 0,
          lockedUntil: null,
          isDisabled: false,
          createdAt: this.now().toISOString(),
        });
        created.push(account.username);
      }
      await this.audit.record({
        actor: actorOf(system),
        action: 'account.bootstrap',
        target: null,
        outcome: 'ok',
        detail: `demo accounts: ${created.join(', ')}`,
        ip: null,
      });
    }
    if (options.admin && !created.includes(options.admin.username)) {
      await this.createAccount(
        {
          username: options.admin.username,
          displayName: 'Administrator',
          role: 'admin',
          sectors: [],
          password: options.admin.password,
        },
        system,
      );
      created.push(options.admin.username);
    }
    return created;
  }
}

/** Sectors a principal may see: all for commanders, admins and whole-room displays. */
export function visibleSectors(principal: Principal): readonly SectorId[] {
  return principal.role === 'commander' ||
    principal.role === 'admin' ||
    (principal.role === 'display' && principal.sectors.length === 0)
    ? SECTOR_IDS
    : principal.sectors;
}
