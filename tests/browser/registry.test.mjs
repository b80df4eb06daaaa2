// The registry journey in real Chromium: log in, browse and search the registry, record a
// merge through the form, see the successor, log out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, launchChromium, PASSWORD } from './server.mjs';

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

test('office logs in, browses the registry, records a merge, logs out', async () => {
  const page = await browser.newPage();
  await page.goto(server.base + '/');
  await page.getByRole('link', { name: 'Đăng nhập' }).first().click();
  await page.getByLabel('Tên đăng nhập').fill('vanphong');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(server.base + '/');
  assert.match(await page.locator('h1').innerText(), /Tổng quan/);

  // Browse: the tree of current units.
  await page.getByRole('navigation').getByRole('link', { name: 'Đơn vị', exact: true }).click();
  await page.waitForURL(/\/units$/);
  assert.ok(await page.getByRole('link', { name: 'Tỉnh Hà Tĩnh', exact: true }).isVisible());

  // Search without diacritics.
  await page.getByLabel('Tìm theo tên, tên viết tắt, mã').fill('so cong thuong');
  await page.getByRole('button', { name: 'Tìm' }).click();
  const hit = page.locator('table.data a', { hasText: 'Sở Công Thương' }).first();
  await hit.click();
  assert.equal(await page.locator('h1').innerText(), 'Sở Công Thương');
  const oldUrl = page.url();

  // Record a merge of Sở Công Thương and Sở Xây dựng into a new unit.
  await page.getByRole('link', { name: 'Ghi nhận sáp nhập, chia tách, đổi tên' }).click();
  await page.getByLabel('Hợp nhất / sáp nhập').check();
  await page.getByLabel('Ngày hiệu lực').fill('01/11/2026');
  await page.getByLabel('Sở Xây dựng').check();
  await page.getByLabel('Đơn vị mới (chia tách: nhập nhiều dòng)').check();
  await page.getByLabel('Mã đơn vị mới 1').fill('HT-SCTXD');
  await page.getByLabel('Tên đơn vị mới 1').fill('Sở Công Thương và Xây dựng');
  await page.getByLabel('Căn cứ (số, ngày văn bản)').fill('Nghị quyết HĐND tỉnh (thử nghiệm)');
  await page.getByRole('button', { name: 'Ghi nhận' }).click();
  await page.waitForURL(/\/units\/\d+$/);
  assert.equal(await page.locator('h1').innerText(), 'Sở Công Thương và Xây dựng');
  assert.match(await page.locator('.flash').innerText(), /Đã ghi nhận thay đổi tổ chức/);
  assert.match(await page.locator('table.data').innerText(), /01\/11\/2026/);

  // The former unit now points to its successor.
  await page.goto(oldUrl);
  const notice = await page.locator('.notice').innerText();
  assert.match(notice, /đã kết thúc hoạt động sau ngày 31\/10\/2026/);
  assert.match(notice, /Sở Công Thương và Xây dựng/);

  // On a phone-sized screen the page still works without horizontal scrolling.
  await page.setViewportSize({ width: 375, height: 740 });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 390, `page is ${scrollWidth}px wide on a 375px screen`);

  // Log out (on a phone the menu is folded behind its button): back to the login form, and
  // registry pages need a login again.
  await page.getByText('Trình đơn').click();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(/\/login$/);
  await page.goto(server.base + '/units');
  assert.match(page.url(), /\/login\?next=/);
});
