import { HOTSPOT_CLASSES } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { renderInBrowser } from '../../test/render.js';
import { HOTSPOT_COLORS, PATTERN_COLORS } from './palette.js';
import { PatternKey } from './PatternKey.js';

const ALL_ON = { series: true, hotspots: true, forecast: true } as const;
const NEAR_REPEATS = [
  { group: 'burglary', radiusM: 200, days: 14, zones: 12 },
  { group: 'theft', radiusM: 100, days: 7, zones: 1 },
] as const;

describe('the key of the pattern layers', () => {
  it('names series, every hot spot class and the forecast in English, each swatch in its map colour', async () => {
    renderInBrowser(<PatternKey layers={ALL_ON} forecastTop={25} />);
    const key = page.getByTestId('pattern-key');
    await expect.element(key).toHaveTextContent('Crime series (true size)');
    await expect.element(key).toHaveTextContent('New, not yet acknowledged');
    await expect.element(key).toHaveTextContent('Top 25 cells by forecast risk');
    const classes = page.getByTestId('pattern-key-hotspots').getByRole('listitem').elements();
    expect(classes.map((item) => item.textContent)).toEqual([
      'New hot spot',
      'Consecutive hot spot',
      'Intensifying hot spot',
      'Persistent hot spot',
      'Diminishing hot spot',
      'Sporadic hot spot',
      'Oscillating hot spot',
      'Historical hot spot',
    ]);
    expect(page.getByTestId('pattern-key-near-repeats').query()).toBeNull();
    // The swatch is drawn in the colour the map's layer uses for that class.
    const swatch = classes[0]?.querySelector<HTMLElement>('.pattern-key__cell');
    expect(swatch?.style.getPropertyValue('--swatch')).toBe(HOTSPOT_COLORS[HOTSPOT_CLASSES[0]]);
  });

  it('speaks Arabic, with the six-form plural of the forecast cells', async () => {
    renderInBrowser(<PatternKey layers={ALL_ON} forecastTop={2} />, { locale: 'ar' });
    const key = page.getByTestId('pattern-key');
    await expect.element(key).toHaveTextContent('سلسلة جرائم (بحجمها الحقيقي)');
    await expect.element(key).toHaveTextContent('الخليتان الأعلى حسب الخطر المتوقع');
    await expect.element(key).toHaveTextContent('بؤرة متصاعدة');
    expect(key.element().textContent).not.toMatch(/[A-Za-z]/);
  });

  it('names the near-repeat zones with the distance and days each group’s Knox test found, in both languages', async () => {
    const { unmount } = renderInBrowser(
      <PatternKey layers={ALL_ON} forecastTop={25} nearRepeats={NEAR_REPEATS} />,
    );
    const near = page.getByTestId('pattern-key-near-repeats');
    await expect.element(near).toHaveTextContent('Near-repeat zone: raised risk after a recent crime');
    await expect.element(near).toHaveTextContent('Burglary: within 200 m for 14 days (12 zones)');
    await expect.element(near).toHaveTextContent('Theft: within 100 m for 7 days (1 zone)');
    const swatch = near.element().querySelector<HTMLElement>('.pattern-key__zone');
    expect(swatch?.style.getPropertyValue('--swatch')).toBe(PATTERN_COLORS.nearRepeat);
    unmount();
    renderInBrowser(<PatternKey layers={ALL_ON} forecastTop={25} nearRepeats={NEAR_REPEATS} />, {
      locale: 'ar',
    });
    const arabic = page.getByTestId('pattern-key-near-repeats');
    await expect.element(arabic).toHaveTextContent('نطاق تكرار قريب');
    await expect.element(arabic).toHaveTextContent('السطو: ضمن 200 م لمدة 14 يومًا (12 نطاقًا)');
    await expect.element(arabic).toHaveTextContent('السرقة: ضمن 100 م لمدة 7 أيام (نطاق واحد)');
  });

  it('names only the layers that are on, and the classes a wall shows', async () => {
    renderInBrowser(
      <PatternKey
        layers={{ series: false, hotspots: true, forecast: false }}
        forecastTop={25}
        classes={['new', 'persistent']}
        nearRepeats={NEAR_REPEATS}
      />,
    );
    const key = page.getByTestId('pattern-key');
    await expect.element(key).toHaveTextContent('New hot spot');
    expect(key.element().textContent).not.toContain('Crime series');
    expect(key.element().textContent).not.toContain('Near-repeat');
    expect(key.element().textContent).not.toContain('forecast');
    expect(page.getByTestId('pattern-key-hotspots').getByRole('listitem').elements()).toHaveLength(2);
  });
});
