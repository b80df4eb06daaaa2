// The API token journey in real Chromium: a unit's focal point creates a token on the account
// page, sees it once, uses it from a script (the page's own fetch, bearer only), revokes it,
// and the API refuses it at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, launchChromium, login } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchChromium(chromium);
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a focal point creates, uses and revokes an API token', async () => {
  const page = await login(browser, server.base, 'taichinh');
  await page.getByRole('link', { name: 'Mã truy cập API' }).click();
  await page.waitForURL(/\/account\/tokens$/);
  await page.getByLabel('Tên (để nhận ra phần mềm dùng mã)').fill('Đồng bộ phần mềm văn bản');
  await page.getByLabel('Kế hoạch và nhiệm vụ: Đọc').check();
  await page.getByRole('button', { name: 'Tạo mã truy cập' }).click();
  const secret = (await page.locator('code.secret').innerText()).trim();
  assert.match(secret, /^cchc_[0-9a-f]{64}$/);

  // Shown once: reloading the page lists the token without it.
  await page.goto(server.base + '/account/tokens');
  const html = await page.content();
  assert.ok(html.includes('Đồng bộ phần mềm văn bản'));
  assert.ok(!html.includes(secret));

  // A script with the token (no cookie) reads the unit's tasks.
  const call = (path) =>
    page.evaluate(async ([p, t]) => {
      const r = await fetch(p, { headers: { Authorization: 'Bearer ' + t, 'Accept-Language': 'vi' }, credentials: 'omit' });
      return { status: r.status, body: await r.json() };
    }, [path, secret]);
  const ok = await call('/api/v1/tasks?limit=5');
  assert.equal(ok.status, 200);
  assert.ok(Array.isArray(ok.body.items));

  // Revoked on the page: refused at once, with the reason.
  await page.getByRole('button', { name: 'Thu hồi' }).first().click();
  await page.waitForURL(/\/account\/tokens$/);
  assert.ok((await page.content()).includes('Đã thu hồi'));
  const refused = await call('/api/v1/tasks');
  assert.equal(refused.status, 401);
  assert.match(refused.body.detail, /thu hồi/);

  // The documentation page lists the routes.
  await page.goto(server.base + '/api/docs');
  assert.ok((await page.content()).includes('/api/v1/dossiers'));
});
