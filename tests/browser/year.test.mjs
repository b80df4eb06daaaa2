// The reform office's year in one journey (issue 14): the chairman's conclusion notice gives
// "Các sở, ban, ngành" a task; on import it fans out to every department of the province;
// Sở Tư pháp reports it done and the office accepts; Sở Tài chính lets it fall overdue; the
// daily run escalates it to the unit's head and to the office, with the reminder letter;
// the head signs off the unit's late plan and its report with a target figure; the leader's
// attainment panel counts the figure and the consolidated DOCX lists the overdue task, the
// unit's report and a chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, launchChromium, login as loginAs, unzip } from './server.mjs';

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

const DAY = 24 * 3600 * 1000;
// A day in Vietnam time (UTC+7), as the server counts days, `offset` days from today.
function vnDay(offset) {
  const d = new Date(Date.now() + 7 * 3600 * 1000 + offset * DAY);
  return { d: d.getUTCDate(), m: d.getUTCMonth() + 1, y: d.getUTCFullYear() };
}
const ddmmyyyy = ({ d, m, y }) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;

// The notice, dated 40 days ago; its first task was due 20 days ago.
function notice() {
  const issued = vnDay(-40);
  const due = ddmmyyyy(vnDay(-20));
  const soon = ddmmyyyy(vnDay(10));
  return [
    'ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH',
    'VĂN PHÒNG',
    'Số: 412/TB-VPUBND',
    `Hà Tĩnh, ngày ${issued.d} tháng ${issued.m} năm ${issued.y}`,
    '',
    'THÔNG BÁO',
    'Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp giao ban công tác cải cách hành chính',
    '',
    'Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:',
    '',
    `1. Các sở, ban, ngành rà soát, cập nhật quy trình nội bộ giải quyết thủ tục hành chính trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, hoàn thành trước ngày ${due}.`,
    '',
    `2. Sở Nội vụ tổng hợp kết quả rà soát, báo cáo Ủy ban nhân dân tỉnh trước ngày ${soon}.`,
    '',
  ].join('\n');
}

// Met / not met / no figure of a target's row in the leader's attainment panel.
async function panelRow(page, code) {
  await page.goto(server.base + '/');
  const row = page.locator('#attainment tbody tr', { hasText: `${code}. ` });
  if ((await row.count()) === 0) return [0, 0, 0];
  const cells = await row.first().locator('td').allInnerTexts();
  return cells.slice(-3).map(Number);
}

test('a group task fans out, one member falls overdue and is escalated, the head signs off, the leader sees it', async (t) => {
  const Y = vnDay(0).y;
  // 1. The office imports the notice; the first task is led by the departments as a group.
  const office = await loginAs(browser, server.base, 'vanphong');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cchc-notice-')), 'tb-412.txt');
  writeFileSync(file, notice());
  await office.goto(server.base + '/plans/import');
  await office.getByLabel('Chọn tệp').setInputFiles(file);
  await office.getByRole('button', { name: 'Đọc tệp' }).click();
  await office.waitForURL(/\/plans\/drafts\/\d+$/);
  assert.match(await office.locator('main').innerText(), /Các sở, ban, ngành/);
  await office.getByRole('button', { name: 'Lưu vào hệ thống' }).click();
  await office.waitForURL(/\/plans\/\d+$/);
  const doc = office.url().match(/\/plans\/(\d+)$/)[1];

  // 2. It fans out: one instance per department, each with its own state.
  await office.goto(server.base + `/tasks?document=${doc}&q=` + encodeURIComponent('quy trình nội bộ'));
  await office.locator('table.data tbody tr a').first().click();
  const members = office.locator('h2:has-text("Các đơn vị thực hiện") + p + table tbody tr');
  assert.ok((await members.count()) > 5, 'one row per department of Hà Tĩnh');
  const row = (name) => members.filter({ hasText: name }).first();
  const stpTask = await row('Sở Tư pháp').locator('a').getAttribute('href');
  const stcTask = await row('Sở Tài chính').locator('a').getAttribute('href');
  assert.notEqual(stpTask, stcTask);
  assert.match(await row('Sở Tài chính').innerText(), /Quá hạn/);

  // 3. Sở Tư pháp (no head account: its claim goes to the office) reports it done; the office
  //    accepts. Sở Tài chính does nothing.
  const stp = await loginAs(browser, server.base, 'tuphap');
  await stp.goto(server.base + stpTask);
  await stp.getByLabel('Kết quả, sản phẩm').fill('Đã cập nhật 126 quy trình nội bộ trên Hệ thống thông tin giải quyết TTHC.');
  await stp.getByLabel('Văn bản minh chứng khác (số, ngày; phân cách bằng dấu chấm phẩy)').fill('Công văn 812/STP-VP');
  await stp.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
  await office.goto(server.base + stpTask);
  await office.getByRole('button', { name: 'Công nhận hoàn thành' }).click();
  await office.goto(server.base + stcTask);
  assert.match(await office.locator('main').innerText(), /Quá hạn/);
  const leader = await loginAs(browser, server.base, 'lanhdao');
  await leader.goto(server.base + stcTask);
  const progress = await leader.locator('h2:has-text("Các đơn vị thực hiện") + p').innerText();
  assert.match(progress, /Đã hoàn thành 1/, progress);
  assert.match(progress, /Quá hạn/, progress);

  // 4. The daily run (here by hand, as an administrator can) escalates the overdue instance:
  //    20 days overdue reaches the unit's staff, its head and the office.
  const run = JSON.parse(server.cli('remind', '--json'));
  const stcId = Number(stcTask.split('/').pop());
  const steps = run.escalations.filter((e) => e.instance_id === stcId && e.won).map((e) => e.audience);
  for (const a of ['focal', 'head', 'office']) assert.ok(steps.includes(a), `${a} in ${steps}`);

  // 5. The head is told, with the reminder letter; the office too.
  const head = await loginAs(browser, server.base, 'giamdoc.taichinh');
  await head.goto(server.base + '/notifications');
  const headNotice = head.locator(`table.notifications tr:has(a[href="${stcTask}"])`).first();
  assert.match(await headNotice.innerText(), /quá hạn \d+ ngày — Sở Tài chính/);
  await head.goto(server.base + stcTask);
  const history = await head.locator('h2:has-text("Chuyển cấp khi quá hạn") + table').innerText();
  assert.match(history, /Thủ trưởng đơn vị\s+Giám đốc Sở Tài chính/);
  assert.match(history, /Cơ quan thường trực CCHC và lãnh đạo/);
  const letterHref = await head.getByRole('link', { name: 'Công văn đôn đốc gửi kèm (DOCX)' }).getAttribute('href');
  const letter = await head.request.get(server.base + letterHref);
  assert.equal(letter.status(), 200);
  const letterXml = unzip(await letter.body()).get('word/document.xml').toString('utf8');
  assert.match(letterXml, /quy trình nội bộ/);
  await office.goto(server.base + '/notifications');
  const officeNotice = office.locator(`table.notifications tr:has(a[href="${stcTask}"])`).first();
  assert.match(await officeNotice.innerText(), /quá hạn \d+ ngày — Sở Tài chính/);

  // 6. The focal point writes the unit's plan (due in January: late) and the report of the
  //    period open today (in December, the year's) with a figure for target 1.1; both go to
  //    the head, who signs them off. Between two periods' windows no report is open: the
  //    figure's part is then left out, and says so.
  const focal = await loginAs(browser, server.base, 'taichinh');
  await focal.goto(server.base + '/reports');
  const openKeys = await focal.locator('table tbody tr', { hasText: 'Lập báo cáo' }).locator('a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href').split('/').pop()));
  const period = openKeys.find((k) => k !== `${Y}-plan`);
  if (!period) t.diagnostic('no reporting period is open today: the target figure is not sent');
  const leaderBefore = await panelRow(leader, '1.1');
  await focal.goto(server.base + `/reports/${Y}-plan`);
  await focal.locator('textarea#narrative').fill('Kế hoạch CCHC năm của Sở Tài chính, số 21/KH-STC');
  await focal.getByRole('button', { name: 'Trình lãnh đạo đơn vị' }).click();
  await focal.waitForURL(server.base + '/reports');
  if (period) {
    await focal.goto(server.base + `/reports/${period}`);
    await focal.locator('textarea#narrative').fill('Sở Tài chính hoàn thành 25/29 nhiệm vụ CCHC có hạn trong kỳ.');
    await focal.getByLabel('Giá trị đạt 1.1', { exact: true }).fill('100');
    await focal.getByRole('button', { name: 'Trình lãnh đạo đơn vị' }).click();
    await focal.waitForURL(server.base + '/reports');
  }

  for (const key of period ? [`${Y}-plan`, period] : [`${Y}-plan`]) {
    await head.goto(server.base + `/reports/${key}`);
    await head.getByLabel('Ký duyệt', { exact: true }).check();
    await head.getByRole('button', { name: 'Ghi nhận' }).click();
    await head.waitForURL(server.base + '/reports');
  }

  // 7. The office sees the plan sent late, signed by the head.
  await office.goto(server.base + `/reports?period=${Y}-plan`);
  const planRow = office.locator('tr', { hasText: 'giamdoc.taichinh' });
  assert.match(await planRow.innerText(), /Trễ \d+ ngày/);

  // 8. The leader's attainment panel counts the figure (100% for a 100% target: met).
  if (period) {
    const leaderAfter = await panelRow(leader, '1.1');
    assert.deepEqual(leaderAfter, [leaderBefore[0] + 1, leaderBefore[1], leaderBefore[2]]);
  }

  // 9. The consolidated DOCX of the year lists Sở Tài chính's overdue task and carries a chart.
  const r = await office.request.get(server.base + `/reports/consolidated.docx?period=${Y}-year`);
  assert.equal(r.status(), 200);
  const files = unzip(await r.body());
  const xml = files.get('word/document.xml').toString('utf8').replace(/<[^>]+>/g, ' ');
  assert.ok([...files.keys()].some((n) => n.startsWith('word/media/') && n.endsWith('.png')), 'a chart');
  assert.match(xml, /quy trình nội bộ[^]*Sở Tài chính[^]*Quá hạn|Sở Tài chính[^]*quy trình nội bộ[^]*Quá hạn/);
  assert.doesNotMatch(xml, /bổ sung\.\)/, 'no placeholder text');
  for (const p of [office, stp, leader, head, focal]) await p.context().close();
});
