// What the machine did to the stall benchmark's processes. On a machine shared with other work,
// a lagging event loop may be busy or merely not scheduled; Linux's schedstat tells them apart
// (its second field: nanoseconds spent runnable on a run queue). And a request that times out
// connecting to the server may never have been accepted: the kernel drops connections while a
// listening socket's queue is full (a server that rarely gets a CPU accepts rarely).
import fs from 'node:fs';

/** Time the calling thread (the main thread here) has spent runnable but waiting for a CPU, ms; 0 where schedstat is missing. */
export function runQueueWaitMs(): number {
  try {
    const [, waitNs] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    return Number(waitNs) / 1e6;
  } catch {
    return 0;
  }
}

/**
 * Connections the kernel dropped because a listening socket's queue was full, since boot, on
 * the whole machine (Linux's TcpExt ListenOverflows; other benchmarks count too); 0 where missing.
 */
export function listenOverflows(): number {
  try {
    const lines = fs.readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const header = lines.findIndex((line) => line.startsWith('TcpExt:'));
    const names = lines[header]?.split(' ') ?? [];
    const values = lines[header + 1]?.split(' ') ?? [];
    return Number(values[names.indexOf('ListenOverflows')] ?? 0);
  } catch {
    return 0;
  }
}
