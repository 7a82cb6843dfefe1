import { afterEach, describe, expect, it } from 'vitest';
import type { MirsadEvent } from '@mirsad/shared';
import { EventLog } from '../event-log.js';
import { SqliteEventStore } from '../store/sqlite.store.js';
import { reportedEvent, storedIncident, tempDataDir, waitFor } from '../test-support.js';
import { LogTailer, TAIL_PAGE_EVENTS } from './log.tailer.js';

const closers: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A writer (this node's log) and a second connection on the same file (what another node's store sees). */
async function twoNodes(): Promise<{ log: EventLog; other: SqliteEventStore }> {
  const store = await SqliteEventStore.open(tempDataDir());
  const other = SqliteEventStore.openReadOnly(store.file);
  closers.push(
    () => store.close(),
    () => other.close(),
  );
  return { log: new EventLog(store), other };
}

const write = (log: EventLog, n: number): Promise<MirsadEvent> =>
  log.serialised(() => log.commit(reportedEvent(storedIncident(n))));

function follow(make: (listener: (event: MirsadEvent) => void) => LogTailer): {
  seen: number[];
  tailer: LogTailer;
} {
  const seen: number[] = [];
  const tailer = make((event) => seen.push(event.seq));
  closers.push(() => tailer.stop());
  return { seen, tailer };
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe('LogTailer', () => {
  it('hands on events written elsewhere once each, in order, when woken', async () => {
    const { log, other } = await twoNodes();
    const { seen, tailer } = follow((listener) => new LogTailer(other, 0, listener, 60_000));
    for (let n = 1; n <= 5; n++) await write(log, n);
    tailer.wake();
    tailer.wake();
    await waitFor(() => seen.length >= 5, 'five events');
    for (let n = 6; n <= 8; n++) await write(log, n);
    tailer.wake();
    await tailer.caughtUpTo(8);
    expect(seen).toEqual(range(1, 8));
  });

  it('finds events without a wake-up on its slow timer', async () => {
    const { log, other } = await twoNodes();
    const { seen } = follow((listener) => new LogTailer(other, 0, listener, 50));
    for (let n = 1; n <= 3; n++) await write(log, n);
    await waitFor(() => seen.length === 3, 'three events by polling');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('starts after the sequence it is given and reads long catch-ups page by page', async () => {
    const { log, other } = await twoNodes();
    await log.serialised(() =>
      log.commitBatch(range(1, TAIL_PAGE_EVENTS * 2 + 7).map((n) => reportedEvent(storedIncident(n)))),
    );
    const { seen, tailer } = follow((listener) => new LogTailer(other, 3, listener, 60_000));
    await tailer.caughtUpTo(TAIL_PAGE_EVENTS * 2 + 7);
    expect(seen).toEqual(range(4, TAIL_PAGE_EVENTS * 2 + 7));
  });

  it('delivers its own events at once and interleaves them with others in sequence order, never twice', async () => {
    const { log, other } = await twoNodes();
    // This node's log and the "other node" write to one file; the tailer belongs to a third view.
    const { seen, tailer } = follow((listener) => new LogTailer(other, 0, listener, 60_000));
    log.onEvent((event) => {
      tailer.offer(event);
    });
    await write(log, 1);
    // Offered while nothing is pending: delivered without reading.
    expect(seen).toEqual([1]);
    // Written past this node's log (as another node would: never offered), then one of ours,
    // which must wait for it.
    await log.store.append(reportedEvent(storedIncident(2)));
    await write(log, 3);
    await tailer.caughtUpTo(3);
    // Offered again, late: never a second time.
    for (const event of await other.readEvents(0, 10)) tailer.offer(event);
    await write(log, 4);
    await tailer.caughtUpTo(4);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('waits at a hole instead of skipping it', async () => {
    const pages: MirsadEvent[][] = [];
    const events = range(1, 4).map((seq) => ({ ...reportedEvent(storedIncident(seq)), seq }));
    // Seq 2 is still being committed at the first read: the store shows 1, 3, 4.
    let isHoleFilled = false;
    const store = {
      readEvents: (after: number): Promise<MirsadEvent[]> => {
        const visible = events.filter((event) => event.seq > after && (isHoleFilled || event.seq !== 2));
        pages.push(visible);
        return Promise.resolve(visible);
      },
    };
    const { seen, tailer } = follow((listener) => new LogTailer(store, 0, listener, 60_000));
    tailer.wake();
    await waitFor(() => pages.length >= 1, 'a first read');
    await waitFor(() => seen.length >= 1, 'the first event');
    expect(seen).toEqual([1]);
    isHoleFilled = true;
    await tailer.caughtUpTo(4);
    expect(seen).toEqual([1, 2, 3, 4]);
  });
});
