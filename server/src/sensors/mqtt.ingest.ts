import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import {
  DroneTelemetrySchema,
  SensorIdSchema,
  ThermalDetectionSchema,
  toFieldIssues,
  type SensorStats,
} from '@mirsad/shared';
import type { z } from 'zod';
import type { IngestLogger, IngestOutcome, SensorService } from './sensor.service.js';

/** Largest MQTT payload parsed, bytes: a detection with its thumbnail fits; anything bigger is dropped unread. */
export const MQTT_MAX_PAYLOAD_BYTES = 96 * 1024;

/** How long the client waits before reconnecting to a broker that went away, ms. */
export const MQTT_RECONNECT_MS = 1_000;

/** Parses a JSON payload with a shared schema, or says what was wrong with it. */
export function parsePayload<T extends z.ZodType>(
  schema: T,
  payload: Buffer | string,
): { data: z.infer<T> } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch (error) {
    return { problem: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { data: parsed.data };
  return {
    problem: toFieldIssues(parsed.error, 'payload')
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; '),
  };
}

/**
 * Subscribes to the field sensors' topics on the broker at MQTT_URL:
 * `<prefix>/drone/<droneId>/telemetry` and `<prefix>/thermal/<cameraId>/detection`. Every
 * message is parsed with the shared schemas and handed to the sensor service; what cannot be
 * taken is dropped, counted and logged there. The client reconnects by itself when the broker
 * restarts, and subscribes again on every connect.
 */
export class MqttIngest {
  private client: MqttClient | null = null;
  private isConnected = false;
  private reconnects = 0;

  constructor(
    private readonly sensors: SensorService,
    private readonly config: { url: string; topicPrefix: string },
    private readonly logger: IngestLogger & { info(details: Record<string, unknown>, message: string): void },
  ) {}

  /** The topics subscribed to. */
  get topics(): { telemetry: string; detection: string } {
    const prefix = this.config.topicPrefix;
    return { telemetry: `${prefix}/drone/+/telemetry`, detection: `${prefix}/thermal/+/detection` };
  }

  /** Connects and subscribes; resolves once subscribed the first time, or at once if the broker is down (it keeps trying). */
  start(): Promise<void> {
    const client = mqtt.connect(this.config.url, {
      clientId: `mirsad-${randomUUID().slice(0, 12)}`,
      reconnectPeriod: MQTT_RECONNECT_MS,
      connectTimeout: 5_000,
      clean: true,
    });
    this.client = client;
    client.on('message', (topic, payload) => {
      this.handle(topic, payload);
    });
    client.on('reconnect', () => {
      this.reconnects += 1;
    });
    client.on('close', () => {
      if (this.isConnected)
        this.logger.warn({ url: this.config.url }, 'MQTT broker connection lost; reconnecting');
      this.isConnected = false;
    });
    client.on('error', (error) => {
      this.logger.warn({ url: this.config.url, error: error.message }, 'MQTT client error');
    });
    return new Promise((resolve) => {
      let isFirst = true;
      const settle = (): void => {
        if (!isFirst) return;
        isFirst = false;
        resolve();
      };
      client.on('connect', () => {
        // Detections at least once; telemetry is replaced by the next message anyway.
        client.subscribe(
          { [this.topics.telemetry]: { qos: 0 }, [this.topics.detection]: { qos: 1 } },
          (error) => {
            if (error) {
              this.logger.error({ error: error.message }, 'MQTT subscribe failed');
              return;
            }
            this.isConnected = true;
            this.logger.info({ url: this.config.url, topics: this.topics }, 'MQTT sensor ingest subscribed');
            settle();
          },
        );
      });
      // A broker that is down at start must not hold the server: it connects when it can.
      setTimeout(settle, 5_000).unref();
    });
  }

  /** Handles one message: exported through the class for the tests' bad-topic cases. */
  handle(topic: string, payload: Buffer): IngestOutcome {
    const prefix = `${this.config.topicPrefix}/`;
    const levels = topic.startsWith(prefix) ? topic.slice(prefix.length).split('/') : [];
    const [kind, id, leaf] = levels;
    const parsedId = SensorIdSchema.safeParse(id);
    const isKnownShape =
      levels.length === 3 &&
      ((kind === 'drone' && leaf === 'telemetry') || (kind === 'thermal' && leaf === 'detection'));
    if (!isKnownShape || !parsedId.success)
      return this.sensors.drop('bad_topic', { topic }, `topic ${topic} is not a sensor topic`);
    const sensorId = parsedId.data;
    if (payload.byteLength > MQTT_MAX_PAYLOAD_BYTES)
      return this.sensors.drop(
        'oversized',
        { topic, bytes: payload.byteLength },
        `payload of ${payload.byteLength} bytes exceeds ${MQTT_MAX_PAYLOAD_BYTES}`,
      );
    const via = 'mqtt';
    if (kind === 'drone') {
      const parsed = parsePayload(DroneTelemetrySchema, payload);
      if ('problem' in parsed) return this.sensors.drop('bad_payload', { topic }, parsed.problem);
      const sensor = this.sensors.resolve(sensorId, 'drone', via);
      return 'isAccepted' in sensor ? sensor : this.sensors.acceptTelemetry(sensor, parsed.data, via);
    }
    const parsed = parsePayload(ThermalDetectionSchema, payload);
    if ('problem' in parsed) return this.sensors.drop('bad_payload', { topic }, parsed.problem);
    const sensor = this.sensors.resolve(sensorId, 'thermal-camera', via);
    return 'isAccepted' in sensor ? sensor : this.sensors.acceptDetection(sensor, parsed.data, via);
  }

  /** The connection's state for the stats. */
  state(): SensorStats['mqtt'] {
    return { isEnabled: true, isConnected: this.isConnected, reconnects: this.reconnects };
  }

  /** Disconnects; `start` connects again (this node leads again). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.endAsync(true);
    this.isConnected = false;
  }
}
