// The whole flow a label user goes through, in Debian's chromium against `catalog run`: sign in,
// drop two audio files and a non-audio one, watch the audio reach "analysed" while the other shows
// its error beside it, bulk-edit the genre of both tracks, export CSV and read the downloaded file.
// Env: CATALOG_URL, E2E_EMAIL, E2E_PASSWORD, E2E_AUDIO (two paths, comma-separated), E2E_BAD (a
// non-audio file), E2E_GENRE, E2E_ARTIFACTS (screenshots), E2E_ANALYSIS_TIMEOUT_S.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { launchChromium, requiredEnv, signIn as signInAt, desktopPage } from './browser.mjs';

const env = requiredEnv;
const base = env('CATALOG_URL');
const artifacts = process.env.E2E_ARTIFACTS || 'test-artifacts/web-e2e';
const audio = env('E2E_AUDIO').split(',');
const bad = env('E2E_BAD');
const genre = env('E2E_GENRE');
const analysisTimeoutMs = Number(process.env.E2E_ANALYSIS_TIMEOUT_S || 300) * 1000;
const awaitedState = process.env.E2E_UPLOAD_STATE || 'analysed'; // 'queued': stop before the analysis
const shot = (page, name) =>
  page.screenshot({ path: join(artifacts, `flow-${name}.png`), fullPage: true });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Drop files on the drop zone as a drag from the desktop would. */
async function dropFiles(page, paths) {
  const files = paths.map((path) => ({
    name: basename(path),
    data: readFileSync(path).toString('base64'),
  }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], item.name));
    }
    return dt;
  }, files);
  const zone = page.getByTestId('drop-zone');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

async function signIn(page) {
  await signInAt(page, base);
  await shot(page, '1-signed-in');
}

async function uploadAndWait(page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Upload' })
    .click();
  await dropFiles(page, [...audio, bad]);
  const badRow = page.getByRole('listitem', { name: basename(bad) });
  // refused when asked for an upload URL, or by the ingest after the transfer: either way beside it
  await badRow
    .locator('[data-state="failed"], [role="alert"]')
    .first()
    .waitFor({ timeout: 120_000 });
  const badError = (await badRow.innerText()).trim();
  await shot(page, '2-uploading');
  for (const path of audio) {
    const row = page.getByRole('listitem', { name: basename(path) });
    await row.locator(`[data-state="${awaitedState}"]`).waitFor({ timeout: analysisTimeoutMs });
  }
  await shot(page, '3-analysed');
  return badError;
}

async function bulkEditGenre(page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Catalog' })
    .click();
  const grid = page.getByRole('grid', { name: 'Tracks' });
  await grid.locator('[role=row][aria-rowindex="3"]').waitFor(); // two tracks
  await grid.focus();
  await page.keyboard.press('Control+a');
  await page.getByRole('heading', { name: 'Bulk edit 2 tracks' }).waitFor();
  await page.getByLabel('Field', { exact: true }).selectOption('genre');
  await page.getByLabel('New value', { exact: true }).fill(genre);
  await page.getByRole('button', { name: 'Set for all' }).click();
  await page.getByRole('status').filter({ hasText: 'Set genre of 2 tracks' }).first().waitFor();
  await grid.locator('[data-column="genre"]', { hasText: genre }).nth(1).waitFor();
  await shot(page, '4-bulk-edited');
}

async function exportCsv(page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Imports & exports' })
    .click();
  await page.getByLabel('Format', { exact: true }).selectOption('csv');
  await page.getByRole('button', { name: 'Export the catalog' }).click();
  const link = page.getByRole('link', { name: /^Download/ }).first();
  await link.waitFor({ timeout: 120_000 });
  await shot(page, '5-exported');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = join(artifacts, 'export.csv');
  await download.saveAs(path);
  return readFileSync(path, 'utf8');
}

const browser = await launchChromium();
const { page, errors } = await desktopPage(browser, { downloads: true });
try {
  await signIn(page);
  const badError = await uploadAndWait(page);
  await bulkEditGenre(page);
  const csv = await exportCsv(page);
  const lines = csv.trim().split(/\r?\n/);
  const withGenre = lines.filter((line) => line.includes(genre));
  check(
    withGenre.length === 2,
    `the export has ${withGenre.length} rows with the new genre, not 2:\n${csv}`,
  );
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  console.log(
    JSON.stringify({ ok: true, bad_error: badError, csv_lines: lines.length, header: lines[0] }),
  );
} catch (error) {
  await shot(page, 'failure').catch(() => undefined);
  throw error;
} finally {
  await browser.close();
}
