import fs from 'node:fs/promises';
import net from 'node:net';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import tls from 'node:tls';
import {
  COT_MAX_EVENT_BYTES,
  COT_REFRESH_INTERVAL_MS,
  SECTOR_IDS,
  UNIT_POSITION_THROTTLE_MS,
  incidentsAfter,
  isInFeed,
  unitAfter,
  type CotPosition,
  type Incident,
  type MirsadEvent,
  type Principal,
  type SectorId,
  type SensorStats,
  type Unit,
} from '@mirsad/shared';
import type { CotConfig } from '../config.js';
import { HttpError } from '../errors.js';
import type { EventLog } from '../event-log.js';
import type { IngestLogger } from '../sensors/sensor.service.js';
import type { UnitService } from '../units/unit.service.js';
import { CotFrameReader } from './cot.frames.js';
import { incidentMarker, readInbound, unitMarker } from './cot.markers.js';

/** Most bytes waiting to be written to one TAK client; a client that reads slower is disconnected. */
export const COT_MAX_WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/** Most lines logged about one client's bad input (unknown uids, malformed events); the rest are counted. */
const COT_LOG_PER_CLIENT = 10;

/** Whether a listening address is loopback, where plain TCP is allowed. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A CoT endpoint that cannot start as configured. */
export class CotConfigError extends Error {
  override readonly name = 'CotConfigError';
}

interface TakClient {
  socket: net.Socket;
  /** The certificate's CN, or the peer's address on plain TCP. */
  name: string;
  /** Sectors from the certificate's OU fields; null on plain TCP (loopback), where registration decides. */
  certSectors: SectorId[] | null;
  /** The sectors whose incidents and units it receives. */
  sectors: Set<SectorId>;
  /** Units whose device it is (their own markers are not echoed back). */
  ownUnits: Set<string>;
  reader: CotFrameReader;
  work: Promise<void>;
  logged: number;
}

/** What the CoT endpoint needs from the rest of the server. */
export interface CotDeps {
  log: EventLog;
  /**
   * The log's events in order, whoever wrote them: on several nodes the tailer's feed, so a
   * TAK client of this node sees what was reported through another. This node's log when left out.
   */
  events?: Pick<EventLog, 'onEvent'>;
  units: UnitService;
  logger: IngestLogger & { info(details: Record<string, unknown>, message: string): void };
  now?: () => Date;
}

/**
 * The streaming CoT endpoint TAK clients (ATAK, WinTAK, iTAK) connect to, as they connect to a
 * TAK Server's streaming port: events back to back over TCP, TLS with client certificates
 * anywhere but loopback. Position reports (`a-…`) of a uid registered on a unit (`takUid`)
 * move that unit through the unit service, judged as a reporting device of the client's
 * sectors; every client receives the live incidents and units of its sectors as CoT markers,
 * and their changes as they happen.
 *
 * A client's sectors: on TLS, the sector ids among its certificate's OU fields; on plain TCP
 * (loopback only: a local gateway), the sectors of the units whose positions it reports.
 */
export class CotServer {
  private server: net.Server | null = null;
  private readonly clients = new Set<TakClient>();
  private deps: CotDeps | null = null;
  private readonly counters = { positionsApplied: 0, unknownUids: 0, refused: 0, malformed: 0, oversized: 0 };
  private pendingUnits = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private stopListening: (() => void)[] = [];
  /** Events are sent in log order, each after the one before is built and written. */
  private publishing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly config: CotConfig,
    private readonly tlsOptions: tls.TlsOptions | null,
  ) {}

  /**
   * Checks the configuration and reads the TLS files, before anything listens: plain TCP off
   * loopback is refused with a message saying what to set.
   */
  static async prepare(config: CotConfig): Promise<CotServer> {
    if (!config.tls) {
      if (!isLoopbackHost(config.host))
        throw new CotConfigError(
          `the CoT endpoint would listen on ${config.host} without TLS: plain TCP is allowed only on loopback (COT_HOST=127.0.0.1). ` +
            'Elsewhere set COT_TLS_CERT, COT_TLS_KEY and COT_TLS_CA (PEM files: the server certificate, its key, and the CA that signs TAK clients’ certificates).',
        );
      return new CotServer(config, null);
    }
    const read = async (file: string, variable: string): Promise<Buffer> => {
      try {
        return await fs.readFile(file);
      } catch (error) {
        throw new CotConfigError(
          `${variable} ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    };
    // One after the other, so the message names the first variable that is wrong.
    const cert = await read(config.tls.certFile, 'COT_TLS_CERT');
    const key = await read(config.tls.keyFile, 'COT_TLS_KEY');
    const ca = await read(config.tls.caFile, 'COT_TLS_CA');
    return new CotServer(config, {
      cert,
      key,
      ca,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
  }

  /** Whether it speaks TLS. */
  get isTls(): boolean {
    return this.tlsOptions !== null;
  }

  /** The port it listens on (the configured one, or the one the system gave for 0). */
  get port(): number {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : this.config.port;
  }

  /** Starts listening and following the log and units' positions. */
  async start(deps: CotDeps): Promise<void> {
    this.deps = deps;
    const server = this.tlsOptions
      ? tls.createServer(this.tlsOptions, (socket) => {
          this.accept(socket, socket.getPeerCertificate());
        })
      : net.createServer((socket) => {
          this.accept(socket, null);
        });
    server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
      deps.logger.warn(
        { address: socket.remoteAddress, error: error.message },
        'CoT: a TLS client was refused (no certificate, or one the CA did not sign)',
      );
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.stopListening.push(
      (deps.events ?? deps.log).onEvent((event) => {
        this.publishing = this.publishing
          .then(() => this.publish(event))
          .catch((error: unknown) => {
            deps.logger.error({ error: String(error), seq: event.seq }, 'CoT: sending an event failed');
          });
      }),
      deps.units.onPosition((unitId, _position, unit) => {
        if (unit.exerciseId === null) this.pendingUnits.add(unitId);
      }),
    );
    this.timers.push(
      setInterval(() => {
        void this.flushUnits();
      }, UNIT_POSITION_THROTTLE_MS),
      setInterval(() => {
        for (const client of this.clients) this.enqueue(client, () => this.sendSnapshot(client));
      }, COT_REFRESH_INTERVAL_MS),
    );
    for (const timer of this.timers) timer.unref();
    deps.logger.info(
      { host: this.config.host, port: this.port, tls: this.isTls },
      `CoT endpoint listening on ${this.config.host}:${this.port} (${this.isTls ? 'TLS, client certificates' : 'plain TCP, loopback'})`,
    );
  }

  private accept(socket: net.Socket, certificate: tls.PeerCertificate | null): void {
    const deps = this.deps;
    if (!deps) {
      socket.destroy();
      return;
    }
    // Node types OU as a string, but gives an array when the certificate has several.
    const organisationalUnits = certificate?.subject.OU as string | string[] | undefined;
    const units: string[] = Array.isArray(organisationalUnits)
      ? organisationalUnits
      : organisationalUnits
        ? [organisationalUnits]
        : [];
    const certSectors = certificate
      ? units.filter((unit): unit is SectorId => (SECTOR_IDS as readonly string[]).includes(unit))
      : null;
    const client: TakClient = {
      socket,
      name: certificate?.subject.CN ?? `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`,
      certSectors,
      sectors: new Set<SectorId>(certSectors ?? []),
      ownUnits: new Set(),
      reader: new CotFrameReader(COT_MAX_EVENT_BYTES),
      work: Promise.resolve(),
      logged: 0,
    };
    this.clients.add(client);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    deps.logger.info(
      { client: client.name, sectors: certSectors },
      `CoT: TAK client ${client.name} connected${certSectors ? ` for ${certSectors.join(', ') || 'no sector'}` : ''}`,
    );
    if (certSectors && certSectors.length === 0)
      this.note(client, {}, 'its certificate names no sector (OU); it receives nothing and moves no unit');
    socket.on('data', (chunk: Buffer) => {
      const frames = client.reader.push(chunk);
      if (frames.oversized > 0) {
        this.counters.oversized += frames.oversized;
        this.note(
          client,
          { oversized: frames.oversized },
          `skipped an event over ${COT_MAX_EVENT_BYTES} bytes`,
        );
      }
      if (frames.junk > 0) {
        this.counters.malformed += frames.junk;
        this.note(client, {}, 'skipped bytes between events that were no CoT event');
      }
      if (frames.events.length > 0) this.enqueue(client, () => this.readEvents(client, frames.events));
    });
    socket.on('error', (error) => {
      deps.logger.warn({ client: client.name, error: error.message }, 'CoT client connection error');
    });
    socket.on('close', () => {
      this.clients.delete(client);
    });
    if (client.sectors.size > 0) this.enqueue(client, () => this.sendSnapshot(client));
  }

  /** Runs a client's work in order, one at a time: reads, then what it is sent. */
  private enqueue(client: TakClient, work: () => Promise<void>): void {
    client.work = client.work.then(work).catch((error: unknown) => {
      this.deps?.logger.error({ client: client.name, error: String(error) }, 'CoT client work failed');
    });
  }

  /** Logs a client's bad input, a few lines per client; everything is counted regardless. */
  private note(client: TakClient, details: Record<string, unknown>, message: string): void {
    if (client.logged >= COT_LOG_PER_CLIENT) return;
    client.logged += 1;
    this.deps?.logger.warn({ client: client.name, ...details }, `CoT client ${client.name}: ${message}`);
  }

  private async readEvents(client: TakClient, events: readonly string[]): Promise<void> {
    for (const xml of events) {
      const inbound = readInbound(xml);
      if (inbound.kind === 'malformed') {
        this.counters.malformed += 1;
        this.note(client, {}, `malformed event: ${inbound.problem}`);
      } else if (inbound.kind === 'position') await this.move(client, inbound.position);
      // Parsing costs a millisecond or two: other clients and requests go between events.
      await yieldToLoop();
    }
  }

  private async move(client: TakClient, position: CotPosition): Promise<void> {
    const deps = this.deps;
    if (!deps) return;
    const unit = deps.units.byTakUid(position.uid);
    if (!unit || unit.exerciseId !== null) {
      this.counters.unknownUids += 1;
      this.note(
        client,
        { uid: position.uid },
        `uid ${position.uid} is on no live unit (POST /api/units with takUid); ignored`,
      );
      return;
    }
    const hadSectors = [...client.sectors];
    // On loopback the registration decides: the gateway speaks for the units it reports.
    if (client.certSectors === null) client.sectors.add(unit.sector);
    const device: Principal = {
      kind: 'key',
      id: `tak:${client.name}`,
      displayName: position.callsign ?? client.name,
      role: 'reporter',
      sectors: [...client.sectors],
      source: 'tak',
    };
    try {
      deps.units.reportPositionAs(device, unit.id, {
        coordinates: [position.lon, position.lat],
        headingDeg: position.course,
        speedMps: position.speed,
        at: new Date(position.time).toISOString(),
      });
      this.counters.positionsApplied += 1;
      client.ownUnits.add(unit.id);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      this.counters.refused += 1;
      this.note(
        client,
        { uid: position.uid, unit: unit.id },
        `position of ${unit.callSign} refused: ${error.message}`,
      );
    }
    if (client.sectors.size > hadSectors.length) await this.sendSnapshot(client);
  }

  private feedOf(client: TakClient): { exerciseId: null; sectors: SectorId[] } {
    return { exerciseId: null, sectors: [...client.sectors] };
  }

  private seesIncident(client: TakClient, incident: Incident): boolean {
    return isInFeed(
      { exerciseId: incident.exerciseId, sectors: incident.involvedSectors },
      this.feedOf(client),
    );
  }

  private seesUnit(client: TakClient, unit: Unit): boolean {
    return (
      !client.ownUnits.has(unit.id) &&
      isInFeed({ exerciseId: unit.exerciseId, sectors: [unit.sector] }, this.feedOf(client))
    );
  }

  private write(client: TakClient, xml: string): void {
    if (client.socket.destroyed) return;
    if (client.socket.writableLength > COT_MAX_WRITE_BUFFER_BYTES) {
      this.deps?.logger.warn({ client: client.name }, 'CoT client reads too slowly; disconnected');
      client.socket.destroy();
      return;
    }
    client.socket.write(xml + '\n');
  }

  /** Sends a client every active live incident and placed unit of its sectors. */
  private async sendSnapshot(client: TakClient): Promise<void> {
    const deps = this.deps;
    if (!deps || client.sectors.size === 0) return;
    const now = (deps.now ?? (() => new Date()))();
    const incidents = await deps.log.store.listIncidents({ scope: 'active', exerciseId: null });
    for (const incident of incidents) {
      if (!this.seesIncident(client, incident)) continue;
      this.write(client, await incidentMarker(incident, now));
      await yieldToLoop();
    }
    for (const unit of deps.units.listAll()) {
      if (!unit.position || !this.seesUnit(client, unit)) continue;
      this.write(client, await unitMarker({ ...unit, position: unit.position }, now));
      await yieldToLoop();
    }
  }

  /** Sends an event's incidents and unit to the clients that see them. */
  private async publish(event: MirsadEvent): Promise<void> {
    if (event.exerciseId !== null || this.clients.size === 0) return;
    const now = (this.deps?.now ?? (() => new Date()))();
    for (const incident of incidentsAfter(event)) {
      const readers = [...this.clients].filter((client) => this.seesIncident(client, incident));
      if (readers.length === 0) continue;
      const xml = await incidentMarker(incident, now);
      for (const client of readers) this.write(client, xml);
    }
    const unit = unitAfter(event);
    const placed = unit ? this.deps?.units.listAll().find((u) => u.id === unit.id) : undefined;
    if (placed?.position) {
      const readers = [...this.clients].filter((client) => this.seesUnit(client, placed));
      if (readers.length > 0) {
        const xml = await unitMarker({ ...placed, position: placed.position }, now);
        for (const client of readers) this.write(client, xml);
      }
    }
  }

  /** Sends the units that moved since the last flush, each built once for every client that sees it. */
  private async flushUnits(): Promise<void> {
    const deps = this.deps;
    if (!deps || this.pendingUnits.size === 0) return;
    const ids = this.pendingUnits;
    this.pendingUnits = new Set();
    if (this.clients.size === 0) return;
    const now = (deps.now ?? (() => new Date()))();
    for (const unit of deps.units.listAll()) {
      if (!ids.has(unit.id) || !unit.position) continue;
      const readers = [...this.clients].filter((client) => this.seesUnit(client, unit));
      if (readers.length === 0) continue;
      const xml = await unitMarker({ ...unit, position: unit.position }, now);
      for (const client of readers) this.write(client, xml);
      await yieldToLoop();
    }
  }

  /** What the endpoint has taken and refused, for the stats. */
  state(): SensorStats['cot'] {
    return { isEnabled: true, clients: this.clients.size, ...this.counters };
  }

  /** Disconnects every client and stops listening. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const stop of this.stopListening) stop();
    for (const client of this.clients) client.socket.destroy();
    const server = this.server;
    if (server)
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
  }
}
