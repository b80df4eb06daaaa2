// SIPAS and the public site in real Chromium at phone width (390 px): a citizen opens the
// survey link of a unit (as from a QR code at the counter), answers, sends, and lands on the
// thank-you page; the office publishes the results and a visitor reads them on the public site.
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

/** Answers every question: the satisfied answer on scales, the first option elsewhere;
 * `trips` goes into the number question so two phones send different answers. */
async function fillAll(page, trips) {
  for (const q of await page.locator('.question').all()) {
    const satisfied = q.getByLabel('Hài lòng', { exact: true });
    if (await satisfied.count()) { await satisfied.check(); continue; }
    const radio = q.locator('input[type="radio"]').first();
    if (await radio.count()) { await radio.check(); continue; }
    const box = q.locator('input[type="checkbox"]').first();
    if (await box.count()) { await box.check(); continue; }
    const text = q.locator('input:not([type]), input[inputmode], textarea').first();
    if (await text.count()) await text.fill(await text.getAttribute('inputmode') === 'numeric' ? String(trips) : 'Phục vụ tốt');
  }
}

async function phone() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

test('a citizen answers the survey on a phone; the public site shows the published results', async () => {
  const office = await (await browser.newContext()).newPage();
  await office.goto(server.base + '/login');
  await office.getByLabel('Tên đăng nhập').fill('vanphong');
  await office.getByLabel('Mật khẩu').fill(PASSWORD);
  await office.getByRole('button', { name: 'Đăng nhập' }).click();
  await office.waitForURL(server.base + '/');
  await office.goto(server.base + '/sipas');
  await office.getByRole('link', { name: /Khảo sát sự hài lòng năm/ }).first().click();
  const campaignUrl = office.url();
  const link = await office.locator('tr', { hasText: 'Sở Tài chính' }).locator('a[href^="/khao-sat/"]').getAttribute('href');

  const citizen = await phone();
  await citizen.goto(server.base + link);
  assert.match(await citizen.locator('h1').innerText(), /Phiếu khảo sát sự hài lòng/);
  assert.equal(await citizen.getByRole('link', { name: 'Đăng xuất' }).count(), 0, 'no login');
  // Every question: the satisfied answer on scales, the first option elsewhere.
  for (const q of await citizen.locator('.question').all()) {
    const satisfied = q.getByLabel('Hài lòng', { exact: true });
    if (await satisfied.count()) { await satisfied.check(); continue; }
    const radio = q.locator('input[type="radio"]').first();
    if (await radio.count()) { await radio.check(); continue; }
    const box = q.locator('input[type="checkbox"]').first();
    if (await box.count()) { await box.check(); continue; }
    const text = q.locator('input:not([type]), input[inputmode], textarea').first();
    if (await text.count()) await text.fill(await text.getAttribute('inputmode') === 'numeric' ? '30' : 'Phục vụ tốt');
  }
  const width = await citizen.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 400, `no sideways scrolling on a phone (${width}px)`);
  await citizen.getByRole('button', { name: 'Gửi phiếu' }).click();
  await citizen.waitForURL(server.base + '/khao-sat/cam-on');
  assert.match(await citizen.locator('h1').innerText(), /Cảm ơn/);

  // The office publishes the campaign's results; a visitor reads them, on a phone too.
  await office.goto(server.base + '/publish');
  await office.getByRole('button', { name: 'Công khai kết quả khảo sát' }).click();
  await office.waitForURL(server.base + '/publish');
  const visitor = await phone();
  await visitor.goto(server.base + '/cong-khai');
  await visitor.getByRole('link', { name: /Kết quả Khảo sát sự hài lòng/ }).click();
  const table = visitor.locator('table.data');
  assert.match(await table.innerText(), /Sở Tài chính/);
  assert.ok(await visitor.getByRole('link', { name: 'CSV' }).isVisible());
  assert.ok(campaignUrl.includes('/sipas/campaigns/'));
});

test('a printed one-time slip opens the form on a phone once; the second use is refused', async () => {
  const office = await (await browser.newContext()).newPage();
  await office.goto(server.base + '/login');
  await office.getByLabel('Tên đăng nhập').fill('vanphong');
  await office.getByLabel('Mật khẩu').fill(PASSWORD);
  await office.getByRole('button', { name: 'Đăng nhập' }).click();
  await office.waitForURL(server.base + '/');
  await office.goto(server.base + '/sipas');
  await office.getByRole('link', { name: /Khảo sát sự hài lòng năm/ }).first().click();
  await office.getByRole('link', { name: 'In áp phích QR và phiếu mã dùng một lần' }).click();
  const poster = office.locator('tr', { hasText: 'Sở Tài chính' }).getByRole('link', { name: 'In áp phích' });
  assert.ok(await poster.isVisible());
  await office.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Sở Tài chính' });
  await office.getByLabel(/Số mã/).fill('2');
  await office.getByRole('button', { name: 'Tạo và in mã' }).click();
  const slips = office.locator('section.slip');
  assert.equal(await slips.count(), 2);
  assert.equal(await slips.first().locator('svg').count(), 1, 'a QR code on the slip');
  const code = (await slips.first().locator('.slip-code').innerText()).trim();
  const campaign = office.url().match(/campaigns\/(\d+)/)[1];
  assert.match(await office.title(), /Sở Tài chính/);
  const unit = await (async () => {
    await office.goto(server.base + `/sipas/campaigns/${campaign}`);
    const href = await office.locator('tr', { hasText: 'Sở Tài chính' }).locator('a[href^="/khao-sat/"]').getAttribute('href');
    return href.split('/').pop();
  })();
  const slipLink = `/khao-sat/${campaign}/${unit}?t=${code}`;

  const first = await phone();
  await first.goto(server.base + slipLink);
  assert.match(await first.locator('h1').innerText(), /Phiếu khảo sát sự hài lòng/);
  await fillAll(first, 7);
  await first.getByRole('button', { name: 'Gửi phiếu' }).click();
  await first.waitForURL(server.base + '/khao-sat/cam-on');

  // The same slip scanned again on another phone: the form shows why it is refused.
  const second = await phone();
  await second.goto(server.base + slipLink);
  await fillAll(second, 8);
  await second.getByRole('button', { name: 'Gửi phiếu' }).click();
  await second.waitForLoadState();
  assert.match(await second.locator('[role="alert"]').innerText(), /đã được dùng/);
  assert.ok(second.url().includes(`/khao-sat/${campaign}/${unit}`));
});
