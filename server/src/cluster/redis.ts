import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';

/** How long a command waits for Redis to connect before it fails, ms. */
const REDIS_CONNECT_TIMEOUT_MS = 5_000;
/**
 * Entries kept in the adapter's stream. A node that loses Redis for a moment reads on from
 * where it was; past this many entries it has missed volatile traffic only (positions,
 * presence), which the next broadcast replaces.
 */
const ADAPTER_STREAM_MAX_ENTRIES = 10_000;

/** The Redis side of a node: one client for commands (rate limits, the adapter's writes). */
export interface RedisParts {
  client: Redis;
  /** Every key this room writes starts with it, so rooms (and tests) can share one Redis. */
  prefix: string;
  /** The socket.io adapter factory: volatile broadcasts and server-side events reach every node. */
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/** Connects to Redis at `url` and waits until it answers, so a wrong address stops the start with a clear error. */
export async function connectRedis(url: string, prefix: string): Promise<RedisParts> {
  const client = new Redis(url, {
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    // A rate-limit check must not hang a request while Redis is away: it fails fast, and the
    // limit is skipped (see rate-limits.ts) rather than the room stopped.
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  client.on('error', () => {
    // ioredis reconnects by itself; each failed command reports its own error.
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`REDIS_URL: cannot reach Redis at ${redactedUrl(url)}: ${String(error)}`);
  }
  const adapter = createAdapter(client, {
    streamName: `${prefix}socket.io`,
    channelPrefix: `${prefix}socket.io`,
    maxLen: ADAPTER_STREAM_MAX_ENTRIES,
    onlyPlaintext: true,
  });
  return {
    client,
    prefix,
    adapter,
    close: async () => {
      await client.quit().catch(() => {
        client.disconnect();
      });
    },
  };
}

/** The address without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable address';
  }
}
