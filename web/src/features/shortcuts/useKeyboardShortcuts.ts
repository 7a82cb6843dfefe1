import { STATUS_TRANSITIONS, type IncidentStatus } from '@mirsad/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { canWork, viewerFromCache } from '../auth/access.js';
import { useUpdateIncidentMutation } from '../incidents/mutations.js';
import { incidentQueries } from '../incidents/queries.js';
import { indexInList } from '../incidents/selectors.js';
import { shownIncidents } from '../incidents/useVisibleIncidents.js';
import { requestPanel, selectIncident, setTimeWindow, useIncidentViewStore } from '../incidents/store.js';
import { nextTimeWindow } from '../incidents/timeWindow.js';
import { focusIncident } from '../map/store.js';
import { setShelterBoardOpen, useShelterBoardStore } from '../shelters/store.js';
import { isTypingTarget, shortcutFor, stepSelection, type ShortcutAction } from './shortcuts.js';
import { setHelpOpen, useShortcutStore } from './store.js';

/**
 * The room's keyboard shortcuts (see SHORTCUTS), on the whole page. The handler reads the
 * cache and stores when a key is pressed instead of subscribing, so the page does not
 * re-render for the keyboard's sake. `isEnabled` is false while the room is kept hidden behind
 * another page: its keys belong to the room only.
 */
export function useKeyboardShortcuts(isEnabled = true): void {
  const queryClient = useQueryClient();
  const update = useUpdateIncidentMutation();
  const { mutate } = update;

  useEffect(() => {
    if (!isEnabled) return;
    const selectedIncident = () => {
      const { selectedId } = useIncidentViewStore.getState();
      if (selectedId === null) return undefined;
      return (
        queryClient.getQueryData(incidentQueries.picture().queryKey)?.get(selectedId) ??
        queryClient.getQueryData(incidentQueries.detail(selectedId).queryKey)
      );
    };

    const moveTo = (status: IncidentStatus): boolean => {
      const incident = selectedIncident();
      const viewer = viewerFromCache(queryClient);
      if (!incident || !viewer || !canWork(viewer, incident)) return false;
      if (!STATUS_TRANSITIONS[incident.status].includes(status)) return false;
      mutate({ id: incident.id, patch: { status, version: incident.version } });
      return true;
    };

    const step = (direction: 1 | -1): boolean => {
      // The list as shown, kept in order by its changes: a binary search finds the selection
      // in it, rather than filtering and sorting the whole picture on every key press.
      const list = shownIncidents();
      const { selectedId } = useIncidentViewStore.getState();
      const picture = queryClient.getQueryData(incidentQueries.picture().queryKey);
      const next = stepSelection(list, indexInList(list, picture, selectedId), direction)?.id ?? null;
      if (next === null) return false;
      selectIncident(next);
      focusIncident(next);
      document
        .querySelector(`[data-testid="incident-item"][data-incident-id="${CSS.escape(next)}"]`)
        ?.scrollIntoView({ block: 'nearest' });
      return true;
    };

    const run = (action: ShortcutAction, target: EventTarget | null): boolean => {
      switch (action) {
        case 'next':
          return step(1);
        case 'previous':
          return step(-1);
        case 'acknowledge':
          return moveTo('acknowledged');
        case 'dispatch':
          return moveTo('dispatched');
        case 'focusNotes':
          if (!selectedIncident()) return false;
          requestPanel('notes');
          return true;
        case 'assignUnit':
          if (!selectedIncident()) return false;
          requestPanel('units');
          return true;
        case 'requestSupport':
          if (!selectedIncident()) return false;
          requestPanel('support');
          return true;
        case 'cycleTimeWindow':
          setTimeWindow(nextTimeWindow(useIncidentViewStore.getState().timeWindow));
          return true;
        case 'help':
          setHelpOpen(!useShortcutStore.getState().isHelpOpen);
          return true;
        case 'leaveField':
          if (target instanceof HTMLElement) target.blur();
          return true;
        case 'close':
          // The topmost thing closes first: the help, then the incident, then the shelters board.
          if (useShortcutStore.getState().isHelpOpen) setHelpOpen(false);
          else if (useIncidentViewStore.getState().selectedId !== null) selectIncident(null);
          else if (useShelterBoardStore.getState().isOpen) setShelterBoardOpen(false);
          else return false;
          return true;
      }
    };

    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.repeat) return;
      const target = event.target;
      const action = shortcutFor({
        key: event.key,
        code: event.code,
        shiftKey: event.shiftKey,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        isTyping: target instanceof HTMLElement && isTypingTarget(target),
      });
      if (action && run(action, target)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [queryClient, mutate, isEnabled]);
}
