import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DroneTelemetrySchema,
  NewSensorSchema,
  SensorIdSchema,
  ThermalDetectionSchema,
  type SensorStats,
} from '@mirsad/shared';
import { principalOf } from '../auth/auth.hooks.js';
import { HttpError, parseInput } from '../errors.js';
import type { IngestOutcome, SensorService } from '../sensors/sensor.service.js';

const ExerciseQuerySchema = z.object({ exercise: z.string().min(1).max(64).optional() }).strict();
const SensorParamsSchema = z.object({ id: SensorIdSchema });

/** An ingest outcome as an HTTP answer: 202 with what became of it, or 400/503 naming why it was dropped. */
function answer(outcome: IngestOutcome): { outcome: string } {
  if (outcome.isAccepted) return { outcome: outcome.outcome };
  if (outcome.reason === 'queue_full') throw new HttpError(503, 'busy', outcome.message);
  throw new HttpError(400, 'bad_request', `invalid body: ${outcome.message}`, [
    { path: 'body.at', message: outcome.message },
  ]);
}

/** Field sensors: the registry, drones' live state, the HTTP alternative to MQTT, and thermal history. */
export function sensorRoutes(
  app: FastifyInstance,
  sensors: SensorService,
  ingestState: () => Pick<SensorStats, 'mqtt' | 'cot'>,
): void {
  app.get('/api/sensors', { config: { access: 'read' } }, (request) => {
    const { exercise } = parseInput(ExerciseQuerySchema, request.query, 'query');
    return { sensors: sensors.list(principalOf(request), exercise ?? null) };
  });

  app.post('/api/sensors', { config: { access: 'register-sensors' } }, async (request, reply) => {
    const input = parseInput(NewSensorSchema, request.body, 'body');
    const isNew = sensors.get(input.id) === undefined;
    const sensor = await sensors.register(input, principalOf(request));
    return reply.code(isNew ? 201 : 200).send(sensor);
  });

  app.get('/api/sensors/drones', { config: { access: 'read' } }, (request) => {
    const { exercise } = parseInput(ExerciseQuerySchema, request.query, 'query');
    return { drones: sensors.listDrones(principalOf(request), exercise ?? null) };
  });

  app.get('/api/sensors/stats', { config: { access: 'watch-sensors' } }, () => {
    const { mqtt, cot } = ingestState();
    return sensors.stats(mqtt, cot);
  });

  app.post('/api/sensors/:id/telemetry', { config: { access: 'feed-sensors' } }, async (request, reply) => {
    const { id } = parseInput(SensorParamsSchema, request.params, 'params');
    const sensor = sensors.requireFeedable(id, principalOf(request));
    if (sensor.kind !== 'drone')
      throw new HttpError(400, 'bad_request', `sensor ${id} is a ${sensor.kind}: post its detections`);
    const telemetry = parseInput(DroneTelemetrySchema, request.body, 'body');
    return reply.code(202).send(answer(sensors.acceptTelemetry(sensor, telemetry, 'http')));
  });

  app.post('/api/sensors/:id/detections', { config: { access: 'feed-sensors' } }, async (request, reply) => {
    const { id } = parseInput(SensorParamsSchema, request.params, 'params');
    const sensor = sensors.requireFeedable(id, principalOf(request));
    if (sensor.kind !== 'thermal-camera')
      throw new HttpError(400, 'bad_request', `sensor ${id} is a ${sensor.kind}: post its telemetry`);
    const detection = parseInput(ThermalDetectionSchema, request.body, 'body');
    return reply.code(202).send(answer(sensors.acceptDetection(sensor, detection, 'http')));
  });

  app.get('/api/incidents/:id/detections', { config: { access: 'read' } }, async (request) => {
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params, 'params');
    return sensors.history(id, principalOf(request));
  });
}
