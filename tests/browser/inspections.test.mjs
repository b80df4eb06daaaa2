// Inspections in real Chromium: the office plans inspections of departments until the
// coverage meter reaches the target, records the one of Sở Tài chính with two findings; the
// unit's focal point finds both remedies in its task list and reports one done with evidence;
// the office accepts it; the follow-up shows 2 raised / 1 resolved / 1 outstanding for the
// unit, and the unit reads the same on a phone.
// The demo already plans two departments this year and raises three recommendations: every
// count is read relative to what the page shows, or of Sở Tài chính, which the demo leaves free.
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

const pad = (n) => String(n).padStart(2, '0');
function vnDate(offsetDays) {
  // Vietnam's day (UTC+7), as the server counts it.
  const d = new Date(Date.now() + 7 * 3600 * 1000 + offsetDays * 86400 * 1000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function departmentsRow(page) {
  return page.locator('table.coverage tr[data-group="department"]');
}

test('plan to the target, record two findings, remedy one, follow up', async () => {
  // The demo registry has a Sở Tài chính in several provinces: the focal point's own is the one
  // its start page names.
  const unit = await loginAs(browser, server.base, 'taichinh');
  const href = await unit.getByRole('link', { name: 'Sở Tài chính', exact: true }).first().getAttribute('href');
  const unitId = href.split('/').pop();
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/inspections?group=department');
  const row = departmentsRow(office);
  const before = await row.innerText();
  const missing = Number((before.match(/còn thiếu (\d+)/) || [])[1]);
  assert.ok(missing > 0, `the demo leaves the departments under the target: ${before}`);

  // Sở Tài chính first, then other departments not yet planned, as many as the meter lacks.
  await office.locator(`#u-${unitId}`).check();
  const free = office.locator('#plan-form input[name="unit"]:not(:checked)');
  for (let i = 1; i < missing; i++) await free.first().check();
  assert.equal(await office.locator('#plan-form input[name="unit"]:checked').count(), missing);
  await office.getByLabel('Đoàn kiểm tra (thành phần)').fill('Đoàn kiểm tra số 3 của Sở Nội vụ');
  await office.getByLabel('Trưởng đoàn').fill('Lê Thị Hoa');
  await office.getByLabel('Từ ngày', { exact: true }).fill(vnDate(0));
  await office.getByLabel('Đến ngày', { exact: true }).fill(vnDate(1));
  await office.getByLabel('Nội dung đơn vị cần chuẩn bị').fill('Báo cáo tự kiểm tra');
  await office.getByRole('button', { name: 'Đưa vào kế hoạch và thông báo cho đơn vị' }).click();
  await office.waitForURL(/\/inspections\?year=/);
  assert.match(await office.locator('.flash').innerText(), new RegExp(`Đã đưa ${missing} đơn vị`));
  const after = await departmentsRow(office).innerText();
  assert.match(after, /Đạt chỉ tiêu/, after);
  assert.doesNotMatch(after, /còn thiếu/);

  // Record the inspection of Sở Tài chính with two findings.
  // The unit was told and sees only its own inspection; the office opens that one.
  await unit.goto(server.base + '/inspections');
  const own = unit.locator('table.inspections').getByRole('link', { name: 'Sở Tài chính', exact: true });
  const inspection = server.base + (await own.getAttribute('href'));
  await office.goto(inspection);
  const answers = office.locator('#record-form select[name^="answer-"]');
  const n = await answers.count();
  for (let i = 0; i < n; i++) await answers.nth(i).selectOption('met');
  const due = vnDate(30);
  const findings = [
    ['Chưa niêm yết đầy đủ TTHC tại Bộ phận một cửa', 'Niêm yết đầy đủ các TTHC đang thực hiện'],
    ['Sổ theo dõi hồ sơ chưa cập nhật', 'Cập nhật sổ theo dõi hồ sơ hằng ngày'],
  ];
  for (const [i, [text, rec]] of findings.entries()) {
    await office.locator(`#f${i + 1}-text`).fill(text);
    await office.locator(`#f${i + 1}-recommendation`).fill(rec);
    await office.locator(`#f${i + 1}-area`).fill('Cải cách TTHC');
    await office.locator(`#f${i + 1}-due`).fill(due);
  }
  await office.locator('#r-conclusion').fill('Cơ bản thực hiện tốt; còn hai tồn tại.');
  await office.getByRole('button', { name: 'Ghi nhận kết quả kiểm tra' }).click();
  await office.waitForURL(inspection);
  assert.match(await office.locator('.flash').innerText(), /Đã ghi nhận kết quả kiểm tra/);
  assert.equal(await office.locator('table.findings tbody tr').count(), 2);

  // The focal point finds both remedies with its work, and reports one done with evidence.
  await unit.goto(server.base + '/tasks');
  const remedies = unit.locator('#remedies');
  assert.match(await remedies.locator('h2').innerText(), /Kiến nghị cần khắc phục\s*\(2\)/);
  await remedies.getByRole('link', { name: findings[0][1] }).click();
  const finding = unit.url();
  await unit.getByLabel('Kết quả khắc phục').fill('Đã niêm yết đủ 152 TTHC tại Bộ phận một cửa');
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-insp-'));
  const file = path.join(dir, 'anh-niem-yet.pdf');
  writeFileSync(file, '%PDF-1.7\n% anh niem yet\n');
  await unit.locator('#d-file').setInputFiles(file);
  await unit.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
  await unit.waitForURL(finding);
  assert.match(await unit.locator('.flash').innerText(), /Đã cập nhật kiến nghị/);
  assert.ok(await unit.getByRole('link', { name: 'anh-niem-yet.pdf' }).isVisible());

  // The office accepts it.
  await office.goto(finding);
  await office.getByRole('button', { name: 'Công nhận đã xử lý xong' }).click();
  await office.waitForURL(finding);
  assert.match(await office.locator('.state').innerText(), /Đã xử lý xong/);

  // The follow-up: Sở Tài chính has 2 raised, 1 resolved, 1 outstanding.
  await office.goto(server.base + '/inspections/followup');
  const stc = office.locator('table.followup tbody tr', { has: office.locator('td', { hasText: /^Sở Tài chính$/ }) });
  const cells = (await stc.locator('td').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(cells.slice(1, 6), ['2', '1', '0', '1', '0'], cells.join(' | '));
  await unit.goto(server.base + '/tasks');
  assert.match(await unit.locator('#remedies h2').innerText(), /\(1\)/);

  // On a phone, the unit reads its own totals.
  const phone = await loginAs(browser, server.base, 'taichinh', { viewport: { width: 390, height: 844 } });
  await phone.goto(server.base + '/inspections/followup');
  const total = phone.locator('table.followup tfoot tr');
  assert.equal(await total.locator('.raised').innerText(), '2');
  assert.equal(await total.locator('.resolved').innerText(), '1');
  assert.equal(await total.locator('.outstanding').innerText(), '1');
  assert.ok(await total.locator('.outstanding').isVisible());
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone: ${width}px`);
});
