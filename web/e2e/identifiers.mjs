// Identifier assignment in Debian's chromium against `catalog run` (issue 17, item 3): sign in,
// register an ISRC prefix in Settings (a bad country code refused beside the field first), select
// the tracks in the grid, assign ISRCs, and see on a track page where its ISRC came from.
// Env: CATALOG_URL, E2E_EMAIL, E2E_PASSWORD, E2E_REGISTRANT, E2E_ARTIFACTS (screenshots).
import { join } from 'node:path';

import { launchChromium, requiredEnv, signIn as signInAt, desktopPage } from './browser.mjs';

const env = requiredEnv;
const base = env('CATALOG_URL');
const artifacts = process.env.E2E_ARTIFACTS || 'test-artifacts/web-e2e';
const shot = (page, name) =>
  page.screenshot({ path: join(artifacts, `identifiers-${name}.png`), fullPage: true });
const nav = (page, name) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

async function registerPrefix(page) {
  await nav(page, 'Settings');
  await page.getByLabel('Country code').fill('U5');
  await page.getByLabel('Registrant code').fill(env('E2E_REGISTRANT'));
  await page.getByRole('button', { name: 'Register ISRC prefix' }).click();
  const refused = await page.locator('#isrc-country-error').textContent();
  await shot(page, '0-bad-country');
  await page.getByLabel('Country code').fill('GB');
  await page.getByRole('button', { name: 'Register ISRC prefix' }).click();
  await page.getByRole('cell', { name: `ISRC prefix GB-${env('E2E_REGISTRANT')}` }).waitFor();
  return refused;
}

async function assignToAllTracks(page) {
  await nav(page, 'Catalog');
  const grid = page.getByRole('grid', { name: 'Tracks' });
  await grid.locator('[role=row][aria-rowindex="3"]').waitFor(); // two tracks
  await grid.focus();
  await page.keyboard.press('Control+a');
  await page.getByRole('button', { name: 'Assign ISRCs to 2 selected tracks' }).click();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const status = page.getByRole('status').filter({ hasText: 'Assigned' });
  await status.waitFor();
  await shot(page, '1-assigned');
  return status.textContent();
}

async function originOnTrackPage(page) {
  await page.goto(`${base}/track/?id=${env('E2E_TRACK_ID')}`);
  const origin = page.getByText(/\d{5} assigned from ISRC prefix/);
  await origin.waitFor();
  await shot(page, '2-origin');
  return origin.textContent();
}

const browser = await launchChromium();
const { page, errors } = await desktopPage(browser);
try {
  await signInAt(page, base);
  const refused = await registerPrefix(page);
  const assigned = await assignToAllTracks(page);
  const origin = await originOnTrackPage(page);
  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  console.log(JSON.stringify({ ok: true, refused, assigned, origin }));
} catch (error) {
  await shot(page, 'failure').catch(() => undefined);
  throw error;
} finally {
  await browser.close();
}
