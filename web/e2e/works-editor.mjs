// The works editor in Debian's chromium against `catalog run` (issue 17 part 2): sign in, open
// Works, make a work with a writer and a publisher, see a bad IPI and a 90 % performance total
// refused beside their fields, fix both and save, link a recording from the work page. Env:
// CATALOG_URL, E2E_EMAIL, E2E_PASSWORD, E2E_TRACK_TITLE (a track made through the API),
// E2E_ARTIFACTS (screenshots).
import { join } from 'node:path';

import { launchChromium, requiredEnv, signIn, desktopPage } from './browser.mjs';

const base = requiredEnv('CATALOG_URL');
const artifacts = process.env.E2E_ARTIFACTS || 'test-artifacts/web-e2e';
const shot = (page, name) =>
  page.screenshot({ path: join(artifacts, `works-${name}.png`), fullPage: true });
const box = (page, name) => page.getByRole('textbox', { name, exact: true });

async function fillWork(page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Works' }).click();
  await page.getByRole('link', { name: 'New work' }).click();
  await box(page, 'Work title').fill('Harbour Lights');
  await box(page, 'ISWC').fill('T-034.524.680-1');
  await page.getByRole('button', { name: 'Add writer' }).click();
  await page.getByRole('button', { name: 'Add publisher' }).click();
  await box(page, 'Name of writer 1').fill('Ada Writer');
  await box(page, 'IPI name number of writer 1').fill('00000000198');
  await page
    .getByRole('combobox', { name: 'Role of writer 1' })
    .selectOption({ label: 'Composer' });
  await box(page, 'Performance share of writer 1').fill('50');
  await box(page, 'Name of publisher 1').fill('Example Publishing');
  await box(page, 'IPI name number of publisher 1').fill('09000000020');
  await box(page, 'Performance share of publisher 1').fill('40');
  await box(page, 'Mechanical share of publisher 1').fill('100');
  await box(page, 'Sync share of publisher 1').fill('100');
  await page
    .getByRole('combobox', { name: 'Publisher of writer 1' })
    .selectOption({ label: 'Example Publishing' });
}

async function refusedThenSaved(page) {
  await page.getByRole('button', { name: 'Create work' }).click();
  const ipiError = await page
    .locator(
      '#' + (await box(page, 'IPI name number of writer 1').getAttribute('aria-describedby')),
    )
    .innerText();
  const total = await page.getByRole('status', { name: 'Performance total' }).innerText();
  const totalError = await page.getByRole('alert').first().innerText();
  await shot(page, '1-refused');
  await box(page, 'IPI name number of writer 1').fill('00000000199');
  await box(page, 'Performance share of publisher 1').fill('50');
  await page.getByRole('button', { name: 'Create work' }).click();
  await page.waitForURL(/\/work\/\?id=/);
  await page.getByRole('heading', { level: 1, name: 'Harbour Lights' }).waitFor();
  await shot(page, '2-saved');
  return { ipiError, total, totalError, workId: new URL(page.url()).searchParams.get('id') };
}

async function linkRecording(page) {
  const title = requiredEnv('E2E_TRACK_TITLE');
  await page.getByLabel('Find a recording to link').fill(title.slice(0, 8));
  await page.getByRole('button', { name: `Link ${title}` }).click();
  const linked = page.getByRole('region', { name: 'Recordings of this work' });
  await linked.getByRole('link', { name: title }).waitFor();
  await shot(page, '3-linked');
  return linked.getByRole('link', { name: title }).innerText();
}

const browser = await launchChromium();
const { page, errors } = await desktopPage(browser);
try {
  await signIn(page, base);
  await fillWork(page);
  const saved = await refusedThenSaved(page);
  const linked = await linkRecording(page);
  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  console.log(JSON.stringify({ ok: true, ...saved, linked }));
} catch (error) {
  await shot(page, 'failure').catch(() => undefined);
  throw error;
} finally {
  await browser.close();
}
