import path from 'node:path';
import { z } from 'zod';
import {
  ClientConfigSchema,
  DEFAULT_RESPONSE_TARGETS,
  CapTokenSchema,
  NewPasswordSchema,
  UsernameSchema,
  type ClientConfig,
} from '@mirsad/shared';
import { DEFAULT_RATE_LIMITS, RateLimitsSchema, type RateLimits } from './auth/rate-limits.js';
import { DEFAULT_CAP_IDENTITY, type CapIdentity } from './warnings/cap.write.js';
import { READ_THREAD_NICE } from './review/thread.priority.js';

/** A comma list, trimmed, empty entries dropped. */
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  );

/** A JSON text, parsed (then checked by the schema piped after it). */
const jsonText = z.string().transform((value, context) => {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    context.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

/** Where settings come from: the process environment, parsed once at start. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Loopback by default; HOST=0.0.0.0 serves the room's other screens (every request needs a session or key). */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  MIRSAD_DEMO: z.enum(['0', '1']).default('1'),
  /** Whether the demo keeps adding and advancing incidents after seeding. */
  MIRSAD_DEMO_ACTIVITY: z.enum(['0', '1']).default('1'),
  MAP_STYLE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Built web app to serve; defaults to web/dist beside the server package. */
  WEB_DIST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Redis of several nodes (`redis://[:password@]host:6379[/db]`, `rediss://` with TLS): the
   * socket.io adapter, rate-limit counters. Unset: one node keeps them in memory.
   */
  REDIS_URL: z
    .url({
      protocol: /^rediss?$/,
      error: 'must be a redis:// or rediss:// address, such as redis://cache:6379',
    })
    .optional(),
  /** The prefix of every Redis key of this room, so several rooms (or tests) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" and "-", at most 64')
    .default('mirsad:'),
  /** This node's name in `/api/health` and among the nodes of one room; unset: host, process and a random part. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,48}$/, 'letters, digits, ".", "_", ":" and "-", at most 48')
    .optional(),
  /** Comma list of browser origins allowed to call and connect; empty means the server's own. */
  ALLOWED_ORIGINS: commaList.pipe(z.array(z.url())),
  /**
   * The reverse proxies whose X-Forwarded-For/-Proto/-Host are believed: a comma list of
   * addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`. Empty: none (direct).
   */
  TRUST_PROXY: commaList.pipe(
    z.array(
      z.union([z.enum(['loopback', 'linklocal', 'uniquelocal']), z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]),
    ),
  ),
  /** The first administrator outside demo mode, created when no account exists. */
  MIRSAD_ADMIN_USERNAME: UsernameSchema.optional(),
  MIRSAD_ADMIN_PASSWORD: NewPasswordSchema.optional(),
  /**
   * The nice value (0-19) of the review's reader threads: lower gives month summaries and exports
   * more of the CPU when the room is busy, and the room less.
   */
  READ_NICE: z.coerce.number().int().min(0).max(19).default(READ_THREAD_NICE),
  /** JSON of response targets per severity, overriding the defaults. */
  RESPONSE_TARGETS: jsonText.pipe(ClientConfigSchema.shape.responseTargets).optional(),
  /**
   * The PostgreSQL database of several nodes (`postgres://user:password@host:5432/name`);
   * unset, the embedded SQLite file in DATA_DIR.
   */
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: 'must be a postgres:// address, such as postgres://mirsad@db:5432/mirsad',
    })
    .optional(),
  /** JSON of requests a minute, `{"person":1200,"key":6000,"anonymous":300,"login":20}`; each left out keeps its default. */
  RATE_LIMITS: jsonText.pipe(RateLimitsSchema.partial().strict()).optional(),
  /** The MQTT broker field sensors publish to, `mqtt://host:1883` or `mqtts://…`; ingest is off when unset. */
  MQTT_URL: z.url({ protocol: /^(mqtts?|wss?)$/ }).optional(),
  /** The first level of every sensor topic (`<prefix>/drone/<id>/telemetry`); tests give each run its own. */
  MQTT_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'topic levels of letters, digits, dash and underscore')
    .default('mirsad'),
  /** The TCP port of the streaming CoT endpoint for TAK clients; off when unset (0: any free port). */
  COT_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where the CoT endpoint listens; plain TCP is allowed only on loopback. */
  COT_HOST: z.string().min(1).default('127.0.0.1'),
  /** PEM files of the CoT endpoint's TLS: its certificate, key, and the CA that signs TAK clients' certificates. */
  COT_TLS_CERT: z.string().min(1).optional(),
  COT_TLS_KEY: z.string().min(1).optional(),
  COT_TLS_CA: z.string().min(1).optional(),
  /** CAP `sender` of the warnings Mirsad issues: no spaces, commas, `<` or `&`. */
  CAP_SENDER: CapTokenSchema.optional(),
  /** CAP `senderName` of the warnings Mirsad issues when their author gives none. */
  CAP_SENDER_NAME: z.string().min(1).max(200).optional(),
});

/** The server's settings. */
export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  isDemo: boolean;
  isDemoActivity: boolean;
  mapStyleUrl: string | null;
  webDist: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Redis shared by the nodes of one room (REDIS_URL); null: one node, everything volatile in memory. */
  redisUrl: string | null;
  /** The prefix of this room's Redis keys. */
  redisPrefix: string;
  /** This node's name (NODE_ID); null: made up at start. */
  nodeId: string | null;
  allowedOrigins: string[];
  /** Addresses of trusted reverse proxies (TRUST_PROXY); empty when clients connect directly. */
  trustProxy: string[];
  /** The first administrator to create when the store has no account (outside demo mode). */
  bootstrapAdmin: { username: string; password: string } | null;
  responseTargets: ClientConfig['responseTargets'];
  /** The nice value of the review's reader threads (READ_NICE). */
  readNice?: number;
  /** Requests a minute per person, key, address without either, and sign-ins per address. */
  rateLimits: RateLimits;
  /** Field sensor ingest over MQTT; null when MQTT_URL is unset. */
  mqtt: { url: string; topicPrefix: string } | null;
  /** The streaming CoT endpoint; null when COT_PORT is unset. TLS files are paths, read at start. */
  cot: CotConfig | null;
  /** The PostgreSQL database (DATABASE_URL); null for the embedded SQLite file in `dataDir`. */
  databaseUrl: string | null;
  /** Who Mirsad is in the CAP messages it issues. */
  capIdentity: CapIdentity;
}

/** Where the CoT endpoint listens, and its TLS files (all three, or none for plain TCP on loopback). */
export interface CotConfig {
  port: number;
  host: string;
  tls: { certFile: string; keyFile: string; caFile: string } | null;
}

/** A quiet server on a free loopback port over `dataDir`, without demo data or web app: for tests and benchmarks. */
export function localConfig(dataDir: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    isDemo: false,
    isDemoActivity: false,
    mapStyleUrl: null,
    webDist: path.join(dataDir, 'no-web'),
    logLevel: 'silent',
    redisUrl: null,
    redisPrefix: 'mirsad:',
    nodeId: null,
    allowedOrigins: [],
    trustProxy: [],
    bootstrapAdmin: null,
    responseTargets: DEFAULT_RESPONSE_TARGETS,
    rateLimits: DEFAULT_RATE_LIMITS,
    mqtt: null,
    cot: null,
    databaseUrl: null,
    capIdentity: DEFAULT_CAP_IDENTITY,
    ...overrides,
  };
}

/** A setting that could not be read, with the variable it came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the settings from an environment, naming every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = EnvSchema.safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`bad environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if ((e.MIRSAD_ADMIN_USERNAME === undefined) !== (e.MIRSAD_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('bad environment: set MIRSAD_ADMIN_USERNAME and MIRSAD_ADMIN_PASSWORD together');
  }
  const tlsFiles = [e.COT_TLS_CERT, e.COT_TLS_KEY, e.COT_TLS_CA];
  if (tlsFiles.some((file) => file !== undefined) && tlsFiles.some((file) => file === undefined)) {
    throw new ConfigError('bad environment: set COT_TLS_CERT, COT_TLS_KEY and COT_TLS_CA together');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    isDemo: e.MIRSAD_DEMO === '1',
    isDemoActivity: e.MIRSAD_DEMO_ACTIVITY === '1',
    mapStyleUrl: e.MAP_STYLE_URL ?? null,
    webDist: path.resolve(e.WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.REDIS_PREFIX,
    nodeId: e.NODE_ID ?? null,
    allowedOrigins: e.ALLOWED_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    bootstrapAdmin:
      e.MIRSAD_ADMIN_USERNAME && e.MIRSAD_ADMIN_PASSWORD
        ? { username: e.MIRSAD_ADMIN_USERNAME, password: e.MIRSAD_ADMIN_PASSWORD }
        : null,
    responseTargets: e.RESPONSE_TARGETS ?? DEFAULT_RESPONSE_TARGETS,
    readNice: e.READ_NICE,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...e.RATE_LIMITS },
    mqtt: e.MQTT_URL ? { url: e.MQTT_URL, topicPrefix: e.MQTT_TOPIC_PREFIX } : null,
    cot:
      e.COT_PORT === undefined
        ? null
        : {
            port: e.COT_PORT,
            host: e.COT_HOST,
            tls:
              e.COT_TLS_CERT && e.COT_TLS_KEY && e.COT_TLS_CA
                ? { certFile: e.COT_TLS_CERT, keyFile: e.COT_TLS_KEY, caFile: e.COT_TLS_CA }
                : null,
          },
    databaseUrl: e.DATABASE_URL ?? null,
    capIdentity: {
      sender: e.CAP_SENDER ?? DEFAULT_CAP_IDENTITY.sender,
      senderName: e.CAP_SENDER_NAME ?? DEFAULT_CAP_IDENTITY.senderName,
    },
  };
}
