import pg from 'pg';

/** How often a node that is not the leader tries to take the lock, ms: the takeover time after a death. */
export const LEADER_RETRY_MS = 1_000;
/** How often the leader checks that its lock connection is alive, ms: a leader cut off from the database stops leading. */
const LEADER_CHECK_MS = 2_000;
/**
 * The advisory lock's key: one per database, the same on every node. A 64-bit number made from
 * the text "mirsad:leader", so another application's advisory locks do not collide with it.
 */
export const LEADER_LOCK_KEY = '7166286851442106657';

/** What a node does when it becomes the leader, and when it stops being one. */
export interface LeaderDuties {
  lead(): Promise<void> | void;
  /** Called when the lock is lost (its connection dropped); the duties must stop at once. */
  follow(): Promise<void> | void;
}

/** Who leads: one node of a room at a time. */
export interface Leadership {
  readonly isLeader: boolean;
  /** The leading node's name as last seen (this node's when it leads); null while none does. */
  readonly leaderId: string | null;
  stop(): Promise<void>;
}

/** The lock connection's application_name: how the other nodes learn who leads (pg_stat_activity). */
const LEADER_APPLICATION = 'mirsad-leader:';

/** The advisory lock's key as pg_locks shows it: the high and low 32 bits (classid, objid). */
function lockKeyParts(key: string): [string, string] {
  const value = BigInt(key);
  return [String(value >> 32n), String(value & 0xffffffffn)];
}

/** One process is the only node: it always leads (the embedded SQLite store). */
export async function soleLeader(duties: LeaderDuties, nodeId: string): Promise<Leadership> {
  await duties.lead();
  let isLeader = true;
  return {
    get isLeader() {
      return isLeader;
    },
    get leaderId() {
      return isLeader ? nodeId : null;
    },
    async stop() {
      isLeader = false;
      await duties.follow();
    },
  };
}

/**
 * Elects one leader among the nodes on one PostgreSQL database with a session-level advisory
 * lock held on a dedicated connection. The lock lives exactly as long as that connection: a
 * node that dies (SIGKILL, power) drops it, the server releases the lock, and the next node's
 * retry takes it within LEADER_RETRY_MS. A leader whose connection fails stops its duties at
 * once, since another node may take the lock from then on.
 */
export async function electLeader(
  databaseUrl: string,
  duties: LeaderDuties,
  /** This node's name, shown to the others while it leads. */
  nodeId: string,
  onError: (error: unknown) => void = (error) => {
    console.error('leader election', error);
  },
): Promise<Leadership> {
  let client: pg.Client | null = null;
  let isLeader = false;
  let leaderId: string | null = null;
  let isStopped = false;
  const [lockClass, lockObject] = lockKeyParts(LEADER_LOCK_KEY);
  let timer: NodeJS.Timeout | null = null;
  let transition: Promise<void> = Promise.resolve();

  const setLeader = (next: boolean): Promise<void> => {
    if (next === isLeader) return transition;
    isLeader = next;
    transition = transition.then(() => (next ? duties.lead() : duties.follow())).catch(onError);
    return transition;
  };

  const dropClient = (): void => {
    const lost = client;
    client = null;
    if (lost) lost.end().catch(() => undefined);
    if (isLeader) leaderId = null;
    void setLeader(false);
  };

  const attempt = async (): Promise<void> => {
    if (isStopped) return;
    if (!client) {
      const next = new pg.Client({
        connectionString: databaseUrl,
        // PostgreSQL keeps at most 63 bytes of it; NODE_ID is at most 48.
        application_name: `${LEADER_APPLICATION}${nodeId}`,
        keepAlive: true,
      });
      // Keepalives notice a dead database link in seconds rather than hours.
      next.on('error', (error) => {
        if (client === next) {
          onError(error);
          dropClient();
        }
      });
      next.on('end', () => {
        if (client === next) dropClient();
      });
      client = next;
      await next.connect();
    }
    if (isLeader) {
      await client.query('SELECT 1');
      return;
    }
    const result = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1::bigint) AS locked',
      [LEADER_LOCK_KEY],
    );
    if (result.rows[0]?.locked !== true) {
      // Who holds it: read here, once a retry, so /api/health answers from memory.
      const holder = await client.query<{ name: string }>(
        `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1
            AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [lockClass, lockObject],
      );
      const name = holder.rows[0]?.name;
      leaderId = name?.startsWith(LEADER_APPLICATION) ? name.slice(LEADER_APPLICATION.length) : null;
      return;
    }
    // Stopped while asking: the lock goes with the connection that stop() ends.
    if (isStopped as boolean) return;
    leaderId = nodeId;
    await setLeader(true);
  };

  const schedule = (): void => {
    if (isStopped) return;
    timer = setTimeout(
      () => {
        attempt()
          .catch((error: unknown) => {
            onError(error);
            dropClient();
          })
          .finally(schedule);
      },
      isLeader ? LEADER_CHECK_MS : LEADER_RETRY_MS,
    );
    timer.unref();
  };

  try {
    await attempt();
  } catch (error) {
    onError(error);
    dropClient();
  }
  schedule();
  return {
    get isLeader() {
      return isLeader;
    },
    get leaderId() {
      return leaderId;
    },
    async stop() {
      isStopped = true;
      leaderId = null;
      if (timer) clearTimeout(timer);
      await setLeader(false);
      const last = client;
      client = null;
      // Ending the connection releases the lock: the next node takes over at its next retry.
      await last?.end().catch(() => undefined);
    },
  };
}

/** The advisory lock that serialises the start-up work of nodes (accounts, demo seeding). */
const SETUP_LOCK_KEY = '7166286851442106658';

/**
 * Runs `work` while holding the setup lock: nodes starting together on one empty database do
 * their first-start work one after the other, so the second finds it done (and seeds nothing twice).
 */
export async function underSetupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'mirsad-setup' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [SETUP_LOCK_KEY]);
    return await work();
  } finally {
    // Ending the session releases the lock, whatever happened.
    await client.end().catch(() => undefined);
  }
}
