// Reform initiatives in real Chromium: the finance department's focal point proposes an
// initiative with an attachment and submits it; the office sends it to evaluation, scores it
// against the criteria and recognises it at province level with reasons; the recognised list
// shows it, and at phone width (390 px) the list is readable (no sideways scrolling, each
// row's cells labelled).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, launchChromium, login } from './server.mjs';

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

const TITLE = 'Trả kết quả TTHC tại nhà qua bưu điện';

test('a unit proposes, the office evaluates and recognises at province level, the list shows it', async () => {
  const unit = await login(browser, server.base, 'taichinh');
  await unit.getByRole('link', { name: 'Sáng kiến', exact: true }).first().click();
  await unit.getByRole('link', { name: 'Đề xuất sáng kiến' }).click();
  await unit.getByLabel('Tên sáng kiến, giải pháp').fill(TITLE);
  await unit.getByLabel('Vấn đề, thực trạng cần giải quyết').fill('Người dân đi lại nhiều lần để nhận kết quả');
  await unit.getByLabel('Nội dung giải pháp').fill('Liên kết với bưu điện trả kết quả tận nhà');
  await unit.getByLabel('Phạm vi áp dụng').fill('Bộ phận Một cửa Sở Tài chính');
  await unit.getByLabel('Hiệu quả dự kiến').fill('Giảm 60% lượt đi lại');
  await unit.getByLabel(/Tài liệu kèm theo/).setInputFiles({
    name: 'thuyet-minh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 thuyet minh'),
  });
  await unit.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await unit.waitForURL(/\/initiatives\/\d+$/);
  const url = unit.url();
  assert.match(await unit.locator('.files').innerText(), /thuyet-minh\.pdf/);
  await unit.getByRole('button', { name: 'Gửi sáng kiến' }).click();
  assert.match(await unit.locator('.state').innerText(), /Đã gửi, chờ xem xét/);

  const office = await login(browser, server.base, 'vanphong');
  await office.goto(url);
  await office.getByRole('button', { name: 'Đưa ra đánh giá' }).click();
  for (const [code, points] of [['1', '28'], ['2', '36'], ['3', '27']]) {
    await office.locator(`#s-${code}`).fill(points);
  }
  await office.getByRole('button', { name: 'Lưu điểm' }).click();
  assert.match(await office.locator('.tally').innerText(), /91,0%/);
  await office.getByLabel('Quyết định', { exact: true }).selectOption('province');
  await office.getByLabel('Lý do').fill('Giải pháp mới, hiệu quả rõ');
  await office.getByLabel('Kết quả đạt được').fill('Giảm 60% lượt đi lại của người dân');
  await office.getByRole('button', { name: 'Ghi quyết định' }).click();
  assert.match(await office.locator('.state').innerText(), /Được công nhận cấp tỉnh/);

  await office.goto(server.base + '/initiatives/recognised');
  const row = office.locator('table.recognised tr', { hasText: TITLE });
  assert.match(await row.innerText(), /Cấp tỉnh/);
  assert.match(await row.innerText(), /Giảm 60% lượt đi lại/);

  const phone = await login(browser, server.base, 'tuphap', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto(server.base + '/initiatives/recognised');
  const cell = phone.locator('table.recognised tr', { hasText: TITLE }).locator('td').first();
  assert.ok(await cell.isVisible());
  const box = await cell.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `the title fits the screen: ${JSON.stringify(box)}`);
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `no sideways scrolling (${wide} px)`);
});
