import pg from 'pg';
import { PG_LOG_CHANNEL } from '../store/pg.store.js';

/** How long a lost LISTEN connection waits before it connects again, ms. */
const RELISTEN_MS = 1_000;

/**
 * Wakes `onCommit` whenever any node commits to the log: LISTEN on the channel the PostgreSQL
 * store notifies inside each committing transaction (or on another `channel`, such as a
 * history load's). A notification only wakes; the tailer
 * reads by sequence, so a lost one (while this connection was down) costs nothing but time:
 * after reconnecting it wakes once anyway, and the tailer's slow timer is the last net.
 */
export async function listenForCommits(
  databaseUrl: string,
  onCommit: () => void,
  onError: (error: unknown) => void = (error) => {
    console.error('listening for the log failed', error);
  },
  channel = PG_LOG_CHANNEL,
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | null = null;
  let isClosed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: databaseUrl,
      application_name: 'mirsad-tail',
      keepAlive: true,
    });
    const lost = (): void => {
      if (client !== next) return;
      client = null;
      next.end().catch(() => undefined);
      if (!isClosed) {
        retry = setTimeout(() => {
          connect().catch((error: unknown) => {
            onError(error);
            lost();
          });
        }, RELISTEN_MS);
        retry.unref();
      }
    };
    client = next;
    next.on('error', (error) => {
      onError(error);
      lost();
    });
    next.on('end', lost);
    next.on('notification', () => {
      onCommit();
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    // Whatever was committed while this connection was not listening.
    onCommit();
  };

  await connect();
  return {
    close: async () => {
      isClosed = true;
      if (retry) clearTimeout(retry);
      const last = client;
      client = null;
      await last?.end().catch(() => undefined);
    },
  };
}
