import type { Warning } from '@mirsad/shared';
import { create } from 'zustand';

/** What the authoring dialog is writing: a new warning (maybe from an incident) or an Update of one. */
export type WarningDialogState =
  { kind: 'closed' } | { kind: 'new'; incidentId: string | null } | { kind: 'update'; warning: Warning };

/** The warnings' UI state: whether the board is open, what the dialog writes, and an area to show. */
export interface WarningsViewState {
  isBoardOpen: boolean;
  dialog: WarningDialogState;
  /** A request for the map to show a warning's area; the nonce makes a second click fly again. */
  focus: { warningId: string; nonce: number } | null;
}

/** The warnings' UI state (the server's data is in react-query). */
export const useWarningsViewStore = create<WarningsViewState>()(() => ({
  isBoardOpen: false,
  dialog: { kind: 'closed' },
  focus: null,
}));

/** Opens or closes the warnings board. */
export function setWarningsBoardOpen(isOpen: boolean): void {
  useWarningsViewStore.setState({ isBoardOpen: isOpen });
}

/** Opens the authoring dialog, or closes it. */
export function openWarningDialog(dialog: WarningDialogState): void {
  useWarningsViewStore.setState({ dialog });
}

/** Asks the map to show a warning's area. */
export function focusWarning(warningId: string): void {
  useWarningsViewStore.setState(({ focus }) => ({ focus: { warningId, nonce: (focus?.nonce ?? 0) + 1 } }));
}
