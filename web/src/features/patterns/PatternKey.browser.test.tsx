import { HOTSPOT_CLASSES } from '@mirsad/shared';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { renderInBrowser } from '../../test/render.js';
import { HOTSPOT_COLORS } from './palette.js';
import { PatternKey } from './PatternKey.js';

const ALL_ON = { series: true, hotspots: true, forecast: true } as const;

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

  it('names only the layers that are on, and the classes a wall shows', async () => {
    renderInBrowser(
      <PatternKey
        layers={{ series: false, hotspots: true, forecast: false }}
        forecastTop={25}
        classes={['new', 'persistent']}
      />,
    );
    const key = page.getByTestId('pattern-key');
    await expect.element(key).toHaveTextContent('New hot spot');
    expect(key.element().textContent).not.toContain('Crime series');
    expect(key.element().textContent).not.toContain('forecast');
    expect(page.getByTestId('pattern-key-hotspots').getByRole('listitem').elements()).toHaveLength(2);
  });
});
