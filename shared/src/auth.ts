import { z } from 'zod';
import { type LocalizedText } from './i18n.js';
import { SectorIdSchema } from './sectors.js';

/**
 * What a caller may do. People: `officer` works their sectors' incidents, `commander` sees and
 * directs all sectors, `trainer` runs exercises, `admin` manages accounts. `display` is the
 * read-only kiosk of a wall screen; `reporter` is another ministry system's API key; `archive`
 * is the key of a records system that loads past incidents (`POST /api/history`) and reads nothing;
 * `alerting-authority` is the key of another warning authority (the Meteorological
 * Department…) that sends CAP messages, bound by its `source` to the CAP `sender` it may use.
 */
export const ROLES = [
  'officer',
  'commander',
  'trainer',
  'admin',
  'display',
  'reporter',
  'archive',
  'alerting-authority',
] as const;

/** A role. */
export const RoleSchema = z.enum(ROLES);

/** A role. */
export type Role = z.infer<typeof RoleSchema>;

/** The name of each role, in both languages. */
export const ROLE_NAMES: Readonly<Record<Role, LocalizedText>> = {
  officer: { en: 'Officer', ar: 'ضابط' },
  commander: { en: 'Commander', ar: 'قائد' },
  trainer: { en: 'Trainer', ar: 'مدرب' },
  admin: { en: 'Administrator', ar: 'مسؤول النظام' },
  display: { en: 'Wall display', ar: 'شاشة العرض' },
  reporter: { en: 'Reporting system', ar: 'نظام مُبلِّغ' },
  archive: { en: 'Records archive', ar: 'أرشيف السجلات' },
  'alerting-authority': { en: 'Alerting authority', ar: 'جهة إنذار' },
};

/** A username: lower-case letters, digits, dot, dash and underscore. */
export const UsernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash and underscore');

/** The roles a person's account can have (keys carry `display` or `reporter`). */
export const ACCOUNT_ROLES = [
  'officer',
  'commander',
  'trainer',
  'admin',
  'display',
] as const satisfies readonly Role[];

/** A role a person's account can have. */
export const AccountRoleSchema = z.enum(ACCOUNT_ROLES);

/** The roles an API key can have. */
export const KeyRoleSchema = z.enum(['reporter', 'display', 'archive', 'alerting-authority']);

/** Whether a principal is a machine that sends (a reporting system or an alerting authority), never a reader of the room. */
export function isSendingKey(principal: Pick<Principal, 'role'>): boolean {
  return principal.role === 'reporter' || principal.role === 'alerting-authority';
}

/** A password an administrator sets: long enough to resist guessing offline. */
export const NewPasswordSchema = z.string().min(12, 'at least 12 characters').max(1024);

/** An account as the API shows it: never its password hash. */
export const AccountSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().min(1).max(128),
  role: AccountRoleSchema,
  sectors: z.array(SectorIdSchema),
  isDisabled: z.boolean(),
  lockedUntil: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

/** An account as the API shows it. */
export type Account = z.infer<typeof AccountSchema>;

/** The body of `POST /api/accounts`. */
export const NewAccountSchema = z
  .object({
    username: UsernameSchema,
    displayName: z.string().trim().min(1).max(128),
    role: AccountRoleSchema,
    sectors: z.array(SectorIdSchema).default([]),
    password: NewPasswordSchema,
  })
  .strict();

/** The body of `POST /api/accounts`. */
export type NewAccount = z.infer<typeof NewAccountSchema>;

/** The body of `PATCH /api/accounts/:username`. */
export const AccountPatchSchema = z
  .object({
    displayName: z.string().trim().min(1).max(128),
    role: AccountRoleSchema,
    sectors: z.array(SectorIdSchema),
    isDisabled: z.boolean(),
    password: NewPasswordSchema,
    /** Lifts a lock-out after failed logins. */
    unlock: z.literal(true),
  })
  .partial()
  .strict();

/** The body of `PATCH /api/accounts/:username`. */
export type AccountPatch = z.infer<typeof AccountPatchSchema>;

/** An API key as listed: never its secret. */
export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: KeyRoleSchema,
  /** The source every report made with this key carries. */
  source: z.string(),
  sectors: z.array(SectorIdSchema),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});

/** An API key as listed. */
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** The body of `POST /api/keys`. */
export const NewApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(128),
    role: KeyRoleSchema.default('reporter'),
    source: z.string().min(1).max(256),
    sectors: z.array(SectorIdSchema).default([]),
  })
  .strict()
  .superRefine((key, context) => {
    // A system's source is a short slug; an alerting authority's is the CAP `sender` it may
    // use, which CAP lets be an address or a URL (no spaces, commas, `<` or `&`).
    const isSender = key.role === 'alerting-authority';
    const isValid = isSender
      ? /^[^\s,<&]+$/.test(key.source)
      : key.source.length <= 64 && /^[a-z0-9][a-z0-9._-]*$/.test(key.source);
    if (!isValid)
      context.addIssue({
        code: 'custom',
        path: ['source'],
        message: isSender
          ? 'a CAP sender: no spaces, commas, < or &'
          : 'lower-case letters, digits, dot, dash and underscore, at most 64',
      });
    if (isSender && key.sectors.length > 0)
      context.addIssue({
        code: 'custom',
        path: ['sectors'],
        message: 'an alerting authority’s key is bound to its sender, not to sectors',
      });
  });

/** The body of `POST /api/keys`. */
export type NewApiKey = z.infer<typeof NewApiKeySchema>;

/** One record of the audit trail: who did what, to what, and whether it was allowed. */
export const AuditEntrySchema = z.object({
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  /** `user:<name>`, `key:<id>`, or `anonymous`. */
  actor: z.string(),
  /** What was tried, such as `auth.login`, `incident.update`, `http.request`. */
  action: z.string(),
  /** What it was done to: an incident id, a username, a route. */
  target: z.string().nullable(),
  outcome: z.enum(['ok', 'refused', 'failed']),
  /** HTTP status or a short reason. */
  detail: z.string().nullable(),
  ip: z.string().nullable(),
});

/** One record of the audit trail. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The query of `GET /api/audit`. */
export const AuditQuerySchema = z
  .object({
    actor: z.string().min(1).max(128).optional(),
    action: z.string().min(1).max(64).optional(),
    outcome: z.enum(['ok', 'refused', 'failed']).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    /** Entries older than this sequence: the cursor of the next page. */
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** The query of `GET /api/audit`. */
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** The body of `POST /api/auth/login`. */
export const LoginRequestSchema = z
  .object({
    username: z.string().trim().toLowerCase().pipe(UsernameSchema),
    password: z.string().min(1).max(1024),
  })
  .strict();

/** The body of `POST /api/auth/login`. */
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** Who is signed in or calling: a person or a machine client with an API key. */
export const PrincipalSchema = z.object({
  kind: z.enum(['user', 'key']),
  /** Username, or the key's id. */
  id: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  /** The sectors whose incidents this principal works; commanders and admins see all regardless. */
  sectors: z.array(SectorIdSchema),
  /** For keys: the source their reports carry. */
  source: z.string().nullable(),
});

/** Who is signed in or calling. */
export type Principal = z.infer<typeof PrincipalSchema>;

/** Whether a principal sees every sector (commanders, admins, display screens of the whole room). */
export function seesAllSectors(principal: Pick<Principal, 'role' | 'sectors'>): boolean {
  return (
    principal.role === 'commander' ||
    principal.role === 'admin' ||
    (principal.role === 'display' && principal.sectors.length === 0)
  );
}
