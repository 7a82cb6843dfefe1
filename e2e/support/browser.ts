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

/**
 * Collects what went wrong on a page: uncaught exceptions, console errors, and every HTTP
 * answer of 400 or more (as `http <status> <method> <path>`). Chromium also logs each failed
 * answer as a console error without its address; those lines are left to the HTTP entry.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  // Chromium logs a blocked load but not every CSP refusal (a caught eval probe is silent):
  // the page reports each one itself, so a policy the app breaks fails the test.
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      errors.push(
        `http ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`,
      );
    }
  });
  return errors;
}

/** The one refusal a page makes by design: asking who is signed in before anyone is. */
export const EXPECTED_BEFORE_LOGIN = 'http 401 GET /api/auth/me';

/** The errors other than the expected sign-in probe. */
export function unexpected(errors: readonly string[]): string[] {
  return errors.filter((error) => error !== EXPECTED_BEFORE_LOGIN);
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

/**
 * A named person at their own screen: a browser context of their own (added to `contexts`, for
 * the spec to close), signed in at the room, with the page's errors collected.
 */
export async function signedInPerson(
  browser: Browser,
  contexts: BrowserContext[],
  baseUrl: string,
  account: { username: string; password: string },
  viewport: { width: number; height: number } = VIEWPORTS.laptop,
): Promise<{ page: Page; errors: string[] }> {
  const context = await contextFor(browser, viewport);
  contexts.push(context);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await openRoom(page, baseUrl, account.username, account.password);
  return { page, errors };
}
