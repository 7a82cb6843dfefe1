import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEntry } from '@mirsad/shared';

/**
 * The audit entry of the HTTP request being served. The write that commits the request's
 * change records it in the same transaction (see EventLog); a request that commits nothing
 * (a read, a refusal, a failure) is recorded when it is answered, as before.
 */
export interface RequestAudit {
  entry: Omit<AuditEntry, 'seq' | 'at' | 'outcome' | 'detail'>;
  /** Set once the entry is written with the request's change. */
  isRecorded: boolean;
  /** Set once the request is answered; a later write (a timer it started) no longer speaks for it. */
  isClosed: boolean;
}

/** Carries a request's audit entry through every await of its handler down to the write queue. */
export const requestAudit = new AsyncLocalStorage<RequestAudit>();
