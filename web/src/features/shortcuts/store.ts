import { create } from 'zustand';

/** Whether the keyboard help is open. */
export const useShortcutStore = create<{ isHelpOpen: boolean }>()(() => ({ isHelpOpen: false }));

/** Opens or closes the keyboard help. */
export function setHelpOpen(isHelpOpen: boolean): void {
  useShortcutStore.setState({ isHelpOpen });
}
