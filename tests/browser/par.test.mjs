// The PAR index in real Chromium: a unit fills its 40-criterion self-assessment with an
// evidence file and its head submits; the appraiser adjusts one score and returns another for
// explanation; the unit explains and resubmits; the appraiser accepts; the council approves;
// the ranking gives the unit its place, and the leader reads it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

function login(name) {
  return loginAs(browser, server.base, name);
}

async function flash(page) {
  return page.locator('.flash').innerText();
}

function financeRow(page) {
  return page.locator('table.ranking tbody tr', { has: page.locator('td', { hasText: /^Sở Tài chính$/ }) });
}

test('self-assessment, appraisal, explanation, approval, ranking', async () => {
  const office = await login('vanphong');
  await office.goto(server.base + '/par');
  await office.getByRole('link', { name: /Chỉ số CCHC năm/ }).first().click();
  const roundUrl = office.url();
  assert.match(await financeRow(office).innerText(), /—/, 'no rank before the unit submits');

  // The focal point fills every criterion; one scores, with its evidence.
  const unit = await login('taichinh');
  await unit.goto(server.base + '/par');
  await unit.getByRole('link', { name: 'Mở bản tự đánh giá' }).first().click();
  const formUrl = unit.url();
  const inputs = unit.locator('input[name^="p-"]');
  const count = await inputs.count();
  assert.ok(count >= 30, `a form of ${count} criteria`);
  for (let i = 0; i < count; i++) await inputs.nth(i).fill('0');
  await unit.locator('input[name="p-1.1.1"]').fill('1');
  await unit.locator('textarea[name="n-1.1.1"]').fill('Kế hoạch số 20/KH-STC ngày 05/01');
  await unit.getByRole('button', { name: 'Lưu bản tự đánh giá' }).click();
  await unit.waitForURL(formUrl);
  assert.match(await flash(unit), /Đã lưu/);
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-par-'));
  const file = path.join(dir, 'ke-hoach-cchc.pdf');
  writeFileSync(file, '%PDF-1.7\n% ke hoach\n');
  await unit.getByLabel('Tệp (PDF, Word, Excel, ảnh)').setInputFiles(file);
  await unit.locator('input[name="codes"][value="1.1.1"]').check();
  await unit.getByRole('button', { name: 'Tải lên' }).click();
  await unit.waitForURL(formUrl);
  assert.ok(await unit.getByRole('link', { name: 'ke-hoach-cchc.pdf' }).isVisible());
  assert.equal(await unit.getByRole('button', { name: 'Lưu và nộp để thẩm định' }).count(), 0, 'only the head submits');

  const head = await login('giamdoc.taichinh');
  await head.goto(formUrl);
  await head.getByRole('button', { name: 'Lưu và nộp để thẩm định' }).click();
  await head.waitForURL(formUrl);
  assert.match(await flash(head), /Đã nộp/);

  // The appraiser adjusts 1.2 with a reason and returns 1.1.1 for explanation.
  const appraiser = await login('thamdinh');
  await appraiser.goto(formUrl);
  await appraiser.locator('input[name="ap-1.2"]').fill('0,5');
  await appraiser.locator('input[name="ar-1.2"]').fill('Có báo cáo quý I đúng hạn');
  await appraiser.locator('input[name="ax-1.1.1"]').check();
  await appraiser.getByLabel('Trả lại để giải trình các tiêu chí đã chọn').check();
  await appraiser.getByRole('button', { name: 'Ghi nhận thẩm định' }).click();
  await appraiser.waitForURL(formUrl);
  assert.match(await flash(appraiser), /giải trình/);

  // The unit explains; the head submits again.
  await unit.goto(formUrl);
  assert.match(await unit.locator('p.errors').innerText(), /Giải trình trước ngày/);
  await unit.locator('textarea[name="e-1.1.1"]').fill('Kế hoạch ban hành đúng hạn, kèm quyết định');
  await unit.getByRole('button', { name: 'Lưu nội dung giải trình' }).click();
  await unit.waitForURL(formUrl);
  await head.goto(formUrl);
  await head.getByRole('button', { name: 'Nộp lại để thẩm định' }).click();
  await head.waitForURL(formUrl);

  // The appraiser accepts; the council approves; the unit has its place.
  await appraiser.goto(formUrl);
  await appraiser.getByLabel('Hoàn thành thẩm định').check();
  await appraiser.getByRole('button', { name: 'Ghi nhận thẩm định' }).click();
  await appraiser.waitForURL(formUrl);
  await office.goto(roundUrl);
  await office.getByRole('button', { name: 'Ghi nhận Hội đồng phê duyệt kết quả' }).click();
  await office.waitForURL(roundUrl);
  assert.match(await flash(office), /phê duyệt/);
  const row = await financeRow(office).innerText();
  assert.match(row, /^\s*\d+/, `the finance department is ranked: ${row}`);
  assert.match(row, /1,5/, 'its points: 1 self-scored + 0,5 appraised');

  const leader = await login('lanhdao');
  await leader.goto(roundUrl);
  assert.match(await leader.locator('h2', { hasText: 'Kết quả xếp hạng' }).innerText(), /^Kết quả xếp hạng$/);
  assert.match(await financeRow(leader).innerText(), /^\s*\d+/);
});
