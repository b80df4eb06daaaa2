// The dashboard keeps its promises (issue 18, point 3), at desktop and at phone width: results
// by area with links to the filtered list, the overdue list apart from work due soon, report
// completeness of the current period, the on-time ranking, and a unit's scorecard reached by
// clicking its name.
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

for (const [name, options] of [['desktop', {}], ['phone 390 px', PHONE]]) {
  test(`${name}: areas, overdue, due soon and report completeness on the dashboard`, async () => {
    const office = await loginAs(browser, server.base, 'vanphong', options);
    // Results by area: the first area's overdue figure opens the task list filtered to it,
    // which counts as many tasks.
    await office.getByRole('heading', { name: 'Kết quả theo lĩnh vực' }).waitFor();
    const area = office.locator('table.areas').first();
    const row = area.locator('tbody tr').first();
    const total = Number(await row.locator('td').nth(1).innerText());
    assert.ok(total > 0, 'the first area has tasks');
    const overdueLink = row.locator('td').nth(4).locator('a');
    const overdue = Number(await overdueLink.innerText());
    await overdueLink.click();
    await office.waitForURL(/area=.*overdue=1/);
    assert.match(await office.locator('main').innerText(), new RegExp(`\\b${overdue} nhiệm vụ`));
    await office.goBack();
    // The overdue list: a count, one short page, most overdue first with the days late.
    const title = await office.locator('#overdue-title').innerText();
    const count = Number(title.match(/\((\d+)\)/)[1]);
    assert.ok(count > 0, 'the demo has overdue work');
    const late = (await office.locator('#overdue-list tbody tr td:nth-child(4)').allInnerTexts()).map(Number);
    assert.ok(late.length > 0 && late.length <= 10, `one page of rows (${late.length})`);
    assert.deepEqual([...late].sort((a, b) => b - a), late, 'most overdue first');
    if (count > late.length) {
      await office.getByRole('link', { name: new RegExp(`Xem tất cả ${count} nhiệm vụ quá hạn`) }).click();
      await office.waitForURL(/overdue=1/);
      assert.match(await office.locator('main').innerText(), new RegExp(`\\b${count} nhiệm vụ`));
      await office.goBack();
    }
    // Due soon is its own section and lists no overdue work.
    assert.match(await office.locator('#soon-title').innerText(), /Sắp đến hạn/);
    assert.equal(await office.locator('#soon-list .st-overdue').count(), 0);
    // Report completeness of the current period, with the way to the reports page.
    assert.match(await office.locator('#reporting-title').innerText(), /Tình hình gửi báo cáo: [^\n]+\s+\(hạn gửi \d\d\/\d\d\/\d{4}\)/);
    assert.match(await office.locator('#reporting-cards').innerText(), /gửi đúng hạn[\s\S]*chưa gửi \(quá hạn\)/);
    await office.getByRole('link', { name: 'Xem tình hình gửi báo cáo của tất cả đơn vị' }).click();
    await office.waitForURL(/\/reports\?period=/);
    assert.match(await office.locator('h1').innerText(), /Tình hình gửi báo cáo/);
    // The page fits the phone: nothing wider than the screen outside its scrolling box.
    const wide = await office.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= (options.viewport?.width ?? 10000) + 1, `page width ${wide}`);
    await office.context().close();
  });

  test(`${name}: a unit's scorecard is reached by clicking its name`, async () => {
    const office = await loginAs(browser, server.base, 'vanphong', options);
    await office.goto(server.base + '/tasks');
    const first = office.locator('table.data a.unit-link').first();
    const unit = (await first.innerText()).trim();
    await first.click();
    await office.waitForURL(/\/units\/\d+\/scorecard$/);
    assert.equal(await office.locator('h1').innerText(), `Kết quả của đơn vị: ${unit}`);
    const cards = await office.locator('#sc-tasks').innerText();
    assert.match(cards, /\d+\s*nhiệm vụ đang theo dõi/);
    const overdue = Number((await office.locator('#sc-tasks .bad').innerText()).trim());
    if (overdue > 0) {
      const shown = await office.locator('#sc-overdue tbody tr').count();
      assert.equal(shown, Math.min(overdue, 20), 'its overdue tasks are listed (one page)');
    }
    await office.getByRole('heading', { name: /Báo cáo định kỳ năm/ }).waitFor();
    assert.ok(await office.getByRole('link', { name: 'Xem điểm 766 của đơn vị và cách tính' }).isVisible());
    await office.context().close();
  });
}

test('desktop: a unit focal point sees its own scorecard and is refused another', async () => {
  const focal = await loginAs(browser, server.base, 'taichinh');
  await focal.goto(server.base + '/tasks');
  const own = focal.locator('table.data a.unit-link', { hasText: 'Sở Tài chính' }).first();
  const href = await own.getAttribute('href');
  await own.click();
  await focal.waitForURL(server.base + href);
  assert.match(await focal.locator('h1').innerText(), /Sở Tài chính/);
  const other = Number(href.match(/\/units\/(\d+)\//)[1]) === 1 ? 2 : 1;
  const r = await focal.goto(`${server.base}/units/${other}/scorecard`);
  assert.equal(r.status(), 403);
  assert.match(await focal.locator('main').innerText(), /Không có quyền truy cập/);
  await focal.context().close();
});

test('desktop: the office accepts two reported tasks at once from the list', async () => {
  // The unit's head reports: their own done claims need no sign-off.
  const unit = await loginAs(browser, server.base, 'giamdoc.taichinh');
  await unit.goto(server.base + '/tasks?state=not_started');
  const links = unit.locator('table.data tbody tr', { has: unit.locator('a.unit-link', { hasText: /^Sở Tài chính/ }) })
    .locator('td:first-child a');
  const stcHref = await unit.locator('a.unit-link', { hasText: /^Sở Tài chính/ }).first().getAttribute('href');
  const stc = stcHref.match(/\/units\/(\d+)/)[1];
  const urls = [];
  for (let i = 0; i < 2; i++) urls.push(server.base + (await links.nth(i).getAttribute('href')));
  for (const url of urls) {
    await unit.goto(url);
    const done = unit.locator('form.action', { has: unit.locator('input[value="report_done"]') });
    await done.getByLabel('Kết quả, sản phẩm').fill('Báo cáo kết quả thực hiện');
    await done.getByLabel('Lý do không có minh chứng (nếu có)').fill('Văn bản gửi qua hệ thống quản lý văn bản');
    await done.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
    await unit.waitForURL(url);
  }
  await unit.context().close();
  // The demo's year has other results waiting: the office narrows the list to the unit.
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + `/tasks?state=reported_done&unit=${stc}`);
  for (const url of urls) {
    const id = url.match(/\/tasks\/(\d+)$/)[1];
    await office.locator(`input[name="item"][value^="${id}:"]`).check();
  }
  await office.getByLabel('Với các nhiệm vụ đã chọn').selectOption({ label: 'Chấp nhận kết quả' });
  await office.getByRole('button', { name: 'Áp dụng' }).click();
  await office.waitForURL(/\/tasks\?.*state=reported_done/);
  assert.match(await office.locator('.flash').innerText(), /Đã chấp nhận 2 nhiệm vụ\./);
  for (const url of urls) {
    await office.goto(url);
    assert.match(await office.locator('main').innerText(), /Đã hoàn thành|Đã chấp nhận/);
  }
  await office.context().close();
});
