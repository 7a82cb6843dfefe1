import type { HandshakeErrorCode } from '@mirsad/shared';
import { create } from 'zustand';

/** What the header shows about the live link; `data-state` of `connection-state` in e2e. */
export type ConnectionState = 'live' | 'catching-up' | 'reconnecting' | 'disconnected';

/**
 * Why the link is down, when it is known: the server cannot be reached, or it refused the
 * handshake (`HandshakeErrorCode` in shared).
 */
export type ConnectionProblem = 'unreachable' | HandshakeErrorCode;

/** The live link's state. Only the realtime module writes it; components read it narrowly. */
export interface ConnectionStatus {
  state: ConnectionState;
  problem: ConnectionProblem | null;
  /** When the picture was last known to be current (epoch ms); null before it first loaded. */
  dataAsOf: number | null;
}

/**
 * Holds the live link's state for the header. It starts as catching up: the page is loading
 * the picture and will then replay the log up to now.
 */
export const useConnectionStore = create<ConnectionStatus>()(() => ({
  state: 'catching-up',
  problem: null,
  dataAsOf: null,
}));

/** Replaces part of the connection state; for the realtime module only. */
export function setConnectionStatus(status: Partial<ConnectionStatus>): void {
  useConnectionStore.setState(status);
}
