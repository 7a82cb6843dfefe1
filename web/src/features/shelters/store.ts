import { create } from 'zustand';

/** Whether the shelters board is open over the map. */
export const useShelterBoardStore = create<{ isOpen: boolean }>()(() => ({ isOpen: false }));

/** Opens or closes the shelters board. */
export function setShelterBoardOpen(isOpen: boolean): void {
  useShelterBoardStore.setState({ isOpen });
}
