// A sudden event in the browser: the city editor registers a level II event for two
// counties; one county logs a phone report and then a written one in time; the other misses
// the limit, receives the reminder notice and shows up in the ledger as late. Time moves by
// the server's test clock, never by waiting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser } from './server.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const PW = 'Journey-Passw0rd!';
const ROSTER = '\ufeff单位名称,上级单位,单位类别,办公室级别,责任科室,姓名,用户名,角色\n' +
  '中共青山市委办公室,,办公室,市级,信息科,冯编辑,city-editor,编辑\n' +
  '青河县委办公室,中共青山市委办公室,办公室,县级,信息科,周编辑,qh-editor,编辑\n' +
  '白水县委办公室,中共青山市委办公室,办公室,县级,信息科,孙编辑,bs-editor,编辑\n';

let server;
let browser;

before(async () => {
  server = await startServer((cli) => {
    cli('admin', 'init', '--office', '中共青山市委办公室', '--level', 'city', '--username', 'admin', '--password', PW, '--without-second-factor');
    const file = join(process.env.TMPDIR || '/tmp', `events-roster-${process.pid}.csv`);
    writeFileSync(file, ROSTER);
    cli('import', file);
    for (const u of ['city-editor', 'qh-editor', 'bs-editor']) {
      cli('admin', 'reset-password', '--username', u, '--password', PW);
    }
  }, { serveArgs: ['--test-clock'], env: { XINBAO_SESSION_IDLE_MINUTES: '600' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(username) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(server.base + '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PW);
  await page.click('button[type=submit].primary');
  await page.waitForSelector('h1');
  return { page, close: () => context.close() };
}

async function submit(page, formSelector) {
  await Promise.all([page.waitForNavigation(), page.click(`${formSelector} button[type=submit]`)]);
}

async function advanceClock(seconds) {
  const s = await fetch(server.base + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PW }) });
  const { token } = await s.json();
  const r = await fetch(server.base + '/api/v1/test/clock', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify({ advance_seconds: seconds }) });
  assert.equal(r.status, 200, 'the server runs with a test clock');
}

async function shot(page, name) {
  await page.screenshot({ path: join(RESULTS, name), fullPage: true });
}

test('one county reports in time, the other misses the limit and is reminded and recorded', async () => {
  const city = await as('city-editor');
  let eventUrl;
  try {
    await city.page.click('nav a[href="/events"]');
    await city.page.click('a[href="/events/new"]');
    await city.page.fill('input[name=title]', '白水河流域山洪灾害');
    await city.page.selectOption('select[name=severity]', 'II');
    await city.page.check('label.check:has-text("青河县委办公室") input');
    await city.page.check('label.check:has-text("白水县委办公室") input');
    await submit(city.page, '#event-form');
    eventUrl = city.page.url();
    assert.match(eventUrl, /\/events\/\d+$/);
    assert.equal(await city.page.locator('#clocks tbody tr').count(), 6, 'phone, written, follow-up for each county');
    await shot(city.page, 'event-registered.png');
  } catch (e) { await shot(city.page, 'failure-register.png'); throw e; }

  const qh = await as('qh-editor');
  try {
    await qh.page.goto(eventUrl);
    await qh.page.fill('#phone-form input[name=caller]', '周编辑');
    await qh.page.fill('#phone-form textarea[name=body]', '青河县境内出现山洪，正在核实伤亡');
    await submit(qh.page, '#phone-form');
    const fill = { occurred_at: '今日9时', place: '青河县白水河沿岸', source: '县应急局', nature: '山洪灾害',
      scope_trend: '水位回落', casualties: '无人员伤亡', measures: '转移群众120人', leaders_on_site: '县长到场',
      requests: '暂无', received_at: '9时20分' };
    for (const [k, v] of Object.entries(fill)) await qh.page.fill(`#written-form input[name=el_${k}]`, v);
    await qh.page.fill('#written-form textarea[name=body]', '青河县山洪灾害初报');
    await submit(qh.page, '#written-form');
    const qhRows = qh.page.locator('#clocks tbody tr[data-unit="青河县委办公室"]');
    assert.equal(await qhRows.locator('.status.d-met').count(), 2, 'phone and written met in time');
  } catch (e) { await shot(qh.page, 'failure-report.png'); throw e; }

  await advanceClock(61 * 60);

  const bs = await as('bs-editor');
  try {
    await bs.page.goto(server.base + '/notifications');
    assert.ok(await bs.page.locator('text=催报通知单').count() > 0, 'the overdue notice reached the county');
    await bs.page.goto(eventUrl);
    const late = bs.page.locator('#clocks tbody tr[data-unit="白水县委办公室"] .status.d-overdue');
    assert.ok(await late.count() >= 2, 'phone and written limits overdue');
    await Promise.all([bs.page.waitForNavigation(), bs.page.locator('#clocks a:has-text("催报通知单")').first().click()]);
    await bs.page.waitForSelector('#notice');
    const notice = await bs.page.textContent('#notice');
    assert.match(notice, /重要紧急信息催报通知单/);
    assert.match(notice, /白水县委办公室/);
    assert.match(notice, /白水河流域山洪灾害/);
    await shot(bs.page, 'reminder-notice.png');
  } catch (e) { await shot(bs.page, 'failure-reminder.png'); throw e; }

  try {
    await city.page.goto(server.base + '/ledger');
    const rows = await city.page.$$eval('#ledger tbody tr', (trs) => trs.map((tr) => [tr.cells[2].textContent.trim(), tr.cells[3].textContent.trim()]));
    const has = (unit, kind) => rows.filter(([u, k]) => u === unit && k.startsWith(kind)).length;
    assert.ok(has('白水县委办公室', '迟报') >= 1, 'Baishui is on the ledger as late: ' + JSON.stringify(rows));
    assert.equal(has('青河县委办公室', '迟报'), 0, JSON.stringify(rows));
    assert.equal(has('青河县委办公室', '表扬'), 1, JSON.stringify(rows));
    await shot(city.page, 'ledger.png');
  } catch (e) { await shot(city.page, 'failure-ledger.png'); throw e; }
  await Promise.all([city.close(), qh.close(), bs.close()]);
});
