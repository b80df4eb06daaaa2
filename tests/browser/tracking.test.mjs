// The tracking loop in real Chromium: a focal point reports a task done with an evidence
// file, the unit's head signs it off, the office returns it, the unit reports again (signed
// off again), the office accepts, and the leaders' dashboard figure changes.
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

async function acceptedCount(page) {
  await page.goto(server.base + '/');
  const card = page.locator('a.card[href="/tasks?state=accepted"] strong');
  return Number((await card.innerText()).replace(/\D/g, ''));
}

async function signOff(head, taskUrl) {
  await head.goto(taskUrl);
  const form = head.locator('form.action', { has: head.locator('input[value="sign_off"]') });
  await form.getByRole('button', { name: 'Ký duyệt' }).click();
  await head.waitForURL(taskUrl);
  assert.match(await head.locator('dl.facts').innerText(), /Đã báo cáo hoàn thành, chờ xem xét/);
}

test('report with evidence, return, resubmit, accept; the dashboard changes', async () => {
  const office = await login('vanphong');
  const before = await acceptedCount(office);

  const unit = await login('taichinh');
  await unit.goto(server.base + '/tasks?state=not_started');
  const row = unit.locator('table.data tbody tr', { has: unit.locator('td', { hasText: /^Sở Tài chính( \(.+\))?$/ }) }).first();
  await row.locator('a').first().click();
  await unit.waitForURL(/\/tasks\/\d+$/);
  const taskUrl = unit.url();

  // Report done with an evidence file.
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-evidence-'));
  const file = path.join(dir, 'ke-hoach.pdf');
  writeFileSync(file, '%PDF-1.7\n% minh chung\n');
  const done = unit.locator('form.action', { has: unit.locator('input[value="report_done"]') });
  await done.getByLabel('Kết quả, sản phẩm').fill('Kế hoạch số 15/KH-STC');
  await done.getByLabel('Tệp minh chứng (PDF, Word, Excel, ảnh)').setInputFiles(file);
  await done.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
  await unit.waitForURL(taskUrl);
  assert.match(await unit.locator('.flash').innerText(), /Đã ghi nhận/);
  assert.ok(await unit.getByRole('link', { name: 'ke-hoach.pdf' }).isVisible());
  assert.match(await unit.locator('dl.facts').innerText(), /Chờ lãnh đạo đơn vị ký duyệt/);

  // The unit's head finds it on the dashboard and signs it off.
  const head = await login('giamdoc.taichinh');
  await head.goto(server.base + '/');
  await head.locator('.signoff-panel a[href="' + new URL(taskUrl).pathname + '"]').click();
  await head.waitForURL(taskUrl);
  await signOff(head, taskUrl);

  // The office returns it with a reason.
  await office.goto(taskUrl);
  const ret = office.locator('form.action', { has: office.locator('input[value="return"]') });
  await ret.getByLabel('Lý do trả lại').fill('Thiếu quyết định phê duyệt kế hoạch');
  await ret.getByRole('button', { name: 'Trả lại' }).click();
  await office.waitForURL(taskUrl);

  // The unit sees the reason and reports again.
  await unit.goto(taskUrl);
  assert.match(await unit.locator('dl.facts').innerText(), /Thiếu quyết định phê duyệt kế hoạch/);
  const again = unit.locator('form.action', { has: unit.locator('input[value="report_done"]') });
  await again.getByLabel('Kết quả, sản phẩm').fill('Kế hoạch và quyết định phê duyệt');
  await again.getByLabel('Lý do không có minh chứng (nếu có)').fill('Đã gửi kèm lần trước');
  await again.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
  await unit.waitForURL(taskUrl);
  await signOff(head, taskUrl);

  // The office sees who signed and when, and accepts.
  await office.goto(taskUrl);
  assert.match(await office.locator('dl.facts').innerText(), /Lãnh đạo đơn vị ký duyệt[\s\S]*Giám đốc Sở Tài chính/);
  const acc = office.locator('form.action', { has: office.locator('input[value="accept"]') });
  await acc.getByRole('button', { name: 'Công nhận hoàn thành' }).click();
  await office.waitForURL(taskUrl);
  assert.match(await office.locator('dl.facts').innerText(), /Đã hoàn thành|Đã chấp nhận/);

  // The dashboard figure changed, and it links to the list behind it.
  const after = await acceptedCount(office);
  assert.equal(after, before + 1);
  await office.locator('a.card[href="/tasks?state=accepted"]').click();
  await office.waitForURL(/\/tasks\?state=accepted/);
  assert.match(await office.locator('main').innerText(), new RegExp(`\\b${after} nhiệm vụ`));
});
