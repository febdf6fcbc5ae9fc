// Benchmark of the catalog grid with 100k tracks in Chromium: time to first render, scroll frame
// times with every row loaded, and the JavaScript a first load downloads. The static export is
// served from web/out and the API answered from memory (page.route), so only the UI is measured.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { launchChromium } from '../e2e/browser.mjs';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'out');
const ORIGIN = 'http://catalog.bench';
const TOTAL = Number(process.env.BENCH_TRACKS || 100_000);
const GENRES = ['House', 'Techno', 'Ambient', 'Jazz', 'Pop', 'Rock', 'Hip-Hop', 'Classical'];
const KEYS = ['A minor', 'C major', 'F# minor', 'Eb major', 'G major', 'B minor'];

function track(i) {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    title: `Track ${i} ${['Night Drive', 'Morning', 'Echoes', 'Lights'][i % 4]}`,
    display_artist: `Artist ${i % 997}`,
    isrc: i % 13 === 0 ? null : `USRC1${String(i).padStart(7, '0')}`,
    genre: GENRES[i % GENRES.length],
    moods: ['calm', 'dark'].slice(0, i % 3),
    bpm: 80 + (i % 100),
    key: KEYS[i % KEYS.length],
    duration_ms: 120_000 + (i % 240) * 1000,
    status: 'draft',
    version: 1,
    contributors: [],
    provenance: { bpm: { source: 'ai', confidence: (i % 100) / 100, model: 'essentia' } },
  };
}

function staticFile(pathname) {
  const page = pathname.replace(/^\/+|\/+$/g, '');
  for (const candidate of page ? [page, `${page}/index.html`, `${page}.html`] : ['index.html']) {
    const file = join(OUT, candidate);
    try {
      if (statSync(file).isFile()) return file;
    } catch {}
  }
  return null;
}

const TYPES = {
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.txt': 'text/plain',
};

async function serve(page, served) {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/v1/tracks') {
      const limit = Number(url.searchParams.get('limit') || 500);
      const offset = Number(url.searchParams.get('cursor') || 0);
      const end = Math.min(TOTAL, offset + limit);
      const items = [];
      for (let i = offset; i < end; i++) items.push(track(i));
      const body = { items, next_cursor: end < TOTAL ? String(end) : null, total: TOTAL };
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(body),
      });
    }
    if (url.pathname.startsWith('/api/'))
      return route.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[]}' });
    const file = staticFile(url.pathname);
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    const body = readFileSync(file);
    served.push({ path: url.pathname, bytes: body.length, gzip: gzipSync(body).length });
    const ext = file.slice(file.lastIndexOf('.'));
    return route.fulfill({
      status: 200,
      contentType: TYPES[ext] || 'application/octet-stream',
      body,
    });
  });
}

async function signedInPage(browser, served) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => {
    const session = {
      accessToken: 'bench',
      refreshToken: null,
      expiresAt: Date.now() + 3_600_000,
      email: 'bench@example.com',
      role: 'label',
    };
    window.sessionStorage.setItem('catalog.session', JSON.stringify(session));
  });
  const page = await context.newPage();
  await serve(page, served);
  return page;
}

async function timeToFirstRender(browser) {
  const served = [];
  const page = await signedInPage(browser, served);
  await page.goto(`${ORIGIN}/catalog/`);
  await page.waitForSelector('[role=grid] [role=row][aria-rowindex="2"]');
  const ms = await page.evaluate(() => performance.now());
  const atFirstRender = served.filter((file) => file.path.endsWith('.js'));
  await page.waitForLoadState('networkidle'); // anything fetched after the first paint
  const all = served.filter((file) => file.path.endsWith('.js'));
  await page.context().close();
  const sum = (files, key) => files.reduce((total, file) => total + file[key], 0);
  const part = (files) => ({
    files: files.length,
    bytes: sum(files, 'bytes'),
    gzip: sum(files, 'gzip'),
  });
  return { ms, first: part(atFirstRender), all: part(all) };
}

async function loadEveryRow(page) {
  const started = Date.now();
  for (;;) {
    const loaded = await page.evaluate(() => {
      const grid = document.querySelector('[role=grid]');
      if (!grid)
        throw new Error(
          `the grid is gone: ${location.href} ${document.body.innerText.slice(0, 300)}`,
        );
      grid.scrollTop = grid.scrollHeight;
      return Number(
        /([\d,]+) rows loaded/.exec(document.body.innerText)?.[1].replace(/,/g, '') || 0,
      );
    });
    if (loaded >= TOTAL) return Date.now() - started;
    await page.waitForTimeout(50);
  }
}

async function scrollFrames(page, mode) {
  return page.evaluate(async (mode) => {
    const grid = document.querySelector('[role=grid]');
    grid.scrollTop = 0;
    const frames = [];
    let last = await new Promise((r) => requestAnimationFrame(r));
    for (let i = 0; i < 300; i++) {
      if (mode === 'smooth')
        grid.scrollTop += 360; // ~10 rows a frame, a fast wheel
      else grid.scrollTop = Math.floor(Math.random() * grid.scrollHeight); // scrollbar jumps
      const now = await new Promise((r) => requestAnimationFrame(r));
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    const pick = (q) => frames[Math.min(frames.length - 1, Math.ceil(q * frames.length) - 1)];
    return {
      mean: frames.reduce((s, f) => s + f, 0) / frames.length,
      p50: pick(0.5),
      p95: pick(0.95),
      max: frames[frames.length - 1],
      dropped: frames.filter((f) => f > 25).length,
    };
  }, mode);
}

const browser = await launchChromium();
try {
  const first = [];
  for (let run = 0; run < 3; run++) first.push(await timeToFirstRender(browser));
  const page = await signedInPage(browser, []);
  await page.goto(`${ORIGIN}/catalog/`);
  await page.waitForSelector('[role=grid] [role=row][aria-rowindex="2"]');
  const loadMs = await loadEveryRow(page);
  await page.waitForTimeout(2000); // let the last page's work and garbage collection settle
  const rowsInDom = await page.evaluate(
    () => document.querySelectorAll('[role=grid] [role=row]').length,
  );
  const smooth = await scrollFrames(page, 'smooth');
  const jumps = await scrollFrames(page, 'jumps');
  const fmt = (n) => n.toFixed(1);
  const median = first.map((r) => r.ms).sort((a, b) => a - b)[1];
  console.log(
    `grid benchmark: ${TOTAL.toLocaleString('en')} tracks, Chromium ${browser.version()}`,
  );
  console.log(`| measure | result |`);
  console.log(`|---|---|`);
  console.log(
    `| time to first render (navigation start to first row, median of 3) | ${fmt(median)} ms |`,
  );
  const kib = (n) => (n / 1024).toFixed(0);
  const js = (part) => `${part.files} files, ${kib(part.bytes)} KiB (${kib(part.gzip)} KiB gzip)`;
  console.log(
    `| JavaScript of a first load of /catalog/ (until the first row shows) | ${js(first[0].first)} |`,
  );
  console.log(`| JavaScript once the page is idle | ${js(first[0].all)} |`);
  console.log(
    `| loading all ${TOTAL.toLocaleString('en')} rows page by page (500 a page) | ${(loadMs / 1000).toFixed(1)} s |`,
  );
  console.log(`| rows in the DOM with ${TOTAL.toLocaleString('en')} loaded | ${rowsInDom} |`);
  console.log(
    `| scroll frame time, fast wheel (300 frames) | mean ${fmt(smooth.mean)} ms, p95 ${fmt(smooth.p95)} ms, max ${fmt(smooth.max)} ms, ${smooth.dropped} frames over 25 ms |`,
  );
  console.log(
    `| scroll frame time, scrollbar jumps (300 frames) | mean ${fmt(jumps.mean)} ms, p95 ${fmt(jumps.p95)} ms, max ${fmt(jumps.max)} ms, ${jumps.dropped} frames over 25 ms |`,
  );
} finally {
  await browser.close();
}
