import { SECTOR_IDS, type Stats } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { fakeApi } from '../../test/fakeServer.js';
import { renderInBrowser } from '../../test/render.js';
import { WallFigures } from './WallView.js';

const STATS: Stats = {
  at: '2026-11-30T10:00:00.000Z',
  seq: 42,
  openBySector: { traffic: 7, 'civil-defence': 3, 'fire-marine-rescue': 1 },
  openBySeverity: { '1': 2, '2': 4, '3': 3, '4': 1, '5': 1 },
  lastHour: 5,
  medianAcknowledgeS: 42,
  medianDispatchS: 25 * 60,
  unitsAvailableBySector: { traffic: 4, 'civil-defence': 2 },
  shelters: { open: 3, occupancy: 120, capacity: 400 },
};

describe("the wall's figures", () => {
  it('add up the open incidents of the sectors shown and read medians in seconds or minutes', async () => {
    fakeApi((request) => (request.path === '/api/stats' ? { status: 200, body: STATS } : undefined));
    renderInBrowser(
      <WallFigures sectors={['traffic', 'civil-defence']} isFiltered exerciseId={null} governorates={null} />,
    );
    await expect.element(page.getByTestId('wall-tile-open')).toHaveTextContent('10');
    await expect.element(page.getByTestId('wall-tile-ack')).toHaveTextContent('42 s');
    await expect.element(page.getByTestId('wall-tile-dispatch')).toHaveTextContent('25 min');
    await expect.element(page.getByTestId('wall-tile-shelters')).toHaveTextContent('3 shelters open');
  });

  it('speak Arabic on an Arabic wall, with the plural of the shelters', async () => {
    fakeApi((request) => (request.path === '/api/stats' ? { status: 200, body: STATS } : undefined));
    renderInBrowser(
      <WallFigures sectors={SECTOR_IDS} isFiltered={false} exerciseId={null} governorates={null} />,
      { locale: 'ar' },
    );
    await expect.element(page.getByTestId('wall-tile-open')).toHaveTextContent('11');
    await expect.element(page.getByTestId('wall-tile-shelters')).toHaveTextContent('3 مراكز إيواء مفتوحة');
    expect(page.getByTestId('wall-tile-shelters').element().textContent).not.toMatch(/[A-Za-z]/);
  });

  it('ask for the governorates of the slice', async () => {
    const { sent } = fakeApi((request) =>
      request.path.startsWith('/api/stats') ? { status: 200, body: STATS } : undefined,
    );
    renderInBrowser(
      <WallFigures
        sectors={SECTOR_IDS}
        isFiltered={false}
        exerciseId={null}
        governorates={['capital', 'hawalli']}
      />,
    );
    await expect.element(page.getByTestId('wall-tile-open')).toBeVisible();
    expect(sent.map((request) => request.path)).toContain('/api/stats?governorate=capital%2Chawalli');
  });
});
