import type { AuditEntry, AuditQuery } from '@mirsad/shared';
import type { AuditStore } from '../store/account.store.js';

/** Records every action and every refusal; nothing in the product edits or deletes an entry. */
export class AuditService {
  constructor(
    private readonly store: AuditStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one entry, stamped now. */
  record(entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<AuditEntry> {
    return this.store.append({ ...entry, at: this.now().toISOString() });
  }

  /** One page, newest first. */
  query(filter: AuditQuery): Promise<AuditEntry[]> {
    return this.store.query(filter);
  }
}
