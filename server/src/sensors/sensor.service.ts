import { orderedId } from '../store/ordered-id.js';
import {
  DEFAULT_THERMAL_CATEGORY,
  DEFAULT_THERMAL_THRESHOLDS,
  DETECTION_RECORD_INTERVAL_MS,
  SENSOR_MAX_AGE_MS,
  SENSOR_MAX_AHEAD_MS,
  THERMAL_ATTACH_RADIUS_M,
  THERMAL_REPORT_SECTOR,
  defaultSensorSource,
  distanceMetres,
  isActive,
  isOverThresholds,
  mayFeedSensor,
  mayRegisterSensor,
  maySeeSensor,
  reportedIncident,
  standingIn,
  thermalCoveringKinds,
  thermalSeverity,
  thermalSource,
  type DetectionHistory,
  type DroneState,
  type DroneTelemetry,
  type Incident,
  type MirsadEvent,
  type NewSensor,
  type Position,
  type Principal,
  type RecordedDetection,
  type Sensor,
  type SensorStats,
  type ThermalDetection,
} from '@mirsad/shared';
import { ensure, forbidden, type ExerciseRoster } from '../auth/access.js';
import { HttpError, notFound } from '../errors.js';
import type { EventLog } from '../event-log.js';
import { personOf, type IncidentService } from '../incidents/incident.service.js';

/**
 * Detections written in one work of the log. Each takes a spatial read and one or two appends,
 * all synchronous in SQLite: five keep a work to a few milliseconds even on a loaded machine.
 */
export const DETECTION_BATCH_SIZE = 5;

/** Works of detections handed to the log at once: the log groups them under one commit (MAX_GROUP_MS). */
export const DETECTION_WORKS_IN_FLIGHT = 32;

/** Most detections waiting for the log; past this, new ones are dropped and counted (`queue_full`). */
export const DETECTION_QUEUE_MAX = 5_000;

/** Why an ingested message was dropped; each is counted in `GET /api/sensors/stats`. */
export type DropReason =
  | 'bad_topic'
  | 'bad_payload'
  | 'oversized'
  | 'unregistered'
  | 'wrong_kind'
  | 'stale'
  | 'out_of_order'
  | 'queue_full'
  | 'write_failed';

/** What became of one accepted payload. */
export type IngestOutcome =
  | { isAccepted: true; outcome: 'moved' | 'queued' | 'below_thresholds' | 'coalesced' }
  | { isAccepted: false; reason: DropReason; message: string };

/** Where ingest writes what it dropped and why (pino's shape: an object, then a message). */
export interface IngestLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** Most drop lines logged per reason in a minute; the rest are counted and summed up in the next line. */
const DROP_LOG_PER_MINUTE = 20;

/**
 * Told of each accepted drone telemetry; `isLocal` is false for telemetry another node took in
 * (already broadcast by that node).
 */
export type DroneListener = (state: DroneState, sensor: Sensor, isLocal: boolean) => void;

interface LastQueued {
  position: Position;
  atMs: number;
  maxTempC: number;
}

interface LastRecorded {
  incidentId: string;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * Field sensors: the registry (durable, through the log), drones' live state (volatile, told
 * to listeners: the gateway and the replay's sampler), and thermal detections, which become
 * reports or evidence of incidents. Ingest is synchronous and cheap; detections over their
 * thresholds wait in a bounded queue that is written to the log in small batches, one work of
 * the log each, so hundreds a second never hold the event loop.
 */
export class SensorService {
  private readonly sensors = new Map<string, Sensor>();
  private readonly drones = new Map<string, DroneState>();
  private readonly droneListeners = new Set<DroneListener>();
  private queue: { sensor: Sensor; detection: ThermalDetection }[] = [];
  private worksInFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly lastQueued = new Map<string, LastQueued>();
  private readonly lastRecorded = new Map<string, LastRecorded>();
  private readonly accepted = { telemetry: 0, detections: 0 };
  private readonly dropped = new Map<DropReason, number>();
  private readonly outcomes = { belowThresholds: 0, coalesced: 0, reported: 0, attached: 0 };
  private readonly dropLog = new Map<
    DropReason,
    { windowStart: number; logged: number; suppressed: number }
  >();
  private readonly thresholdsFallback = DEFAULT_THERMAL_THRESHOLDS;

  constructor(
    private readonly log: EventLog,
    private readonly incidents: IncidentService,
    private readonly roster: ExerciseRoster,
    private readonly logger: IngestLogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Loads the registered sensors; call once at start. */
  async load(): Promise<void> {
    for (const sensor of await this.log.store.listEntities<Sensor>('sensor', null))
      this.sensors.set(sensor.id, sensor);
    // Exercises' sensors are kept with their exercise's rows.
    for (const exercise of await this.log.store.listEntities<{ id: string }>('exercise', null))
      for (const sensor of await this.log.store.listEntities<Sensor>('sensor', exercise.id))
        this.sensors.set(sensor.id, sensor);
    this.log.onAppend((event) => {
      if (event.type === 'sensor.registered' || event.type === 'sensor.updated')
        this.sensors.set(event.data.sensor.id, event.data.sensor);
    });
    this.log.onDiscard((events) => {
      void this.reloadSensors(events);
    });
  }

  private async reloadSensors(events: readonly MirsadEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'sensor.registered' && event.type !== 'sensor.updated') continue;
      const stored = await this.log.store.getEntity<Sensor>('sensor', event.data.sensor.id);
      if (stored) this.sensors.set(stored.id, stored);
      else this.sensors.delete(event.data.sensor.id);
    }
  }

  /**
   * Follows a registration another node wrote (this node's own are followed as they are
   * appended): a sensor registered through any node is known, fed and listed on every node.
   */
  applyRemote(event: MirsadEvent): void {
    if (event.type !== 'sensor.registered' && event.type !== 'sensor.updated') return;
    this.sensors.set(event.data.sensor.id, event.data.sensor);
  }

  /** Drones' telemetry another node accepted and broadcast: kept here too, so every node lists them. */
  acceptRemoteDrones(states: readonly DroneState[]): void {
    for (const state of states) {
      const sensor = this.sensors.get(state.droneId);
      const last = this.drones.get(state.droneId);
      if (!sensor || (last && Date.parse(last.telemetry.at) > Date.parse(state.telemetry.at))) continue;
      this.drones.set(state.droneId, state);
      for (const listener of this.droneListeners) listener(state, sensor, false);
    }
  }

  /** Calls `listener` for every accepted drone telemetry. */
  onDrone(listener: DroneListener): () => void {
    this.droneListeners.add(listener);
    return () => this.droneListeners.delete(listener);
  }

  /** A registered sensor, or undefined. */
  get(id: string): Sensor | undefined {
    return this.sensors.get(id);
  }

  /**
   * Registers a sensor, or changes the registration of one of the same log and kind (a camera
   * moved, new thresholds). Ids are global: one device, one registration.
   */
  register(input: NewSensor, by: Principal): Promise<Sensor> {
    const exerciseId = input.exerciseId ?? null;
    if (exerciseId !== null) this.roster.require(exerciseId);
    ensure(
      mayRegisterSensor(by, exerciseId, this.roster.of(exerciseId)),
      exerciseId === null
        ? 'live sensors are registered by commanders and administrators'
        : `only whoever runs exercise ${exerciseId} registers its sensors`,
    );
    return this.log.serialised(async () => {
      const existing = this.sensors.get(input.id);
      if (existing && (existing.exerciseId !== exerciseId || existing.kind !== input.kind)) {
        throw new HttpError(
          409,
          'conflict',
          `sensor ${input.id} is registered as a ${existing.kind} of ${existing.exerciseId ?? 'the live picture'}`,
        );
      }
      const isCamera = input.kind === 'thermal-camera';
      const at = this.now().toISOString();
      const sensor: Sensor = {
        id: input.id,
        kind: input.kind,
        sector: input.sector,
        name: input.name,
        location: input.location ?? null,
        fieldOfView: input.fieldOfView ?? null,
        thresholds: isCamera ? { ...DEFAULT_THERMAL_THRESHOLDS, ...input.thresholds } : null,
        category: isCamera ? (input.category ?? DEFAULT_THERMAL_CATEGORY) : null,
        source: input.source ?? defaultSensorSource(input.id),
        exerciseId,
        registeredAt: existing?.registeredAt ?? at,
        registeredBy: personOf(by).actor,
      };
      await this.log.commit({
        id: orderedId(),
        type: existing ? 'sensor.updated' : 'sensor.registered',
        at,
        actor: personOf(by).actor,
        exerciseId,
        sectors: [sensor.sector],
        data: { sensor },
      });
      return sensor;
    });
  }

  /** The sensors of a log (null: live) the principal sees. */
  list(by: Principal, exerciseId: string | null): Sensor[] {
    const members = this.roster.of(exerciseId);
    ensure(standingIn(by, exerciseId, members) !== 'outside', `you are not in exercise ${exerciseId ?? ''}`);
    return [...this.sensors.values()].filter(
      (sensor) => sensor.exerciseId === exerciseId && maySeeSensor(by, sensor, members),
    );
  }

  /** The drones of a log the principal sees, with their last telemetry and when they were heard. */
  listDrones(by: Principal, exerciseId: string | null): DroneState[] {
    const members = this.roster.of(exerciseId);
    ensure(standingIn(by, exerciseId, members) !== 'outside', `you are not in exercise ${exerciseId ?? ''}`);
    return [...this.drones.values()].filter((drone) => {
      const sensor = this.sensors.get(drone.droneId);
      return sensor !== undefined && drone.exerciseId === exerciseId && maySeeSensor(by, sensor, members);
    });
  }

  /** The sensor a key may feed over HTTP, or 404/403 naming why not. */
  requireFeedable(id: string, by: Principal): Sensor {
    const sensor = this.sensors.get(id);
    if (!sensor) {
      this.drop('unregistered', { sensorId: id, via: 'http' }, 'not registered');
      throw notFound(`sensor ${id}`);
    }
    if (!mayFeedSensor(by, sensor))
      throw forbidden(
        `sensor ${id} is fed by a reporting key with source ${sensor.source} bound to ${sensor.sector}${sensor.exerciseId === null ? '' : ' (an exercise’s sensors are fed over MQTT)'}`,
      );
    return sensor;
  }

  /** Counts and logs a dropped message; the log is capped per reason and minute. */
  drop(reason: DropReason, details: Record<string, unknown>, problem: string): IngestOutcome {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
    const nowMs = Date.now();
    let window = this.dropLog.get(reason);
    if (!window || nowMs - window.windowStart >= 60_000) {
      const suppressed = window?.suppressed ?? 0;
      window = { windowStart: nowMs, logged: 0, suppressed: 0 };
      this.dropLog.set(reason, window);
      if (suppressed > 0)
        this.logger.warn({ reason, suppressed }, `sensor ingest: ${suppressed} more ${reason} not logged`);
    }
    if (window.logged < DROP_LOG_PER_MINUTE) {
      window.logged += 1;
      this.logger.warn(
        { reason, ...details, problem },
        `sensor ingest dropped a message (${reason}): ${problem}`,
      );
    } else window.suppressed += 1;
    return { isAccepted: false, reason, message: problem };
  }

  /** Why a device's timestamp cannot be believed now, or null. */
  private timeProblem(at: string): { reason: DropReason; problem: string } | null {
    const nowMs = this.now().getTime();
    const atMs = Date.parse(at);
    if (atMs > nowMs + SENSOR_MAX_AHEAD_MS)
      return {
        reason: 'stale',
        problem: `at ${at} lies more than ${SENSOR_MAX_AHEAD_MS / 1000} s ahead of the server's clock`,
      };
    if (atMs < nowMs - SENSOR_MAX_AGE_MS)
      return { reason: 'stale', problem: `at ${at} is more than ${SENSOR_MAX_AGE_MS / 60_000} min old` };
    return null;
  }

  /** The registered sensor of `kind` a message names, or the drop that says why not. */
  resolve(id: string, kind: Sensor['kind'], via: string): Sensor | IngestOutcome {
    const sensor = this.sensors.get(id);
    if (!sensor) return this.drop('unregistered', { sensorId: id, via }, `sensor ${id} is not registered`);
    if (sensor.kind !== kind)
      return this.drop(
        'wrong_kind',
        { sensorId: id, via },
        `sensor ${id} is a ${sensor.kind}, not a ${kind}`,
      );
    return sensor;
  }

  /** Takes a drone's parsed telemetry: its live state for the room, sampled for replay by listeners. */
  acceptTelemetry(sensor: Sensor, telemetry: DroneTelemetry, via: string): IngestOutcome {
    const late = this.timeProblem(telemetry.at);
    if (late) return this.drop(late.reason, { sensorId: sensor.id, via }, late.problem);
    const last = this.drones.get(sensor.id);
    if (last && Date.parse(last.telemetry.at) > Date.parse(telemetry.at))
      return this.drop(
        'out_of_order',
        { sensorId: sensor.id, via },
        `at ${telemetry.at} is older than ${last.telemetry.at}`,
      );
    const state: DroneState = {
      droneId: sensor.id,
      sector: sensor.sector,
      exerciseId: sensor.exerciseId,
      telemetry,
      heardAt: this.now().toISOString(),
    };
    this.drones.set(sensor.id, state);
    this.accepted.telemetry += 1;
    for (const listener of this.droneListeners) listener(state, sensor, true);
    return { isAccepted: true, outcome: 'moved' };
  }

  /**
   * Takes a camera's parsed detection. Under its thresholds it is counted only; a repeat of the
   * heat just queued (same camera, within the attach radius, within DETECTION_RECORD_INTERVAL_MS,
   * no hotter) is coalesced; anything else waits for the log.
   */
  acceptDetection(sensor: Sensor, detection: ThermalDetection, via: string): IngestOutcome {
    const late = this.timeProblem(detection.at);
    if (late) return this.drop(late.reason, { sensorId: sensor.id, via }, late.problem);
    this.accepted.detections += 1;
    if (!isOverThresholds(detection, sensor.thresholds ?? this.thresholdsFallback)) {
      this.outcomes.belowThresholds += 1;
      return { isAccepted: true, outcome: 'below_thresholds' };
    }
    const atMs = Date.parse(detection.at);
    const last = this.lastQueued.get(sensor.id);
    if (
      last &&
      atMs - last.atMs < DETECTION_RECORD_INTERVAL_MS &&
      atMs >= last.atMs &&
      detection.maxTempC <= last.maxTempC &&
      distanceMetres(last.position, detection.location.coordinates) <= THERMAL_ATTACH_RADIUS_M
    ) {
      this.outcomes.coalesced += 1;
      return { isAccepted: true, outcome: 'coalesced' };
    }
    if (this.queue.length >= DETECTION_QUEUE_MAX)
      return this.drop(
        'queue_full',
        { sensorId: sensor.id, via },
        `${DETECTION_QUEUE_MAX} detections already wait for the log`,
      );
    this.lastQueued.set(sensor.id, {
      position: detection.location.coordinates,
      atMs,
      maxTempC: detection.maxTempC,
    });
    this.queue.push({ sensor, detection });
    this.scheduleDrain();
    return { isAccepted: true, outcome: 'queued' };
  }

  /**
   * Hands queued detections to the log in small works, several in flight, so the log's group
   * commit shares one fsync among them while each work stays a few milliseconds of the loop.
   */
  private scheduleDrain(): void {
    while (this.queue.length > 0 && this.worksInFlight < DETECTION_WORKS_IN_FLIGHT) {
      const batch = this.queue.splice(0, DETECTION_BATCH_SIZE);
      this.worksInFlight += 1;
      this.log
        .serialised(() => this.writeBatch(batch))
        .catch((error: unknown) => {
          // The whole work was undone; its detections are lost to the log but counted and logged.
          this.dropped.set('write_failed', (this.dropped.get('write_failed') ?? 0) + batch.length);
          this.logger.error(
            { error: String(error), detections: batch.length },
            'writing thermal detections failed',
          );
        })
        .finally(() => {
          this.worksInFlight -= 1;
          this.scheduleDrain();
          if (this.worksInFlight === 0 && this.queue.length === 0)
            for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }

  /** Resolves once every detection queued so far is written (tests, shutdown). */
  settle(): Promise<void> {
    if (this.worksInFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Inside one work of the log: each detection reports an incident or joins the one near it. */
  private async writeBatch(batch: readonly { sensor: Sensor; detection: ThermalDetection }[]): Promise<void> {
    const kinds = thermalCoveringKinds();
    for (const { sensor, detection } of batch) {
      const here = detection.location.coordinates;
      const dLat = (THERMAL_ATTACH_RADIUS_M * 1.1) / 111_320;
      const dLon = dLat / Math.cos((here[1] * Math.PI) / 180);
      const box = [here[0] - dLon, here[1] - dLat, here[0] + dLon, here[1] + dLat] as const;
      // Any active fire covers it, however long ago it was reported.
      const near = await this.log.store.activeIncidentsNear(
        box,
        new Date(0).toISOString(),
        sensor.exerciseId,
        kinds,
      );
      let best: { id: string; distance: number } | null = null;
      for (const candidate of near) {
        const distance = distanceMetres(here, candidate.position);
        if (distance <= THERMAL_ATTACH_RADIUS_M && (!best || distance < best.distance))
          best = { id: candidate.id, distance };
      }
      const current = best ? await this.log.store.getIncident(best.id) : null;
      if (current && isActive(current)) await this.attach(sensor, detection, current);
      else await this.report(sensor, detection);
    }
  }

  private actorOf(sensor: Sensor): string {
    return `source:${thermalSource(sensor.id)}`;
  }

  private recorded(
    sensor: Sensor,
    detection: ThermalDetection,
    incidentId: string,
    outcome: RecordedDetection['outcome'],
  ): RecordedDetection {
    const isFirstOnIncident = this.lastRecorded.get(sensor.id)?.incidentId !== incidentId;
    this.lastRecorded.set(sensor.id, { incidentId });
    return {
      id: orderedId(),
      cameraId: sensor.id,
      incidentId,
      outcome,
      at: new Date(detection.at).toISOString(),
      location: detection.location,
      maxTempC: detection.maxTempC,
      areaM2: detection.areaM2,
      confidence: detection.confidence,
      thumbnail: isFirstOnIncident ? (detection.thumbnail ?? null) : null,
    };
  }

  private async report(sensor: Sensor, detection: ThermalDetection): Promise<void> {
    const at = this.now().toISOString();
    const seenAt = new Date(detection.at).toISOString();
    const incident = reportedIncident({
      id: orderedId(),
      sector: THERMAL_REPORT_SECTOR,
      category: sensor.category ?? DEFAULT_THERMAL_CATEGORY,
      severity: thermalSeverity(detection),
      title: `Heat detected by ${sensor.name}: ${Math.round(detection.maxTempC)} °C over ${Math.round(detection.areaM2)} m²`,
      description: `Thermal camera ${sensor.id} (${sensor.sector}) saw ${detection.maxTempC} °C over ${detection.areaM2} m² with confidence ${detection.confidence}.`,
      location: detection.location,
      governorate: this.incidents.governorateOf(detection.location),
      reportedAt: seenAt < at ? seenAt : at,
      updatedAt: at,
      source: thermalSource(sensor.id),
      externalRef: null,
      exerciseId: sensor.exerciseId,
    });
    const actor = this.actorOf(sensor);
    await this.incidents.recordDeviceReport(incident, actor);
    const record = this.recorded(sensor, detection, incident.id, 'reported');
    await this.commitRecord(record, incident, sensor, at);
    this.outcomes.reported += 1;
  }

  private async attach(sensor: Sensor, detection: ThermalDetection, current: Incident): Promise<void> {
    const at = this.now().toISOString();
    const record = this.recorded(sensor, detection, current.id, 'attached');
    await this.commitRecord(record, current, sensor, at);
    // A camera's own report grows with the heat; a person's report keeps the severity they chose.
    const severity = thermalSeverity(detection);
    if (current.source.startsWith('thermal:') && severity > current.severity) {
      const updated: Incident = { ...current, severity, version: current.version + 1, updatedAt: at };
      await this.log.commit({
        id: orderedId(),
        type: 'incident.updated',
        at,
        actor: this.actorOf(sensor),
        exerciseId: current.exerciseId,
        sectors: updated.involvedSectors,
        data: {
          incident: updated,
          changes: { severity },
          previousVersion: current.version,
          reason: `thermal camera ${sensor.id}: ${detection.maxTempC} °C over ${detection.areaM2} m²`,
        },
      });
    }
    this.outcomes.attached += 1;
  }

  private async commitRecord(
    record: RecordedDetection,
    incident: Incident,
    sensor: Sensor,
    at: string,
  ): Promise<void> {
    await this.log.commit({
      id: orderedId(),
      type: 'detection.recorded',
      at,
      actor: this.actorOf(sensor),
      exerciseId: incident.exerciseId,
      sectors: unique([...incident.involvedSectors, sensor.sector]),
      data: { detection: record },
    });
  }

  /** An incident's recorded detections, oldest first, for whoever may see the incident. */
  async history(incidentId: string, by: Principal): Promise<DetectionHistory> {
    await this.incidents.getVisible(incidentId, by);
    const events = await this.log.store.eventsAbout(incidentId);
    return {
      incidentId,
      detections: events.flatMap((event) =>
        event.type === 'detection.recorded' && event.data.detection.incidentId === incidentId
          ? [event.data.detection]
          : [],
      ),
    };
  }

  /** What the ingest took and dropped since start. */
  stats(mqtt: SensorStats['mqtt'], cot: SensorStats['cot']): SensorStats {
    return {
      mqtt,
      accepted: { ...this.accepted },
      dropped: Object.fromEntries(this.dropped),
      detections: {
        belowThresholds: this.outcomes.belowThresholds,
        coalesced: this.outcomes.coalesced,
        reported: this.outcomes.reported,
        attached: this.outcomes.attached,
        queued: this.queue.length,
      },
      cot,
    };
  }
}
