// The UI served by `catalog run`, in Debian's chromium: the sign-in page renders and checks its
// form, a signed-out visit to a screen lands on sign-in, an unknown page answers 404.
// Usage: CATALOG_URL=http://127.0.0.1:8080 E2E_ARTIFACTS=dir node e2e/smoke.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium } from './browser.mjs';

const base = process.env.CATALOG_URL;
const artifacts = process.env.E2E_ARTIFACTS || 'test-artifacts/web-e2e';
if (!base) throw new Error('set CATALOG_URL');
mkdirSync(artifacts, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const failures = [];
page.on('pageerror', (error) => failures.push(error.message));
try {
  await page.goto(`${base}/catalog/`);
  await page.waitForURL(/\/sign-in\/\?next=%2Fcatalog%2F/);
  await page.getByRole('heading', { name: 'Sign in to catalog' }).waitFor();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Enter the e-mail address you were invited with').waitFor();
  await page.screenshot({ path: join(artifacts, 'smoke-sign-in.png'), fullPage: true });

  await page.getByLabel('E-mail').fill('nobody@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('form', { name: 'Sign in' }).getByRole('alert');
  await alert.waitFor();
  const refused = await alert.innerText();
  check(refused.length > 0, 'a refused sign-in says why');

  const response = await page.goto(`${base}/no/such/page/`);
  check(response.status() === 404, `an unknown page answers 404, not ${response.status()}`);
  await page.waitForURL(/\/sign-in\//); // signed out: the not-found page too asks to sign in

  await page.setViewportSize({ width: 390, height: 844 }); // a phone
  await page.goto(`${base}/sign-in/`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'smoke-sign-in-phone.png'), fullPage: true });
  check(failures.length === 0, `the page threw: ${failures.join('; ')}`);
  console.log(JSON.stringify({ ok: true, refused }));
} finally {
  await browser.close();
}
