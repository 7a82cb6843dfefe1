import type { DrawnIncident } from './incidentFeatures.js';

/**
 * The drawn incidents not yet overdue, by when they turn overdue (a binary min-heap): when only
 * the clock moves, the map looks at the incidents whose time came instead of at every incident.
 * A pass over all 50,000 for each 15 s tick of the overdue clock was the longest task in a burst.
 * Entries are checked when taken (the drawn incident may since have changed or gone), so an
 * incident changed is simply offered again.
 */
export class OverdueQueue {
  private readonly times: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.times.length;
  }

  clear(): void {
    this.times.length = 0;
    this.ids.length = 0;
  }

  /** Queues a drawn incident if it is to turn overdue (a finite time, not overdue yet). */
  offer(id: string, held: DrawnIncident | undefined): void {
    if (!held || held.isOverdue || !Number.isFinite(held.overdueFromMs)) return;
    this.times.push(held.overdueFromMs);
    this.ids.push(id);
    this.up(this.times.length - 1);
  }

  /**
   * Takes the ids of the incidents that were to turn overdue by `nowMs` and still are as drawn
   * (`drawn` is the map's: an entry whose incident changed or left since it was queued is dropped).
   */
  takeDue(nowMs: number, drawn: ReadonlyMap<string, DrawnIncident>): string[] {
    const due: string[] = [];
    while (this.times.length > 0 && (this.times[0] ?? Number.POSITIVE_INFINITY) < nowMs) {
      const time = this.times[0] ?? 0;
      const id = this.ids[0] ?? '';
      this.removeTop();
      const held = drawn.get(id);
      if (held && !held.isOverdue && held.overdueFromMs === time) due.push(id);
    }
    return due;
  }

  private removeTop(): void {
    const lastTime = this.times.pop() ?? 0;
    const lastId = this.ids.pop() ?? '';
    if (this.times.length === 0) return;
    this.times[0] = lastTime;
    this.ids[0] = lastId;
    this.down(0);
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b] ?? 0, this.times[a] ?? 0];
    [this.ids[a], this.ids[b]] = [this.ids[b] ?? '', this.ids[a] ?? ''];
  }

  private up(at: number): void {
    let child = at;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((this.times[parent] ?? 0) <= (this.times[child] ?? 0)) return;
      this.swap(parent, child);
      child = parent;
    }
  }

  private down(at: number): void {
    let parent = at;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.times.length && (this.times[left] ?? 0) < (this.times[smallest] ?? 0)) smallest = left;
      if (right < this.times.length && (this.times[right] ?? 0) < (this.times[smallest] ?? 0))
        smallest = right;
      if (smallest === parent) return;
      this.swap(parent, smallest);
      parent = smallest;
    }
  }
}
