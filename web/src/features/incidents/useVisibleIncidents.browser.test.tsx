import type { Incident } from '@mirsad/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { Picture } from '../../realtime/picture.js';
import { fakeApi } from '../../test/fakeServer.js';
import { makeIncident, makePrincipal, minutesAfterBase, updatedEvent } from '../../test/fixtures.js';
import { renderInBrowser } from '../../test/render.js';
import { authQueries } from '../auth/queries.js';
import { useKeyboardShortcuts } from '../shortcuts/useKeyboardShortcuts.js';
import { incidentQueries } from './queries.js';
import { resetIncidentView, useIncidentViewStore } from './store.js';
import { useVisibleIncidents } from './useVisibleIncidents.js';

/** The lists each reader was given, newest last: reader 0 stands for the list, reader 1 for the map. */
const seen: (readonly Incident[])[][] = [[], []];

function Reader({ n }: { n: 0 | 1 }) {
  const { incidents } = useVisibleIncidents();
  seen[n]?.push(incidents);
  return null;
}

function Room() {
  useKeyboardShortcuts();
  return (
    <>
      <Reader n={0} />
      <Reader n={1} />
    </>
  );
}

const latest = (n: 0 | 1): readonly Incident[] | undefined => seen[n]?.at(-1);

function renderRoom(incidents: Incident[]) {
  const rendered = renderInBrowser(<Room />);
  rendered.queryClient.setQueryData(authQueries.me().queryKey, makePrincipal());
  rendered.queryClient.setQueryData(incidentQueries.picture().queryKey, Picture.from({ seq: 10, incidents }));
  return rendered;
}

beforeEach(() => {
  fakeApi(() => undefined);
  seen[0] = [];
  seen[1] = [];
});

afterEach(() => {
  resetIncidentView();
});

describe('the visible list of the room', () => {
  it('is one list for every reader, followed by its changes, though each reader has its own viewer', async () => {
    const incidents = [1, 2, 3].map((n) => makeIncident(n, { reportedAt: minutesAfterBase(n) }));
    const rendered = renderRoom(incidents);
    await expect.poll(() => latest(0)?.length).toBe(3);
    expect(latest(1)).toBe(latest(0));

    const picture = rendered.queryClient.getQueryData(incidentQueries.picture().queryKey);
    const [, middle] = incidents;
    if (!picture || !middle) throw new Error('no picture');
    rendered.queryClient.setQueryData(
      incidentQueries.picture().queryKey,
      picture.fold([updatedEvent(11, middle, { severity: 5 })]),
    );
    await expect.poll(() => latest(0)?.find((i) => i.id === middle.id)?.severity).toBe(5);
    expect(latest(1)).toBe(latest(0));
  });

  it('is what j and k step through, under every filter shown (a governorate too)', async () => {
    // The newest report is in Jahra, which the room does not show.
    const capital = [1, 2, 3].map((n) => makeIncident(n, { reportedAt: minutesAfterBase(n) }));
    const jahra = makeIncident(4, { governorate: 'jahra', reportedAt: minutesAfterBase(10) });
    useIncidentViewStore.setState({ shownGovernorates: new Set(['capital']) });
    renderRoom([...capital, jahra]);
    await expect.poll(() => latest(0)?.length).toBe(3);
    const selected = () => useIncidentViewStore.getState().selectedId;

    await userEvent.keyboard('j');
    expect(selected()).toBe(capital[2]?.id);
    await userEvent.keyboard('j');
    expect(selected()).toBe(capital[1]?.id);
    await userEvent.keyboard('k');
    await userEvent.keyboard('k');
    // From the top, back round to the bottom; never to Jahra's report.
    expect(selected()).toBe(capital[0]?.id);
  });
});
