// Tracking depth in real Chromium: the office marks a day off on the working-day calendar,
// previews the open tasks whose due date moves and confirms; a task led by a group shows
// every member unit with its state; the leader's dashboard has the target attainment panel;
// the consolidated report downloads as an official DOCX.
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

test('a day off moves open due dates after a preview; group tasks show their members', async () => {
  const office = await loginAs(browser, server.base, 'vanphong');
  await office.goto(server.base + '/settings/tracking');
  await office.getByRole('link', { name: 'Lịch ngày làm việc' }).first().click();
  // The demo's plan is moved into this year.
  const Y = new Date().getFullYear();
  await office.goto(server.base + `/settings/workdays?year=${Y}`);
  assert.match(await office.locator('main').innerText(), /mẫu, chưa xác nhận/);
  assert.match(await office.locator('table').first().innerText(), /Tết Nguyên đán/);

  // A wrong day: the message names it and the typed date stays in the field.
  await office.getByLabel('Ngày (dd/mm/yyyy)').fill('03/03/2025');
  await office.getByLabel('Loại').selectOption('working_day');
  await office.getByLabel(/^Tên/).fill('Làm bù thử');
  await office.getByRole('button', { name: 'Lưu ngày' }).click();
  assert.match(await office.locator('.errors').innerText(), /Ngày làm bù phải là thứ Bảy hoặc Chủ nhật/);
  assert.equal(await office.getByLabel('Ngày (dd/mm/yyyy)').inputValue(), '03/03/2025');

  // 31/12 off: the year-end tasks move to the next working day of January, after New Year.
  await office.getByLabel('Ngày (dd/mm/yyyy)').fill(`31/12/${Y}`);
  await office.getByLabel('Loại').selectOption('holiday');
  await office.getByLabel(/^Tên/).fill('Nghỉ bù cuối năm');
  await office.getByRole('button', { name: 'Lưu ngày' }).click();
  assert.match(await office.locator('.flash').innerText(), new RegExp(`Đã lưu ngày 31/12/${Y}`));
  assert.doesNotMatch(await office.locator('main').innerText(), /mẫu, chưa xác nhận/);

  await office.getByRole('link', { name: 'Xem trước' }).click();
  const rows = office.locator('table tbody tr');
  const moving = await rows.count();
  assert.ok(moving > 0, `some open tasks were due on 31/12/${Y}`);
  const firstRow = await rows.first().innerText();
  assert.match(firstRow, new RegExp(`31/12/${Y}[\\s\\S]*\\d\\d/01/${Y + 1}`));
  const movedTo = firstRow.match(new RegExp(`\\d\\d/01/${Y + 1}`))[0];
  const firstTask = await rows.first().locator('a').first().getAttribute('href');
  await office.getByRole('button', { name: 'Xác nhận dời hạn' }).click();
  assert.match(await office.locator('.flash').innerText(), new RegExp(`Đã dời hạn ${moving} nhiệm vụ`));
  assert.match(await office.locator('main').innerText(), /Không có nhiệm vụ đang mở nào cần dời hạn/);
  await office.goto(server.base + firstTask);
  assert.ok((await office.locator('main').innerText()).includes(movedTo), movedTo);

  // A task led by a group lists its members for the leader, each with a state.
  const leader = await loginAs(browser, server.base, 'lanhdao');
  await leader.goto(server.base + '/tasks?q=' + encodeURIComponent('các sở, ban, ngành'));
  const links = await leader.locator('table.data tbody tr a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  let found = false;
  for (const href of links.slice(0, 15)) {
    await leader.goto(server.base + href);
    if (await leader.getByRole('heading', { name: /Các đơn vị thực hiện/ }).count()) {
      const members = leader.locator('h2:has-text("Các đơn vị thực hiện") + p + table tbody tr');
      assert.ok((await members.count()) > 5, 'one row per member department');
      found = true;
      break;
    }
  }
  assert.ok(found, 'a group task shows its members');

  // The dashboard has the attainment panel; the consolidated report is a DOCX.
  await leader.goto(server.base + '/');
  assert.ok(await leader.getByRole('heading', { name: /Kết quả thực hiện chỉ tiêu/ }).isVisible());
  const r = await leader.request.get(server.base + `/reports/consolidated.docx?period=${Y}-6m`);
  assert.equal(r.status(), 200);
  assert.match(r.headers()['content-type'], /wordprocessingml/);
});
