// The load of bench:detections, in its own thread so that publishing does not share the
// server's event loop: publishes detections at a steady rate, or subscribes as the bare MQTT
// baseline and reports when each message arrived.
import { parentPort, workerData } from 'node:worker_threads';
import mqtt from 'mqtt';

interface PublisherData {
  role: 'publisher';
  url: string;
  prefix: string;
  rate: number;
  seconds: number;
  cameras: number;
  /** Fires, [lon, lat]: a detection lands on one of them, or on a new spot far from every fire. */
  fires: [number, number][];
  newFireShare: number;
}

interface SubscriberData {
  role: 'subscriber';
  url: string;
  prefix: string;
}

const data = workerData as PublisherData | SubscriberData;

async function publish(d: PublisherData): Promise<void> {
  const client = await mqtt.connectAsync(d.url, { clientId: `bench-pub-${process.pid}-${Date.now()}` });
  const total = d.rate * d.seconds;
  const started = Date.now();
  let sent = 0;
  let spots = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * d.rate) + 1);
    for (; sent < due; sent++) {
      const camera = `bench-cam-${sent % d.cameras}`;
      const isNew = (sent * 7919) % 100 < d.newFireShare * 100;
      const fire = d.fires[sent % d.fires.length] ?? [47.8, 29.2];
      // A new spot walks a grid kilometres apart; a repeat lands within 50 m of a known fire.
      const spot: [number, number] = isNew
        ? [47.2 + ((spots * 0.013) % 1.1), 28.7 + Math.floor(spots++ / 85) * 0.013]
        : [fire[0] + ((sent % 9) - 4) * 0.0001, fire[1]];
      const at = new Date().toISOString();
      client.publish(
        `${d.prefix}/thermal/${camera}/detection`,
        JSON.stringify({
          at,
          location: { type: 'Point', coordinates: spot },
          // Hotter with each repeat, so no repeat is coalesced and every one reaches the log.
          maxTempC: 300 + (sent % 1000),
          areaM2: 40,
          confidence: 0.9,
        }),
        { qos: 1 },
      );
      parentPort?.postMessage({ kind: 'sent', camera, at, sentAt: Date.now() });
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await client.endAsync();
  parentPort?.postMessage({ kind: 'done' });
}

async function subscribe(d: SubscriberData): Promise<void> {
  const client = await mqtt.connectAsync(d.url, { clientId: `bench-sub-${process.pid}-${Date.now()}` });
  client.on('message', (topic, payload) => {
    const camera = topic.split('/')[2] ?? '';
    const { at } = JSON.parse(payload.toString()) as { at: string };
    parentPort?.postMessage({ kind: 'received', camera, at, receivedAt: Date.now() });
  });
  await client.subscribeAsync(`${d.prefix}/thermal/+/detection`, { qos: 1 });
  parentPort?.postMessage({ kind: 'ready' });
  parentPort?.on('message', () => {
    void client.endAsync();
  });
}

void (data.role === 'publisher' ? publish(data) : subscribe(data));
