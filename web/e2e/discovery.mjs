// The track page's discovery parts in Debian's chromium against `catalog run` (issue 18): the
// "Sounds like" panel, the genre and mood timeline under the waveform, and the preview clip moved
// with an arrow key and by a drag (each move PATCHes the track). Env: CATALOG_URL, E2E_EMAIL,
// E2E_PASSWORD, E2E_TRACK_ID (an analysed track), E2E_ARTIFACTS (screenshots).
import { join } from 'node:path';

import { launchChromium, requiredEnv, signIn, desktopPage } from './browser.mjs';

const base = requiredEnv('CATALOG_URL');
const trackId = requiredEnv('E2E_TRACK_ID');
const artifacts = process.env.E2E_ARTIFACTS || 'test-artifacts/web-e2e';
const shot = (page, name) =>
  page.screenshot({ path: join(artifacts, `discovery-${name}.png`), fullPage: true });

async function soundsLike(page) {
  const panel = page.getByRole('region', { name: 'Sounds like' });
  const links = panel.getByRole('listitem').getByRole('link');
  await links.nth(1).waitFor();
  const playButtons = await panel.getByRole('button', { name: /^Play / }).count();
  return { similar: await links.allTextContents(), playButtons };
}

async function timeline(page) {
  const figure = page.getByRole('figure', { name: 'Genre and mood along the track' });
  await figure.waitFor();
  const cells = {};
  for (const band of ['Genre', 'Mood']) {
    cells[band] = await figure.getByRole('list', { name: band }).getByRole('listitem').count();
  }
  const waveform = await page.getByRole('img', { name: 'Waveform' }).boundingBox();
  const drawn = await figure.boundingBox();
  return { timelineCells: cells, timelineBelowWaveform: drawn.y >= waveform.y + waveform.height };
}

/** The slider's value once the PATCH that `move` starts has answered. */
async function movePreview(page, slider, move) {
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes(`/tracks/${trackId}`) && r.ok(),
  );
  await move();
  await saved;
  // the next move waits until this one is no longer saving (the page ignores moves meanwhile)
  await page
    .getByRole('button', { name: /^Start preview at/ })
    .and(page.locator(':enabled'))
    .waitFor();
  return Number(await slider.getAttribute('aria-valuenow'));
}

async function preview(page) {
  const slider = page.getByRole('slider', { name: /Preview start/ });
  await slider.waitFor();
  await page
    .getByRole('button', { name: 'Play', exact: true })
    .and(page.locator(':enabled'))
    .waitFor();
  const before = Number(await slider.getAttribute('aria-valuenow'));
  const latest = Number(await slider.getAttribute('aria-valuemax')) - 30;
  const key = before >= 1 ? 'ArrowLeft' : 'ArrowRight';
  const expectedKey = Math.round((before + (key === 'ArrowLeft' ? -1 : 1)) * 10) / 10;
  await slider.focus();
  const afterKey = await movePreview(page, slider, () => page.keyboard.press(key));
  await shot(page, '1-preview-key');
  const box = await slider.boundingBox();
  const lane = await page.getByRole('img', { name: 'Waveform' }).boundingBox();
  const towards = afterKey > latest / 2 ? -1 : 1; // drag a quarter of the track the roomy way
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const afterDrag = await movePreview(page, slider, async () => {
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + (towards * lane.width) / 8, y, { steps: 5 });
    await page.mouse.move(x + (towards * lane.width) / 4, y, { steps: 5 });
    await page.mouse.up();
  });
  await shot(page, '2-preview-dragged');
  return { before, expectedKey, afterKey, afterDrag };
}

const browser = await launchChromium();
const { page, errors } = await desktopPage(browser);
try {
  await signIn(page, base);
  await page.goto(`${base}/track/?id=${trackId}`);
  const similar = await soundsLike(page);
  const drawn = await timeline(page);
  await shot(page, '0-track');
  const moved = await preview(page);
  if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  console.log(JSON.stringify({ ok: true, ...similar, ...drawn, ...moved }));
} catch (error) {
  await shot(page, 'failure').catch(() => undefined);
  throw error;
} finally {
  await browser.close();
}
