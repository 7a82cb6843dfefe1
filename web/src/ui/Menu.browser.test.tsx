import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { renderInBrowser } from '../test/render.js';
import { Menu } from './Menu.js';

function Page() {
  return (
    <>
      <p data-testid="elsewhere">The map</p>
      <Menu className="m" buttonClassName="b" buttonTestId="open" panelClassName="p" button="Exercises">
        <a href="#one" data-testid="first-link">
          Rain drill
        </a>
      </Menu>
    </>
  );
}

describe('a menu of the kit', () => {
  it('opens its panel from the button and tells assistive technology so', async () => {
    renderInBrowser(<Page />);
    const button = page.getByTestId('open');
    await expect.element(button).toHaveAttribute('aria-expanded', 'false');
    expect(page.getByTestId('first-link').elements()).toHaveLength(0);
    await button.click();
    await expect.element(button).toHaveAttribute('aria-expanded', 'true');
    const panelId = button.element().getAttribute('aria-controls') ?? '';
    expect(document.getElementById(panelId)?.contains(page.getByTestId('first-link').element())).toBe(true);
    await button.click();
    await expect.element(button).toHaveAttribute('aria-expanded', 'false');
  });

  it('closes on Escape and gives the focus back to its button', async () => {
    renderInBrowser(<Page />);
    await page.getByTestId('open').click();
    (page.getByTestId('first-link').element() as HTMLElement).focus();
    await userEvent.keyboard('{Escape}');
    await expect.element(page.getByTestId('open')).toHaveAttribute('aria-expanded', 'false');
    expect(document.activeElement).toBe(page.getByTestId('open').element());
  });

  it('closes when the person clicks elsewhere, and stays open for a click inside', async () => {
    renderInBrowser(<Page />);
    await page.getByTestId('open').click();
    (page.getByTestId('first-link').element() as HTMLElement).dispatchEvent(
      new PointerEvent('pointerdown', { bubbles: true }),
    );
    await expect.element(page.getByTestId('open')).toHaveAttribute('aria-expanded', 'true');
    await page.getByTestId('elsewhere').click();
    await expect.element(page.getByTestId('open')).toHaveAttribute('aria-expanded', 'false');
  });
});
