// Debian's chromium driven by playwright-core (`npx playwright install` cannot work here).
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (make install does, from scripts/system-packages.txt)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** An environment variable the script cannot run without. */
export function requiredEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

/** Sign in at `base` with E2E_EMAIL / E2E_PASSWORD and wait for the main navigation. */
export async function signIn(page, base) {
  await page.goto(`${base}/sign-in/`);
  await page.getByLabel('E-mail').fill(requiredEnv('E2E_EMAIL'));
  await page.getByLabel('Password').fill(requiredEnv('E2E_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** A desktop-sized page and the errors it throws (a script fails if any were thrown). */
export async function desktopPage(browser, { downloads = false } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: downloads,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}
