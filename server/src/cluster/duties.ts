import type { LeaderDuties } from './leader.js';

/** A duty's start: returns how to stop it. */
export type Duty = () => Promise<() => Promise<void> | void> | (() => Promise<void> | void);

/**
 * What the leader runs (exercise clocks, demo activity, saving sampled positions): each duty
 * starts when this node becomes the leader and stops when it stops being one. A duty added
 * while this node leads starts at once.
 */
export class DutyRoster implements LeaderDuties {
  private readonly duties: { start: Duty; stop: (() => Promise<void> | void) | null }[] = [];
  private isLeading = false;

  /** Whether this node leads now. */
  get isLeader(): boolean {
    return this.isLeading;
  }

  async add(start: Duty): Promise<void> {
    const duty = { start, stop: null as (() => Promise<void> | void) | null };
    this.duties.push(duty);
    if (this.isLeading) duty.stop = await start();
  }

  async lead(): Promise<void> {
    this.isLeading = true;
    for (const duty of this.duties) duty.stop ??= await duty.start();
  }

  async follow(): Promise<void> {
    this.isLeading = false;
    for (const duty of [...this.duties].reverse()) {
      const stop = duty.stop;
      duty.stop = null;
      await stop?.();
    }
  }
}
