// What an official sees, at desktop and at phone width (issue 18): the task list's filters
// and sortable columns, the closed period's read-only report, the audit log in words, and a
// phone layout that can be read (menu folded, table headers kept, chart text readable).
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

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test('desktop: the task list filters from the form and sorts by deadline', async () => {
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/tasks');
  // The unit filter is a labelled choice in the form, not a URL parameter.
  const unit = office.getByLabel('Đơn vị', { exact: true });
  const options = await unit.locator('option').allInnerTexts();
  const stc = options.find((o) => o.startsWith('Sở Tài chính'));
  assert.ok(stc, 'Sở Tài chính is a choice');
  await unit.selectOption({ label: stc });
  await office.getByRole('button', { name: 'Lọc' }).click();
  await office.waitForURL(/unit=\d+/);
  assert.match(await office.locator('h1').innerText(), /Sở Tài chính/);
  // The deadline column sorts both ways.
  await office.getByRole('link', { name: /^Hạn/ }).click();
  await office.waitForURL(/sort=-due/);
  assert.equal(await office.locator('th a[aria-sort="descending"]').count(), 1);
  // The overdue checkbox sits right beside its label.
  const box = await office.locator('#overdue').boundingBox();
  const label = await office.locator('label[for="overdue"]').boundingBox();
  assert.ok(Math.abs(label.x - (box.x + box.width)) < 20, `label beside its box (${box.x}+${box.width} vs ${label.x})`);
  await office.context().close();
});

test('desktop: a closed period reads as closed before anything is typed', async () => {
  const unit = await loginAs(browser, server.base, 'taichinh');
  await unit.goto(server.base + '/reports/2025-q1');
  assert.match(await unit.locator('p.notice').innerText(), /đã đóng/);
  assert.equal(await unit.getByRole('button', { name: 'Nộp báo cáo' }).count(), 0);
  assert.equal(await unit.locator('textarea#narrative').getAttribute('readonly'), '');
  await unit.context().close();
});

test('desktop: the audit log names actions in words and hides scheduled jobs', async () => {
  const admin = await loginAs(browser, server.base, 'admin');
  await admin.goto(server.base + '/admin/audit');
  const body = await admin.locator('table.audit').innerText();
  assert.match(body, /Đăng nhập/);
  assert.equal(await admin.getByLabel('Gồm cả tác vụ tự động').isChecked(), false);
  await admin.context().close();
});

test('phone: the menu folds, tables keep their headers, chart text is readable', async () => {
  const office = await loginAs(browser, server.base, 'vanphong', PHONE);
  await office.goto(server.base + '/');
  const header = await office.locator('header.top').boundingBox();
  assert.ok(header.height < 70, `the header is one line on a phone (${header.height} px)`);
  const nav = office.locator('header.top nav');
  assert.equal(await nav.isVisible(), false, 'the menu is folded');
  await office.getByText('Trình đơn').click();
  assert.equal(await nav.isVisible(), true, 'and opens from its button');
  // Chart labels are drawn at their size (the chart scrolls instead of shrinking).
  const chartText = office.locator('svg.chart text').first();
  if (await chartText.count()) {
    const h = (await chartText.boundingBox()).height;
    assert.ok(h >= 10, `chart text ${h} px high`);
  }
  await office.goto(server.base + '/tasks');
  const th = office.locator('table.data thead th').first();
  assert.equal(await th.isVisible(), true, 'column headers stay on a phone');
  assert.equal(await th.innerText(), 'Nhiệm vụ');
  // The page itself does not scroll sideways: only the table's box does.
  const wide = await office.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 392, `page width ${wide}`);
  await office.context().close();
});
