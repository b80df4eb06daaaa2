// The task list's other views (issue 18, points 3, 4 and 9), at desktop and at phone width:
// the timeline and the calendar of deadlines reached from the list, the office's bulk
// reminder seen by the unit as a notification, and the print view.
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

// From the calendar on screen, the nearest earlier month (at most three years back) with a
// deadline: the demo plans are of past years.
async function monthWithDeadlines(page) {
  for (let i = 0; i < 36; i++) {
    if (await page.locator('a.cal-count').count()) return;
    await page.getByRole('link', { name: /Tháng trước/ }).click();
    await page.waitForLoadState();
  }
  assert.fail('no month with deadlines in three years');
}

test('desktop: the timeline and the calendar are reached from the list', async () => {
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/tasks');
  await office.getByRole('link', { name: 'Tiến độ theo thời gian' }).first().click();
  await office.waitForURL(/\/tasks\/timeline/);
  assert.equal(await office.locator('h1').innerText(), 'Tiến độ theo thời gian');
  const rows = office.locator('li.tl-row');
  assert.ok((await rows.count()) > 0, 'tasks are drawn');
  assert.ok((await rows.count()) <= 50, 'a page at a time');
  // A row names its task (code and title, linked) and draws its deadline.
  const first = rows.first();
  assert.match(await first.locator('.tl-label a').innerText(), /^\S+\. .+/);
  assert.equal(await first.locator('svg.tl-bar').count(), 1);
  assert.match(await office.locator('svg.tl-axis').innerHTML(), /Hôm nay/);
  assert.ok((await office.locator('li.tl-area h2').count()) > 0, 'grouped by area');
  // Bars sit side by side with the labels and keep readable text.
  const axisText = (await office.locator('svg.tl-axis text').first().boundingBox()).height;
  assert.ok(axisText >= 10, `axis text ${axisText} px high`);
  // The calendar of deadlines, month by month.
  await office.getByRole('link', { name: 'Lịch hạn' }).click();
  await office.waitForURL(/\/tasks\/calendar/);
  assert.match(await office.locator('h1').innerText(), /^Lịch hạn nhiệm vụ — tháng \d{1,2}\/\d{4}$/);
  const heading = await office.locator('h1').innerText();
  await office.getByRole('link', { name: /Tháng sau/ }).click();
  await office.waitForURL(/month=\d{4}-\d{2}/);
  assert.notEqual(await office.locator('h1').innerText(), heading, 'the next month');
  await monthWithDeadlines(office);
  const count = office.locator('a.cal-count').first();
  const n = Number((await count.innerText()).split(' ')[0]);
  await count.click();
  await office.waitForURL(/day=\d{4}-\d{2}-\d{2}/);
  assert.match(await office.locator('#day h2').innerText(), /^Nhiệm vụ có hạn ngày \d{2}\/\d{2}\/\d{4}$/);
  assert.equal(await office.locator('#day tbody tr').count(), n, 'the day lists what its cell counted');
  await office.context().close();
});

test('desktop: the office reminds two tasks and the unit sees the notification', async () => {
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/tasks');
  const unit = office.getByLabel('Đơn vị', { exact: true });
  const stc = (await unit.locator('option').allInnerTexts()).find((o) => o.startsWith('Sở Tài chính (Tỉnh Hà Tĩnh)'));
  await unit.selectOption({ label: stc });
  // Overdue tasks are open ones (a task reported done is never overdue): each can be reminded.
  await office.getByLabel('Chỉ nhiệm vụ quá hạn').check();
  await office.getByRole('button', { name: 'Lọc' }).click();
  await office.waitForURL(/unit=\d+/);
  const boxes = office.locator('input[name="item"]');
  assert.ok((await boxes.count()) >= 2, 'two tasks to choose');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await office.getByLabel('Với các nhiệm vụ đã chọn').selectOption({ label: 'Nhắc nhở' });
  await office.getByLabel('Lý do trả lại hoặc lời nhắn').fill('Đề nghị báo cáo trong tuần');
  await office.getByRole('button', { name: 'Áp dụng' }).click();
  await office.waitForLoadState();
  assert.equal(await office.locator('p.flash').innerText(), 'Đã gửi nhắc nhở 2 nhiệm vụ tới: Sở Tài chính (Tỉnh Hà Tĩnh) — 2.', 'the units named and counted');
  await office.context().close();
  const focal = await loginAs(browser, server.base, 'taichinh');
  await focal.goto(server.base + '/notifications');
  const reminders = focal.locator('table.notifications tr', { hasText: 'Nhắc nhở thực hiện nhiệm vụ' });
  assert.equal(await reminders.count(), 2);
  assert.match(await reminders.first().innerText(), /Đề nghị báo cáo trong tuần/);
  await reminders.first().locator('a').first().click();
  await focal.waitForURL(/\/tasks\/\d+$/);
  await focal.context().close();
});

test('desktop: the print view states its filters and the day, without the menu', async () => {
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/tasks?overdue=1');
  await office.getByRole('link', { name: 'Bản in' }).click();
  await office.waitForURL(/print=1/);
  const head = office.locator('#print-head');
  assert.match(await head.innerText(), /Ngày in: \d{2}\/\d{2}\/\d{4}/);
  assert.match(await head.innerText(), /Điều kiện lọc: Chỉ nhiệm vụ quá hạn/);
  await office.emulateMedia({ media: 'print' });
  assert.equal(await office.locator('header.top').isVisible(), false, 'no menu on paper');
  assert.equal(await office.locator('form.filters').first().isVisible(), false);
  assert.equal(await head.isVisible(), true);
  await office.context().close();
});

test('phone: the timeline and the calendar fit 390 px with readable text', async () => {
  const unit = await loginAs(browser, server.base, 'taichinh', PHONE);
  await unit.goto(server.base + '/tasks/timeline');
  const rows = unit.locator('li.tl-row');
  assert.ok((await rows.count()) > 0);
  // The bar runs under its label, the width of the screen.
  const label = await rows.first().locator('.tl-label').boundingBox();
  const bar = await rows.first().locator('svg.tl-bar').boundingBox();
  assert.ok(bar.y >= label.y + label.height - 1, 'bar under the label');
  assert.ok(bar.width > 300, `bar ${bar.width} px wide`);
  let wide = await unit.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 392, `timeline page width ${wide}`);
  await unit.goto(server.base + '/tasks/calendar');
  await monthWithDeadlines(unit);
  wide = await unit.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 392, `calendar page width ${wide}`);
  const count = unit.locator('a.cal-count').first();
  assert.equal(await count.isVisible(), true, 'each day shows its count');
  const h = (await count.boundingBox()).height;
  assert.ok(h >= 12, `count text ${h} px high`);
  assert.equal(await unit.locator('ul.cal-items').first().isVisible(), false, 'codes fold away on a phone');
  await count.click();
  await unit.waitForURL(/day=/);
  assert.ok((await unit.locator('#day tbody tr').count()) > 0);
  await unit.context().close();
});
