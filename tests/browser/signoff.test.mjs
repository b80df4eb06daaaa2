// Sign-off by a unit's head and ad-hoc reports (issue 14): the focal point sends the unit's
// report to its head, the head signs it off, the office sees it submitted with the signer;
// the office requests an ad-hoc report from two units, one answers, the office sees one
// missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, launchChromium, login as loginAs } from './server.mjs';

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

const year = new Date(Date.now() + 7 * 3600 * 1000).getUTCFullYear();
const planKey = `${year}-plan`;

// A day in Vietnam time (UTC+7), as the server counts days: `d` is shifted by seven hours and
// read in UTC.
function ddmmyyyy(d) {
  const p = (n) => String(n).padStart(2, '0');
  const vn = new Date(d.getTime() + 7 * 3600 * 1000);
  return `${p(vn.getUTCDate())}/${p(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}

test('the head signs off the unit plan; the office sees it submitted with the signer', async () => {
  const focal = await loginAs(browser, server.base, 'taichinh');
  await focal.goto(server.base + '/reports/' + planKey);
  await focal.locator('textarea#narrative').fill('Kế hoạch CCHC số 15/KH-STC, trình ký duyệt');
  await focal.getByRole('button', { name: 'Trình lãnh đạo đơn vị' }).click();
  await focal.waitForURL(server.base + '/reports');
  assert.match(await focal.locator('main').innerText(), /Chờ ký duyệt/);

  const head = await loginAs(browser, server.base, 'giamdoc.taichinh');
  const panel = head.locator('section.signoff-panel');
  assert.match(await panel.innerText(), /Chờ ký duyệt/);
  await panel.getByRole('link').first().click();
  await head.waitForURL(server.base + '/reports/' + planKey);
  assert.match(await head.locator('textarea#narrative').inputValue(), /15\/KH-STC/);
  await head.getByLabel('Ký duyệt', { exact: true }).check();
  await head.getByRole('button', { name: 'Ghi nhận' }).click();
  await head.waitForURL(server.base + '/reports');
  await head.goto(server.base + '/');
  assert.equal(await head.locator('section.signoff-panel').count(), 0, 'nothing waits any more');

  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/reports?period=' + planKey);
  // The row of Hà Tĩnh's Sở Tài chính carries the signer.
  const row = office.locator('tr', { hasText: 'giamdoc.taichinh' });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /Sở Tài chính/);
  assert.match(await row.innerText(), /Chờ xem xét/);
  await row.getByRole('link', { name: 'Chờ xem xét' }).click();
  assert.match(await office.locator('p.signed').innerText(), /Lãnh đạo đơn vị ký duyệt: giamdoc\.taichinh/);
  assert.match(await office.locator('div.narrative').innerText(), /15\/KH-STC/);
  for (const p of [focal, head, office]) await p.context().close();
});

test('an ad-hoc report requested from two units: one answers, one is missing', async () => {
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/adhoc-reports');
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
  await office.getByLabel('Tên báo cáo').fill('Tình hình tiếp nhận hồ sơ trực tuyến');
  await office.getByLabel('Hướng dẫn, nội dung cần báo cáo').fill('Nêu số hồ sơ trực tuyến toàn trình.');
  await office.getByLabel('Hạn gửi (dd/mm/yyyy)').fill(ddmmyyyy(yesterday));
  const units = office.getByLabel('Đơn vị được yêu cầu');
  const labels = await units.locator('option').allInnerTexts();
  // Names shared by several provinces carry the province: take Hà Tĩnh's.
  const pick = (name) => labels.find((o) => o === name) || labels.find((o) => o.startsWith(name) && o.includes('Hà Tĩnh'));
  const stc = pick('Sở Tài chính');
  const stp = pick('Sở Tư pháp');
  assert.ok(stc && stp, 'both units are choices');
  await units.selectOption([{ label: stc }, { label: stp }]);
  await office.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  await office.waitForURL(/\/adhoc-reports\/\d+$/);
  const tracking = office.url();

  // Sở Tư pháp has no head account: its focal point submits straight to the office.
  const unit = await loginAs(browser, server.base, 'tuphap');
  await unit.goto(server.base + '/reports');
  await unit.getByRole('row', { name: /Tình hình tiếp nhận hồ sơ trực tuyến/ }).getByRole('link').click();
  assert.match(await unit.locator('section.adhoc-request').innerText(), /toàn trình/);
  await unit.locator('textarea#narrative').fill('Đã tiếp nhận 1.250 hồ sơ trực tuyến toàn trình.');
  await unit.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await unit.waitForURL(server.base + '/reports');

  await office.goto(tracking);
  assert.equal(await office.locator('#adhoc-missing').innerText(), '1');
  const done = office.locator('tr', { hasText: 'Sở Tư pháp' }).first();
  assert.match(await done.innerText(), /Trễ 1 ngày/);
  const missing = office.locator('tr', { hasText: 'Sở Tài chính' }).first();
  assert.match(await missing.innerText(), /Chưa gửi/);
  await done.getByRole('link', { name: 'Chờ xem xét' }).click();
  assert.match(await office.locator('div.narrative').innerText(), /1\.250 hồ sơ/);
  for (const p of [office, unit]) await p.context().close();
});
