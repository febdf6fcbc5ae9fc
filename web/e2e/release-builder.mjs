// Building a release in Debian's chromium against `catalog run` (issue 17): sign in, select the
// three tracks in the grid, create a release from them, move the last track up with the keyboard
// button, see a bad UPC refused beside the field and a good one saved, add a worldwide streaming
// deal, upload a cover and see it. Env: CATALOG_URL, E2E_EMAIL, E2E_PASSWORD, E2E_COVER (a PNG),
// E2E_ARTIFACTS (screenshots).
import { join } from 'node:path';

import { launchChromium, requiredEnv, signIn as signInAt, desktopPage } from './browser.mjs';

const env = requiredEnv;
const base = env('CATALOG_URL');
const artifacts = process.env.E2E_ARTIFACTS || 'test-artifacts/web-e2e';
const shot = (page, name) =>
  page.screenshot({ path: join(artifacts, `release-${name}.png`), fullPage: true });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** A refused grid edit's message must be seen: on top of the row below it, not under it. */
async function gridErrorIsOnTop(page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Catalog' })
    .click();
  const grid = page.getByRole('grid', { name: 'Tracks' });
  await grid.locator('[role=row][aria-rowindex="4"]').waitFor();
  await grid.locator('[role=row][aria-rowindex="2"] [data-column="isrc"]').dblclick();
  await page.keyboard.type('USRC1');
  await page.keyboard.press('Enter');
  const alert = grid.getByRole('alert');
  await alert.waitFor();
  const box = await alert.boundingBox();
  const onTop = await page.evaluate(
    ({ x, y }) => Boolean(document.elementFromPoint(x, y)?.closest('[role=alert]')),
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
  await shot(page, '0-grid-error');
  await page.keyboard.press('Escape');
  return onTop;
}

async function createReleaseFromGrid(page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Catalog' })
    .click();
  const grid = page.getByRole('grid', { name: 'Tracks' });
  await grid.locator('[role=row][aria-rowindex="4"]').waitFor(); // three tracks
  await grid.focus();
  await page.keyboard.press('Control+a');
  await page.getByRole('button', { name: 'Create release from 3 selected tracks' }).click();
  await page.getByLabel('Release title').fill('Night Drive EP');
  await page.getByLabel('Type', { exact: true }).selectOption('EP');
  await shot(page, '1-create');
  await page.getByRole('button', { name: 'Create release', exact: true }).click();
  await page.getByRole('heading', { name: 'Night Drive EP' }).waitFor();
}

async function titlesInOrder(page) {
  const rows = page.getByRole('region', { name: 'Tracklist' }).locator('tbody tr');
  await rows.first().waitFor();
  return (await rows.allInnerTexts()).map((text) => text.split('\t')[2]?.trim() ?? text);
}

async function moveLastTrackUp(page) {
  const before = await titlesInOrder(page);
  const last = before.at(-1);
  const up = page.getByRole('button', { name: `Move ${last} up` });
  await up.focus();
  await page.keyboard.press('Enter');
  await page
    .getByRole('button', { name: `Edit Track number of ${last}: ${before.length - 1}` })
    .waitFor();
  return { before, after: await titlesInOrder(page) };
}

async function setUpc(page) {
  await page.getByRole('button', { name: /^Edit UPC\/EAN:/ }).click();
  await page.getByRole('textbox', { name: 'UPC/EAN' }).fill('036000291453');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const refused = (await page.getByRole('alert').first().innerText()).trim();
  await shot(page, '2-bad-upc');
  await page.getByRole('textbox', { name: 'UPC/EAN' }).fill('036000291452');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Edit UPC/EAN: 036000291452' }).waitFor();
  return refused;
}

async function addStreamingDeal(page) {
  await page.getByRole('checkbox', { name: 'Streaming, subscription (premium)' }).check();
  await page.getByLabel('From', { exact: true }).fill('2025-03-07');
  await page.getByRole('button', { name: 'Add deal' }).click();
  await page
    .getByRole('list', { name: 'Deals' })
    .getByText('Streaming, subscription (premium)')
    .waitFor();
  await shot(page, '3-built');
}

/** A new cover picked, checked, saved and shown (its signed URL from the local store). */
async function uploadCover(page) {
  await page.getByLabel('New front cover').setInputFiles(env('E2E_COVER'));
  await page.getByText('The new cover does not meet the spec: stores will refuse it.').waitFor();
  await page.getByRole('button', { name: 'Save as the front cover' }).click();
  const cover = page.getByRole('img', { name: 'Front cover' });
  await cover.waitFor();
  await page.waitForFunction(
    () => document.querySelector('img[alt="Front cover"]')?.complete === true,
  );
  return cover.evaluate((image) => image.naturalWidth);
}

/** Deliver: refused before anything is queued, its blocking findings listed as links (the tracks
 * made through the API have no audio, the cover is 600 px). */
async function deliverRefused(page) {
  await page.getByRole('button', { name: 'Deliver', exact: true }).click();
  const why = page.getByRole('list', { name: 'Why it cannot be delivered' });
  await why.waitFor();
  await shot(page, '4b-deliver-refused');
  return {
    findings: await why.locator('li').allInnerTexts(),
    links: await why.getByRole('link').count(),
  };
}

/** The release and track pages at phone width: nothing wider than the screen. */
async function phoneWidth(page) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await page.getByRole('region', { name: 'Tracklist' }).locator('tbody tr').first().waitFor();
  await shot(page, '5-phone');
  const release = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.goto(`${base}/track/?id=${env('E2E_TRACK_ID')}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await shot(page, '6-phone-track');
  const track = await page.evaluate(() => document.documentElement.scrollWidth);
  return { release, track };
}

const browser = await launchChromium();
const { page, errors } = await desktopPage(browser);
try {
  await signInAt(page, base);
  const gridErrorOnTop = await gridErrorIsOnTop(page);
  await createReleaseFromGrid(page);
  const { before, after } = await moveLastTrackUp(page);
  const refused = await setUpc(page);
  await addStreamingDeal(page);
  const coverWidth = await uploadCover(page);
  await shot(page, '4-cover');
  const delivery = await deliverRefused(page);
  const phoneScrollWidth = await phoneWidth(page);
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  const outcome = {
    ok: true,
    before,
    after,
    refused,
    gridErrorOnTop,
    coverWidth,
    delivery,
    phoneScrollWidth,
  };
  console.log(JSON.stringify(outcome));
} catch (error) {
  await shot(page, 'failure').catch(() => undefined);
  throw error;
} finally {
  await browser.close();
}
