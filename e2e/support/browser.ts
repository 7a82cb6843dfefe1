// Debian's Chromium driven by playwright-core. Never `npx playwright install`: it downloads a browser.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go (git-ignored): look at them after a run. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots', import.meta.url));

/** The screen sizes Mirsad is laid out for. */
export const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  wall: { width: 1920, height: 1080 },
} as const;

/** Launches headless Chromium with software WebGL, so MapLibre draws without a GPU. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No --disable-gpu: MapLibre needs WebGL, which SwiftShader provides in software.
    args: [
      '--no-sandbox',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A separate browser context for one named person, so cookies and storage never mix. */
export async function contextFor(
  browser: Browser,
  viewport: { width: number; height: number } = VIEWPORTS.laptop,
): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Asia/Kuwait' });
}

/** Saves a full-page screenshot under e2e/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Collects the page's console errors and uncaught exceptions, for a test to assert none happened. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * Opens the room as a person would: the login screen when the context has no session (filled
 * in and sent), then waits for the room to go live.
 */
export async function openRoom(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  query = 'lang=en',
): Promise<void> {
  await page.goto(`${baseUrl}/?${query}`);
  const loginForm = page.getByTestId('login-form');
  const live = page.getByTestId('connection-state').and(page.locator('[data-state="live"]'));
  await loginForm.or(live).first().waitFor({ timeout: 20_000 });
  if (await loginForm.isVisible()) {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }
  await live.waitFor({ timeout: 20_000 });
}
