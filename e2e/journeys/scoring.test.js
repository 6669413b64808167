// Scoring in the browser: the administrator loads the 六安 scheme for the city; a county's item
// is adopted by the city's 《政务要情》 and by the province, and a city leader instructs it; the
// county's officer opens their points and sees each one explained; the city editor enters a
// penalty with its reason and exports the quarterly bulletin as Word and Excel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, signedIn } from './server.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
const PW = 'Journey-Passw0rd!';
const PROVINCE = '中共江淮省委办公厅';
const CITY = '六安市委办公室';
const COUNTY = '金寨县委办公室';
const ROSTER = '\ufeff单位名称,上级单位,单位类别,办公室级别,责任科室,姓名,用户名,角色\n' +
  `${PROVINCE},,办公室,省级,信息处,省编辑,prov-editor,编辑\n` +
  `${CITY},${PROVINCE},办公室,市级,信息科,冯编辑,city-editor,编辑\n` +
  `${CITY},${PROVINCE},办公室,市级,信息科,韩秘书长,city-chief,审签领导(秘书长)\n` +
  `${CITY},${PROVINCE},办公室,市级,信息科,李书记,city-leader,阅读领导\n` +
  `${COUNTY},${CITY},办公室,县级,信息科,吴信息,county-officer,信息员\n` +
  `${COUNTY},${CITY},办公室,县级,信息科,陈秘书长,county-chief,审签领导(秘书长)\n`;
const USERS = ['prov-editor', 'city-editor', 'city-chief', 'city-leader', 'county-officer', 'county-chief'];

let server;
let browser;

before(async () => {
  server = await startServer((cli) => {
    cli('admin', 'init', '--office', PROVINCE, '--level', 'province', '--username', 'admin', '--password', PW, '--without-second-factor');
    const file = join(process.env.TMPDIR || '/tmp', `scoring-roster-${process.pid}.csv`);
    writeFileSync(file, ROSTER);
    cli('import', file);
    for (const u of USERS) cli('admin', 'reset-password', '--username', u, '--password', PW);
  }, { env: { XINBAO_SESSION_IDLE_MINUTES: '600' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const tokens = {};
async function call(username, method, path, body) {
  if (!tokens[username]) {
    const s = await fetch(server.base + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PW }) });
    tokens[username] = (await s.json()).token;
  }
  const r = await fetch(server.base + path, { method, headers: { authorization: 'Bearer ' + tokens[username], 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}
const post = (u, path, body) => call(u, 'POST', path, body);

const as = (username) => signedIn(browser, server.base, username, PW, { acceptDownloads: true });

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(RESULTS, d.suggestedFilename());
  await d.saveAs(path);
  return { name: d.suggestedFilename(), path };
}

test('the 六安 scheme scores a county item adopted by the city and the province and instructed, each point explained, and the bulletin exports', async () => {
  const units = await call('admin', 'GET', '/api/v1/units');
  const id = (name) => units.find((u) => u.name === name).id;
  for (const name of ['政务要情', '政务快讯']) {
    await post('city-editor', '/api/v1/periodicals', { name, restart_yearly: true, running_total: false, columns: '', copies: 50 });
  }

  // The administrator loads the shipped 六安 scheme for the city office.
  const admin = await as('admin');
  await admin.page.goto(`${server.base}/admin/scoring?office_id=${id(CITY)}`);
  await submit(admin.page, '#load-liuan');
  assert.match(await admin.page.textContent('main'), /六安市政务信息采用计分办法（2013）/);
  assert.match(await admin.page.inputValue('#scheme-form textarea'), /# 六安 2013/, 'the file keeps its comments');
  await admin.page.screenshot({ path: join(RESULTS, 'scoring-scheme.png'), fullPage: true });
  await admin.close();

  // The county's item: adopted in the city's 《政务要情》, sent on, adopted by the province,
  // instructed by the city's leader.
  let item = await post('county-officer', '/api/v1/items?submit=true', { title: '金寨县探索山区防汛预警新机制', body: '<p>金寨县建立村组预警员队伍，汛期零伤亡。</p>', type: 'experience' });
  if (item.status === 'awaiting_signoff') item = await post('county-chief', `/api/v1/items/${item.id}/approve`, {});
  await post('city-editor', `/api/v1/items/${item.id}/adopt`, { periodical: '政务要情' });
  const up = await post('city-editor', `/api/v1/items/${item.id}/forward`, {});
  if (up.status === 'awaiting_signoff') await post('city-chief', `/api/v1/items/${up.id}/approve`, {});
  await post('prov-editor', `/api/v1/items/${up.id}/adopt`, {});
  await post('city-leader', `/api/v1/items/${item.id}/instructions`, { text: '经验可推广', leader_level: 'city', leader_name: '李书记' });

  // The county's officer sees each point explained: 10 + 5 + 40 + 30.
  const officer = await as('county-officer');
  await officer.page.goto(server.base + '/scores');
  const card = officer.page.locator(`#unit-${id(COUNTY)}`);
  const text = await card.textContent();
  for (const rule of ['市政务要情采用', '报送省', '省采用', '市领导批示']) assert.ok(text.includes(rule), `${rule} is explained: ${text}`);
  assert.match(await card.locator('summary').textContent(), /85/);
  const links = await card.locator(`a[href="/items/${item.id}"]`).count();
  assert.equal(links, 4, 'every point names the item');
  await officer.page.screenshot({ path: join(RESULTS, 'scoring-explained.png'), fullPage: true });
  await officer.close();

  // The city editor enters a penalty and exports the quarter's bulletin.
  const editor = await as('city-editor');
  await editor.page.goto(server.base + '/scores');
  await submit(editor.page, 'a.range-link:nth-of-type(2)');
  assert.match(editor.page.url(), /from=\d{4}-(01|04|07|10)-01/, 'this quarter');
  await editor.page.click('#penalty summary');
  await editor.page.selectOption('#penalty-form select[name=unit_id]', String(id(COUNTY)));
  await editor.page.fill('#penalty-form input[name=points]', '-10');
  await editor.page.fill('#penalty-form input[name=reason]', '约稿未报');
  await submit(editor.page, '#penalty-form button[type=submit]');
  const after = await editor.page.locator(`#unit-${id(COUNTY)}`).textContent();
  assert.ok(after.includes('约稿未报') && after.includes('-10'), after);
  assert.match(await editor.page.locator(`#unit-${id(COUNTY)} summary`).textContent(), /75/);
  const docx = await download(editor.page, '#bulletin-docx');
  assert.match(docx.name, /通报.*\.docx$/);
  const xlsx = await download(editor.page, '#bulletin-xlsx');
  assert.match(xlsx.name, /通报.*\.xlsx$/);
  const { readFileSync } = await import('node:fs');
  for (const f of [docx, xlsx]) assert.equal(readFileSync(f.path).subarray(0, 2).toString(), 'PK', `${f.name} is an Office file`);
  await editor.page.screenshot({ path: join(RESULTS, 'scoring-bulletin.png'), fullPage: true });
  await editor.close();
});
