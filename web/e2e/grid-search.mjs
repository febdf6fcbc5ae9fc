// The track grid's search, sort and links in Debian's chromium against `catalog run` (issue 17):
// search a track by its ISRC typed with hyphens, sort by BPM with a header click, open the track
// with the mouse through its title, come back with the browser's back button and find the same
// search and sort. Env: CATALOG_URL, E2E_EMAIL, E2E_PASSWORD, E2E_ARTIFACTS (screenshots).
import { join } from 'node:path';

import { launchChromium, requiredEnv, signIn as signInAt, desktopPage } from './browser.mjs';

const base = requiredEnv('CATALOG_URL');
const artifacts = process.env.E2E_ARTIFACTS || 'test-artifacts/web-e2e';
const shot = (page, name) =>
  page.screenshot({ path: join(artifacts, `grid-search-${name}.png`), fullPage: true });

async function rowTitles(grid) {
  return grid.locator('[role=row][aria-rowindex] [data-column="title"]').allTextContents();
}

const browser = await launchChromium();
const { page, errors } = await desktopPage(browser);
try {
  await signInAt(page, base);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Catalog' })
    .click();
  const grid = page.getByRole('grid', { name: 'Tracks' });
  await grid.locator('[role=row][aria-rowindex="4"]').waitFor(); // three tracks

  const bpm = grid.getByRole('columnheader', { name: /BPM/ });
  await bpm.getByRole('button').click();
  await bpm.getByRole('button').click(); // descending
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === '-bpm');
  await grid.locator('[role=row][aria-rowindex="4"]').waitFor();
  const sorted = await rowTitles(grid);

  await page.getByRole('searchbox', { name: 'Search title, artist, ISRC' }).fill('us-rc1-76-07839');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') !== null);
  await grid.locator('[role=row][aria-rowindex="3"]').waitFor({ state: 'detached' });
  await grid.getByRole('link', { name: 'Move Ya Body' }).waitFor(); // the search's one row
  const found = await rowTitles(grid);
  const release = await grid.getByRole('link', { name: 'Night Drive EP' }).getAttribute('href');
  await shot(page, '0-found');

  await grid.getByRole('link', { name: 'Move Ya Body' }).click();
  await page.waitForURL(/\/track\/\?id=/);
  const trackUrl = page.url();
  await page.goBack();
  await grid.locator('[role=row][aria-rowindex="2"]').waitFor();
  const back = {
    url: page.url(),
    search: await page.getByRole('searchbox', { name: 'Search title, artist, ISRC' }).inputValue(),
    sort: await grid.getByRole('columnheader', { name: /BPM/ }).getAttribute('aria-sort'),
    titles: await rowTitles(grid),
  };
  await shot(page, '1-back');
  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  console.log(JSON.stringify({ ok: true, sorted, found, release, trackUrl, back }));
} catch (error) {
  await shot(page, 'failure').catch(() => undefined);
  throw error;
} finally {
  await browser.close();
}
