import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '@mirsad/shared';
import {
  listScenarios,
  loadFacilities,
  loadGovernorates,
  loadGovernoratesGeoJson,
  loadScenario,
} from '@mirsad/mock-data';
import { ExerciseService, type ScenarioSource } from './exercises/exercise.service.js';
import { exerciseRoutes, type ScenarioSummary } from './routes/exercise.routes.js';
import { ExerciseRoster } from './auth/access.js';
import { accessHooks, type RouteRule } from './auth/access.hooks.js';
import { AuditService } from './auth/audit.service.js';
import { authHooks } from './auth/auth.hooks.js';
import { AuthService } from './auth/auth.service.js';
import { securityHeaders } from './auth/headers.js';
import { compileTrustProxy } from './auth/origin.js';
import { rateLimits } from './auth/rate-limits.js';
import type { ServerConfig } from './config.js';
import { HttpError, TooManyAttemptsError } from './errors.js';
import { EventLog } from './event-log.js';
import { IncidentService } from './incidents/incident.service.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';
import { authRoutes } from './routes/auth.routes.js';
import { eventRoutes } from './routes/event.routes.js';
import { incidentRoutes } from './routes/incident.routes.js';
import { referenceRoutes } from './routes/reference.routes.js';
import { reviewRoutes } from './routes/review.routes.js';
import { statsRoutes } from './routes/stats.routes.js';
import { fieldRoutes } from './routes/unit.routes.js';
import { ReadPool } from './review/read.pool.js';
import { ReplayService } from './review/replay.service.js';
import { ShelterService } from './shelters/shelter.service.js';
import type { AccountStore, AuditStore } from './store/account.store.js';
import type { EventStore } from './store/event.store.js';
import { SqliteAccountStore, SqliteAuditStore } from './store/sqlite.accounts.js';
import { SqliteEventStore } from './store/sqlite.store.js';
import { UnitService } from './units/unit.service.js';
import { warningRoutes } from './routes/warning.routes.js';
import { CapParsePool } from './warnings/cap.pool.js';
import { rebaseCap } from './warnings/cap.read.js';
import { WarningService } from './warnings/warning.service.js';

/** How long a shutdown lets requests in flight finish before it closes their connections, in ms. */
const SHUTDOWN_GRACE_MS = 5_000;

/** Largest request body accepted, bytes; a report with a detailed area fits many times over. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** How often unit positions are saved for the next start, ms. */
const POSITION_SAVE_INTERVAL_MS = 10_000;

const SERVER_VERSION = '0.2.0';

/** The stores a server runs on. */
export interface Stores {
  events: EventStore;
  accounts: AccountStore;
  audit: AuditStore;
}

/** A running Mirsad server and the parts tests and the entry point reach for. */
export interface MirsadServer {
  app: FastifyInstance;
  gateway: RealtimeGateway;
  incidents: IncidentService;
  units: UnitService;
  shelters: ShelterService;
  warnings: WarningService;
  replay: ReplayService;
  /** The worker threads that do the review's long reads. */
  reads: ReadPool;
  exercises: ExerciseService;
  auth: AuthService;
  audit: AuditService;
  store: EventStore;
  /** The address it listens on, such as http://127.0.0.1:8080. */
  url: string;
  /** Every API route (`METHOD /path`) with the access rule it declared, for tests that must cover them all. */
  routes: RouteRule[];
  /** Who takes part in each exercise: what the access policy is given. */
  roster: ExerciseRoster;
  /** Stops taking requests, disconnects sockets, and closes the store: nothing committed is lost. */
  close(): Promise<void>;
}

function buildIdOf(webDist: string): string {
  const index = path.join(webDist, 'index.html');
  const hash = createHash('sha256').update(SERVER_VERSION);
  if (fs.existsSync(index)) hash.update(fs.readFileSync(index));
  return hash.digest('hex').slice(0, 12);
}

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || url.startsWith('/socket.io');
}

/** The embedded stores: one SQLite file in the data folder. */
export function openSqliteStores(dataDir: string): Stores {
  const events = SqliteEventStore.open(dataDir);
  return { events, accounts: new SqliteAccountStore(events.db), audit: new SqliteAuditStore(events.db) };
}

/** Where scenarios come from: mock-data/scenarios, or a test's own. */
export interface Scenarios extends ScenarioSource {
  list(): ScenarioSummary[];
}

/** What a caller may change about a server beyond its configuration. */
export interface StartOptions {
  /** The stores; the embedded SQLite ones in the data folder when left out. */
  stores?: Stores;
  /** Runs before the server listens: accounts and demo data are then in place before anyone asks. */
  prepare?: (services: Services) => Promise<void>;
  /** The clock every service stamps events with; tests replace it to build a known history. */
  now?: () => Date;
  scenarios?: Scenarios;
}

/** The services, for work that must be done before the server takes its first request. */
export interface Services {
  incidents: IncidentService;
  units: UnitService;
  shelters: ShelterService;
  auth: AuthService;
  store: EventStore;
}

/**
 * Builds and starts the server on the configured port, with the given stores or the embedded
 * SQLite ones. `prepare` runs before it listens: accounts and demo data are then in place
 * before anyone can ask for them.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<MirsadServer> {
  const stores = options.stores ?? openSqliteStores(config.dataDir);
  const now = options.now ?? ((): Date => new Date());
  const scenarios = options.scenarios ?? { load: loadScenario, list: listScenarios };
  const eventStore = stores.events;
  const governorates = loadGovernorates();
  const facilities = loadFacilities();
  const audit = new AuditService(stores.audit);
  // The audit store shares the event store's connection, so a change's entry joins its commit.
  const log = new EventLog(eventStore, (entry) => audit.record(entry));
  const roster = new ExerciseRoster();
  const incidents = new IncidentService(log, governorates, roster, now);
  const units = new UnitService(log, roster, now);
  await units.load();
  const shelters = new ShelterService(log, facilities, roster, now);
  const warnings = new WarningService(log, roster, config.capIdentity, now);
  const capPool = new CapParsePool();
  const replay = new ReplayService(eventStore);
  await replay.start(log);
  if (!(eventStore instanceof SqliteEventStore))
    throw new Error(
      'the review reads the embedded SQLite store from worker threads; no other store is supported yet',
    );
  const reads = new ReadPool({ file: eventStore.file, responseTargets: config.responseTargets });
  const exercises = new ExerciseService(log, incidents, units, scenarios, roster, now);
  // A scenario's CAP files arrive through the same reader as `POST /api/cap`, sent now.
  exercises.takeCapWith(async (xml, exerciseId, by) => {
    await warnings.receive(rebaseCap(await capPool.parse(xml), now()), by, exerciseId);
  });
  await exercises.load();
  const auth = new AuthService(stores.accounts, audit);
  const buildId = buildIdOf(config.webDist);
  // One trust function for Fastify (request.ip, .protocol, .host) and for socket handshakes.
  const trustProxy = compileTrustProxy(config.trustProxy);

  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy.length === 0 ? false : trustProxy,
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    logController: new LogController({
      // One line per request drowns what matters at info; debug and trace bring them back.
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof TooManyAttemptsError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof HttpError) return reply.code(error.statusCode).send(error.toBody());
    const statusCode = error.statusCode ?? 500;
    if (statusCode >= 500) {
      request.log.error(error);
      return reply.code(500).send({ error: 'internal', message: 'internal server error', statusCode: 500 });
    }
    // Fastify's own refusals (413 too large, 415 media type, 400 malformed JSON) keep their
    // status and message, in the same shape as every other error.
    const code =
      statusCode === 413
        ? 'payload_too_large'
        : statusCode === 415
          ? 'unsupported_media_type'
          : 'bad_request';
    return reply.code(statusCode).send({ error: code, message: error.message, statusCode });
  });

  await app.register(fastifyHelmet, securityHeaders(config.mapStyleUrl));
  // A malformed cookie is parsed leniently (left undecoded) instead of throwing a 500.
  await app.register(fastifyCookie);

  const hasWeb = fs.existsSync(path.join(config.webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: true,
      // The build writes .br and .gz beside each text file (web/build/precompress.ts): sent to
      // browsers that accept them, with no compression work per request.
      preCompressed: true,
      setHeaders: (res, filePath) => {
        // Hashed assets never change; index.html must be fetched anew so a deploy is seen.
        const isHashed = filePath.includes(`${path.sep}assets${path.sep}`);
        void res.header('cache-control', isHashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !isApiPath(request.url) && hasWeb) {
      // Client-side routes (/wall, /review, …) all load the app.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const message =
      isApiPath(request.url) || hasWeb
        ? `no route ${request.method} ${request.url}`
        : `no route ${request.method} ${request.url}; the web app is not built (run npm start)`;
    return reply.code(404).send({ error: 'not_found', message, statusCode: 404 });
  });

  const routes: RouteRule[] = [];
  authHooks(
    app,
    auth,
    audit,
    { allowedOrigins: config.allowedOrigins, trustProxy },
    await rateLimits(app, config.rateLimits),
  );
  // After authentication (the gate needs the principal), before any route (each must declare its rule).
  accessHooks(app, routes);
  let gateway: RealtimeGateway | null = null;
  authRoutes(app, auth, audit, (token) => gateway?.endSession(token));
  incidentRoutes(app, incidents);
  fieldRoutes(app, units, shelters);
  reviewRoutes(app, log, replay, roster, config.responseTargets, reads);
  statsRoutes(app, eventStore, units, shelters, roster, governorates);
  exerciseRoutes(app, exercises, units, scenarios, auth);
  eventRoutes(app, eventStore, roster);
  warningRoutes(app, { warnings, incidents, store: eventStore, capPool, governorates, facilities });
  referenceRoutes(app, eventStore, {
    governoratesGeoJson: loadGovernoratesGeoJson(),
    facilities,
    version: SERVER_VERSION,
    config: {
      buildId,
      protocolVersion: PROTOCOL_VERSION,
      mapStyleUrl: config.mapStyleUrl,
      isDemo: config.isDemo,
      responseTargets: config.responseTargets,
    },
  });

  await options.prepare?.({ incidents, units, shelters, auth, store: eventStore });
  await app.ready();
  const liveGateway = new RealtimeGateway(app.server, {
    store: eventStore,
    auth,
    audit,
    headSeq: await eventStore.headSeq(),
    roster,
    buildId,
    allowedOrigins: config.allowedOrigins,
    trustProxy,
  });
  gateway = liveGateway;
  log.onEvent((event) => {
    liveGateway.publish(event);
  });
  units.onPosition((unitId, position, unit) => {
    if (unit.exerciseId !== null) return;
    liveGateway.queuePosition(unitId, unit.sector, position);
    replay.samplePosition(unitId, position);
  });
  const saveTimer = setInterval(() => {
    Promise.all([units.savePositions(), replay.flushPositions()]).catch((error: unknown) => {
      app.log.error(error, 'saving unit positions failed');
    });
  }, POSITION_SAVE_INTERVAL_MS);
  saveTimer.unref();
  const address = await app.listen({ port: config.port, host: config.host });

  let closing: Promise<void> | null = null;
  return {
    app,
    gateway: liveGateway,
    incidents,
    units,
    shelters,
    warnings,
    replay,
    reads,
    exercises,
    auth,
    audit,
    store: eventStore,
    url: address,
    routes,
    roster,
    close() {
      closing ??= (async () => {
        clearInterval(saveTimer);
        await exercises.stop();
        // socket.io's close also closes the HTTP server, which waits for every open connection:
        // a browser's keep-alive or in-flight request could hold a shutdown open for ever. Idle
        // ones go now; busy ones get SHUTDOWN_GRACE_MS to finish their answer.
        const gatewayClosed = liveGateway.close();
        app.server.closeIdleConnections();
        const forceTimer = setTimeout(() => {
          app.server.closeAllConnections();
        }, SHUTDOWN_GRACE_MS);
        forceTimer.unref();
        await gatewayClosed;
        clearTimeout(forceTimer);
        await app.close();
        await reads.close();
        await capPool.close();
        await units.savePositions();
        await replay.drain();
        await eventStore.close();
      })();
      return closing;
    },
  };
}
