import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, droneHistoryId, type SensorStats } from '@mirsad/shared';
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
import { addSecurityHeaders } from './auth/headers.js';
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
import { patrolRoutes } from './routes/patrol.routes.js';
import { fieldRoutes } from './routes/unit.routes.js';
import { PatrolService } from './patrols/patrol.service.js';
import { forecastRisk } from './patrols/forecast.risk.js';
import { sensorRoutes } from './routes/sensor.routes.js';
import { MqttIngest } from './sensors/mqtt.ingest.js';
import { SensorService } from './sensors/sensor.service.js';
import { CotServer } from './tak/cot.server.js';
import { PatternPool } from './patterns/pattern.pool.js';
import { DEFAULT_PATTERN_OPTIONS, PatternService, type PatternOptions } from './patterns/pattern.service.js';
import { patternRoutes } from './routes/pattern.routes.js';
import { ReadPool } from './review/read.pool.js';
import { ReplayService, SNAPSHOT_INTERVAL_EVENTS } from './review/replay.service.js';
import { ShelterService } from './shelters/shelter.service.js';
import type { AccountStore, AuditStore } from './store/account.store.js';
import type { EventStore, StoreLocation } from './store/event.store.js';
import { PgAccountStore, PgAuditStore } from './store/pg.accounts.js';
import { PgEventStore } from './store/pg.store.js';
import type { HistoryStore } from './store/history.store.js';
import { PG_HISTORY_CHANNEL, PgHistoryStore } from './store/pg.history.js';
import { SqliteHistoryStore } from './store/sqlite.history.js';
import { SqliteAccountStore, SqliteAuditStore } from './store/sqlite.accounts.js';
import { SqliteEventStore } from './store/sqlite.store.js';
import { UnitService } from './units/unit.service.js';
import { DutyRoster, type Duty } from './cluster/duties.js';
import { electLeader, soleLeader, underSetupLock, type Leadership } from './cluster/leader.js';
import { listenForCommits } from './cluster/log.listener.js';
import { LogTailer } from './cluster/log.tailer.js';
import { connectRedis, type RedisParts } from './cluster/redis.js';
import type { EventListener } from './event-log.js';
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
  /**
   * The audit trail as written from inside a group commit, joining its transaction; `audit`
   * when that already shares the event store's one connection (SQLite).
   */
  groupAudit?: AuditStore;
}

/** A running Mirsad server and the parts tests and the entry point reach for. */
export interface MirsadServer {
  app: FastifyInstance;
  gateway: RealtimeGateway;
  incidents: IncidentService;
  units: UnitService;
  shelters: ShelterService;
  patrols: PatrolService;
  sensors: SensorService;
  /** The MQTT sensor ingest; null when MQTT_URL is unset. */
  mqtt: MqttIngest | null;
  /** The streaming CoT endpoint for TAK clients; null when COT_PORT is unset. */
  cot: CotServer | null;
  /** What the sensor, MQTT and CoT ingest took and dropped (`GET /api/sensors/stats`). */
  sensorStats(): SensorStats;
  warnings: WarningService;
  replay: ReplayService;
  /** The worker threads that do the review's long reads. */
  reads: ReadPool;
  exercises: ExerciseService;
  auth: AuthService;
  audit: AuditService;
  store: EventStore;
  /** Accounts, sessions and keys (tests reach in to age a session). */
  accounts: AccountStore;
  /** The one way into the log: benchmarks and tests follow its durable events. */
  log: EventLog;
  /** Pattern watch: the analysis of series, hot spots and risk, run in its worker. */
  patterns: PatternService;
  /** Past incidents loaded for the analysis. */
  history: HistoryStore;
  /** The address it listens on, such as http://127.0.0.1:8080. */
  url: string;
  /** Every API route (`METHOD /path`) with the access rule it declared, for tests that must cover them all. */
  routes: RouteRule[];
  /** Who takes part in each exercise: what the access policy is given. */
  roster: ExerciseRoster;
  /** Whether this node leads the room now (always, alone on SQLite). */
  readonly isLeader: boolean;
  /** Runs `duty` on whichever node leads: started when this node leads, stopped when it stops. */
  whileLeading(duty: Duty): Promise<void>;
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

/** The embedded stores: one SQLite file in the data folder, migrated to this server's schema. */
export async function openSqliteStores(dataDir: string): Promise<Stores> {
  const events = await SqliteEventStore.open(dataDir);
  return { events, accounts: new SqliteAccountStore(events.db), audit: new SqliteAuditStore(events.db) };
}

/** The stores of several nodes: one PostgreSQL database, migrated to this server's schema first. */
export async function openPgStores(url: string): Promise<Stores> {
  const events = await PgEventStore.open(url);
  // The accounts share the event store's pool, which closes with it.
  const pool = events.committedPool;
  return {
    events,
    accounts: new PgAccountStore(pool),
    audit: new PgAuditStore(() => pool),
    groupAudit: new PgAuditStore(() => events.groupConnection),
  };
}

/** The stores the configuration names: PostgreSQL at DATABASE_URL, else the SQLite file. */
export async function openStores(config: ServerConfig): Promise<Stores> {
  return config.databaseUrl === null ? openSqliteStores(config.dataDir) : openPgStores(config.databaseUrl);
}

/** Where worker threads (the review's readers, pattern watch) open their own connection to the store. */
function locationOf(store: EventStore): StoreLocation {
  if (store instanceof SqliteEventStore) return { kind: 'sqlite', file: store.file };
  if (store instanceof PgEventStore) return { kind: 'postgres', url: store.url };
  throw new Error(`worker threads cannot open a ${store.kind} store`);
}

/** The past incidents kept beside the log, in the same database. */
export function historyOf(store: EventStore): HistoryStore {
  if (store instanceof SqliteEventStore) return new SqliteHistoryStore(store.db);
  if (store instanceof PgEventStore) return new PgHistoryStore(store.committedPool);
  throw new Error(`a ${store.kind} store keeps no history`);
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
  /** Pattern watch's tuning (tests use fewer replications and no debounce). */
  patterns?: Partial<PatternOptions>;
}

/** The services, for work that must be done before the server takes its first request. */
export interface Services {
  incidents: IncidentService;
  units: UnitService;
  shelters: ShelterService;
  auth: AuthService;
  store: EventStore;
  history: HistoryStore;
}

/**
 * Builds and starts the server on the configured port, with the given stores or the embedded
 * SQLite ones. `prepare` runs before it listens: accounts and demo data are then in place
 * before anyone can ask for them.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<MirsadServer> {
  const stores = options.stores ?? (await openStores(config));
  const now = options.now ?? ((): Date => new Date());
  const scenarios = options.scenarios ?? { load: loadScenario, list: listScenarios };
  const eventStore = stores.events;
  // On PostgreSQL this is one node of several: it follows everyone's writes, and one node leads.
  const clusterUrl = eventStore instanceof PgEventStore ? eventStore.url : null;
  const nodeId = config.nodeId ?? `${os.hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const redis: RedisParts | null = config.redisUrl
    ? await connectRedis(config.redisUrl, config.redisPrefix)
    : null;
  /** The log's events, once each in sequence order, whoever wrote them: what the gateway and the replay follow. */
  const feedListeners = new Set<EventListener>();
  const feed = {
    onEvent(listener: EventListener): () => void {
      feedListeners.add(listener);
      return () => feedListeners.delete(listener);
    },
  };
  const startHead = await eventStore.headSeq();
  const governorates = loadGovernorates();
  const facilities = loadFacilities();
  const audit = new AuditService(stores.audit);
  // The audit entry of a change is written on the event store's connection, so it joins the change's commit.
  const groupAudit = stores.groupAudit ? new AuditService(stores.groupAudit) : audit;
  const log = new EventLog(eventStore, (entry) => groupAudit.record(entry));
  const roster = new ExerciseRoster();
  const incidents = new IncidentService(log, governorates, roster, now);
  const units = new UnitService(log, roster, now);
  await units.load();
  const shelters = new ShelterService(log, facilities, roster, now);
  const patrols = new PatrolService(log, units, roster, now);
  const warnings = new WarningService(log, roster, config.capIdentity, now);
  const capPool = new CapParsePool();
  // Created here so the replay can ask it; its duties are added once the services exist.
  const duties = new DutyRoster();
  const replay = new ReplayService(
    eventStore,
    SNAPSHOT_INTERVAL_EVENTS,
    () => duties.isLeader,
    // One node: a snapshot joins the next group commit, synced off the event loop with it.
    clusterUrl === null ? (write) => log.serialised(write) : undefined,
  );
  // Called only once the server runs, when `app` (below) exists.
  const ingestLog = {
    info: (details: Record<string, unknown>, message: string): void => {
      app.log.info(details, message);
    },
    warn: (details: Record<string, unknown>, message: string): void => {
      app.log.warn(details, message);
    },
    error: (details: Record<string, unknown>, message: string): void => {
      app.log.error(details, message);
    },
  };
  const sensors = new SensorService(log, incidents, roster, ingestLog, now);
  await sensors.load();
  await replay.start(clusterUrl === null ? log : feed, clusterUrl === null ? undefined : startHead);
  // The review's readers, pattern watch's analysis and a history load each open their own connection here.
  const location = locationOf(eventStore);
  const reads = new ReadPool({
    store: location,
    responseTargets: config.responseTargets,
    ...(config.readNice === undefined ? {} : { nice: config.readNice }),
  });
  const history = historyOf(eventStore);
  const patternPool = new PatternPool(location);
  const patterns = new PatternService(log, patternPool, roster, now, {
    ...DEFAULT_PATTERN_OPTIONS,
    ...options.patterns,
  });
  // Patrol coverage weighs places by pattern watch's forecast where it runs, else by recent incidents.
  patrols.useForecast(forecastRisk(patterns, history));
  const exercises = new ExerciseService(log, incidents, units, scenarios, roster, now);
  // A scenario's CAP files arrive through the same reader as `POST /api/cap`, sent now.
  exercises.takeCapWith(async (xml, exerciseId, by) => {
    await warnings.receive(rebaseCap(await capPool.parse(xml), now()), by, exerciseId);
  });
  await exercises.load();
  let tailer: LogTailer | null = null;
  let commits: { close(): Promise<void> } | null = null;
  /** The last sequence sent on (one node: what it committed last). */
  let liveSeq = startHead;
  let historyLoads: { close(): Promise<void> } | null = null;
  /** Set once the gateway is up; the history listener below may hear of a load before. */
  let gateway: RealtimeGateway | null = null;
  if (clusterUrl === null) {
    // One node: what this node commits is the whole log.
    log.onEvent((event) => {
      liveSeq = event.seq;
      for (const listener of feedListeners) listener(event);
    });
  } else {
    // Appended here (known before any reader can see it committed) or written by another node.
    const localIds = new Set<string>();
    log.onAppend((event) => localIds.add(event.id));
    log.onDiscard((events) => {
      for (const event of events) localIds.delete(event.id);
    });
    const follower = new LogTailer(eventStore, startHead, (event) => {
      if (!localIds.delete(event.id)) {
        units.applyRemote(event);
        exercises.applyRemote(event);
        sensors.applyRemote(event);
      }
      for (const listener of feedListeners) listener(event);
    });
    log.onEvent((event) => {
      follower.offer(event);
    });
    tailer = follower;
    commits = await listenForCommits(clusterUrl, () => {
      follower.wake();
    });
    // A history load on any node: answers are computed again, and the leader scans.
    historyLoads = await listenForCommits(
      clusterUrl,
      () => {
        patterns.changed(null);
        patterns.schedule(null);
        gateway?.historyLoaded();
      },
      (error) => {
        app.log.error(error, 'listening for history loads failed');
      },
      PG_HISTORY_CHANNEL,
    );
  }
  const auth = new AuthService(stores.accounts, audit);
  const cot = config.cot ? await CotServer.prepare(config.cot) : null;
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

  addSecurityHeaders(app, config.mapStyleUrl);
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
  // Set once elected, below; health asks it only once the server listens.
  let leadership: Leadership | null = null;
  authHooks(
    app,
    auth,
    audit,
    { allowedOrigins: config.allowedOrigins, trustProxy },
    await rateLimits(app, config.rateLimits, redis ? { redis: redis.client, prefix: redis.prefix } : null),
  );
  // After authentication (the gate needs the principal), before any route (each must declare its rule).
  accessHooks(app, routes);
  authRoutes(app, auth, audit, (token) => gateway?.endSession(token));
  incidentRoutes(app, incidents, reads);
  fieldRoutes(app, units, shelters);
  patrolRoutes(app, patrols);
  reviewRoutes(app, log, replay, roster, config.responseTargets, reads);
  statsRoutes(app, eventStore, units, shelters, roster, governorates);
  exerciseRoutes(app, exercises, units, scenarios, auth);
  let mqtt: MqttIngest | null = null;
  const ingestState = (): Pick<SensorStats, 'mqtt' | 'cot'> => ({
    mqtt: mqtt?.state() ?? { isEnabled: false, isConnected: false, reconnects: 0 },
    cot: cot?.state() ?? {
      isEnabled: false,
      clients: 0,
      positionsApplied: 0,
      unknownUids: 0,
      refused: 0,
      malformed: 0,
      oversized: 0,
    },
  });
  sensorRoutes(app, sensors, ingestState);
  eventRoutes(app, eventStore, roster);
  // One node tells its sockets of a load itself; in a cluster every node (this one too) hears
  // of it from the database and tells its own (above), so the route's node would tell twice.
  patternRoutes(app, patterns, location, () => {
    if (clusterUrl === null) gateway?.historyLoaded();
  });
  warningRoutes(app, { warnings, incidents, store: eventStore, capPool, governorates, facilities });
  referenceRoutes(
    app,
    eventStore,
    {
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
    },
    () => ({
      id: nodeId,
      isLeader: duties.isLeader,
      leaderId: leadership?.leaderId ?? null,
      tailSeq: tailer ? tailer.seq : liveSeq,
    }),
  );

  const services = { incidents, units, shelters, auth, store: eventStore, history };
  // Several nodes starting together on one empty database: one seeds, the others then find it seeded.
  if (options.prepare) {
    const prepare = options.prepare;
    await (clusterUrl === null ? prepare(services) : underSetupLock(clusterUrl, () => prepare(services)));
  }
  patterns.start(feed);
  await app.ready();
  // Everything before the gateway's first sequence reaches a socket through its catch-up.
  const liveGateway = new RealtimeGateway(app.server, {
    store: eventStore,
    auth,
    audit,
    headSeq: tailer ? tailer.seq : await eventStore.headSeq(),
    roster,
    buildId,
    allowedOrigins: config.allowedOrigins,
    trustProxy,
    ...(redis ? { adapter: redis.adapter } : {}),
    onRemotePositions: (positions) => {
      units.acceptRemotePositions(positions);
    },
    onRemoteDrones: (states) => {
      sensors.acceptRemoteDrones(states);
    },
  });
  gateway = liveGateway;
  feed.onEvent((event) => {
    liveGateway.publish(event);
  });
  tailer?.wake();
  units.onPosition((unitId, position, unit, isLocal) => {
    if (unit.exerciseId !== null) return;
    // Another node's positions reached the sockets through the adapter already.
    if (isLocal) liveGateway.queuePosition(unitId, unit.sector, position);
    // Every node hears every position; the leader alone keeps the samples for replay.
    if (duties.isLeader) replay.samplePosition(unitId, position);
  });
  sensors.onDrone((state, _sensor, isLocal) => {
    // Another node's drones reached the sockets through the adapter already.
    if (isLocal) liveGateway.queueDrone(state);
    if (state.exerciseId !== null || !duties.isLeader) return;
    const { telemetry } = state;
    replay.samplePosition(droneHistoryId(state.droneId), {
      coordinates: telemetry.position,
      headingDeg: telemetry.headingDeg,
      speedMps: telemetry.speedMps,
      at: telemetry.at,
    });
  });
  if (config.mqtt) {
    const ingest = new MqttIngest(sensors, config.mqtt, ingestLog);
    mqtt = ingest;
    // Every node subscribed would take every message: a detection would be written once per
    // node (an incident each), and each node would judge a drone's order and a camera's repeats
    // from its own share. The leader alone subscribes; the others learn its drones through the
    // adapter and its detections through the log. A takeover costs the messages of about
    // LEADER_RETRY_MS, which the broker does not keep for a clean session (telemetry is
    // replaced by the next message anyway).
    await duties.add(async () => {
      await ingest.start();
      return () => ingest.stop();
    });
  }
  if (cot) await cot.start({ log, events: feed, units, logger: ingestLog, now });
  // Scans and their pattern.detected/ended run on the leader; every node answers the questions.
  await duties.add(async () => {
    await patterns.lead();
    return () => {
      patterns.follow();
    };
  });
  await duties.add(async () => {
    await exercises.startClock();
    return () => exercises.stopClock();
  });
  await duties.add(() => {
    const saveTimer = setInterval(() => {
      Promise.all([units.savePositions(), replay.flushPositions()]).catch((error: unknown) => {
        app.log.error(error, 'saving unit positions failed');
      });
    }, POSITION_SAVE_INTERVAL_MS);
    saveTimer.unref();
    return () => {
      clearInterval(saveTimer);
    };
  });
  leadership =
    clusterUrl === null
      ? await soleLeader(duties, nodeId)
      : await electLeader(clusterUrl, duties, nodeId, (error) => {
          app.log.error(error, 'leader election');
        });
  const address = await app.listen({ port: config.port, host: config.host });

  let closing: Promise<void> | null = null;
  return {
    app,
    gateway: liveGateway,
    incidents,
    units,
    shelters,
    patrols,
    sensors,
    mqtt,
    cot,
    sensorStats: () => {
      const { mqtt: link, cot: tak } = ingestState();
      return sensors.stats(link, tak);
    },
    warnings,
    replay,
    reads,
    exercises,
    auth,
    audit,
    store: eventStore,
    accounts: stores.accounts,
    log,
    patterns,
    history,
    url: address,
    routes,
    roster,
    get isLeader() {
      return leadership.isLeader;
    },
    whileLeading: (duty) => duties.add(duty),
    close() {
      closing ??= (async () => {
        // Stops the clocks and the timers; on PostgreSQL, ending the lock's connection lets another node lead.
        await leadership.stop();
        await exercises.stop();
        await cot?.stop();
        await sensors.settle();
        await commits?.close();
        await historyLoads?.close();
        await tailer?.stop();
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
        await patterns.close();
        await patternPool.close();
        await reads.close();
        await capPool.close();
        await units.savePositions();
        await replay.drain();
        await eventStore.close();
        await redis?.close();
      })();
      return closing;
    },
  };
}
