// The editorial cycle in the browser: an officer drafts and submits, the unit leader signs
// off, the county editor returns it, the officer revises and resubmits, the editor adopts it,
// merges it with another unit's item and sends the result to the city, the city editor adopts
// it, and both officers see "adopted" by the city on their own items.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
import { startServer, launchBrowser } from './server.js';

const PW = 'Journey-Passw0rd!';
const ROSTER = '\ufeff单位名称,上级单位,单位类别,办公室级别,责任科室,姓名,用户名,角色\n' +
  '青河县委办公室,中共青山市委办公室,办公室,县级,信息科,周编辑,county-editor,编辑、审签领导(科长)\n' +
  '青河县委办公室,中共青山市委办公室,办公室,县级,信息科,陈秘书长,county-deputy,审签领导(副秘书长)\n' +
  '甲镇,青河县委办公室,乡镇,,党政办,吴信息,jia-officer,信息员\n' +
  '甲镇,青河县委办公室,乡镇,,党政办,郑镇长,jia-leader,分管领导\n' +
  '乙镇,青河县委办公室,乡镇,,党政办,王信息,yi-officer,信息员\n' +
  '中共青山市委办公室,,办公室,市级,信息科,冯编辑,city-editor,编辑\n';

let server;
let browser;

before(async () => {
  server = await startServer((cli) => {
    cli('admin', 'init', '--office', '中共青山市委办公室', '--level', 'city', '--username', 'admin', '--password', PW, '--without-second-factor');
    const file = join(process.env.TMPDIR || '/tmp', `roster-${process.pid}.csv`);
    writeFileSync(file, ROSTER);
    cli('import', file);
    for (const u of ['county-editor', 'county-deputy', 'jia-officer', 'jia-leader', 'yi-officer', 'city-editor']) {
      cli('admin', 'reset-password', '--username', u, '--password', PW);
    }
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function as(username) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (d) => d.dismiss());
  await page.goto(server.base + '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PW);
  await page.click('button[type=submit].primary');
  await page.waitForSelector('h1');
  return { page, close: () => context.close() };
}

async function api(username, path, body) {
  const s = await fetch(server.base + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PW }) });
  const { token } = await s.json();
  const r = await fetch(server.base + path, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(r.ok, `${path}: ${r.status}`);
  return r.json();
}

async function act(page, label) {
  try {
    await Promise.all([page.waitForNavigation(), page.click(`#actions button:has-text("${label}")`)]);
  } catch (e) {
    await page.screenshot({ path: join(RESULTS, 'failure.png'), fullPage: true });
    throw e;
  }
}

test('an item goes from a township to adoption by the city, and everyone below sees it', async () => {
  // The other township's item, sent by API.
  const other = await api('yi-officer', '/api/v1/items', { title: '乙镇秋粮收购进展顺利', body: '截至目前，乙镇已收购秋粮1.2万吨。', type: 'dynamic' });
  await api('yi-officer', `/api/v1/items/${other.id}/submit`, {});

  // The officer drafts an important item in the rich editor and submits it.
  const officer = await as('jia-officer');
  await officer.page.click('nav >> text=我的信息');
  await officer.page.click('text=起草信息');
  await officer.page.fill('input[name=title]', '甲镇冬季供暖保障有力');
  await officer.page.selectOption('select[name=importance]', 'important');
  await officer.page.click('#body-editor');
  await officer.page.keyboard.type('甲镇提前完成供暖管网检修，全镇3200户居民按时供暖。');
  await Promise.all([officer.page.waitForNavigation(), officer.page.click('button[value=save]')]);
  const itemUrl = officer.page.url();
  // A picture from the site, then submit.
  const png = join(process.env.TMPDIR || '/tmp', `site-${process.pid}.png`);
  writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
  await officer.page.setInputFiles('#attach-form input[type=file]', png);
  await Promise.all([officer.page.waitForNavigation(), officer.page.click('#attach-form button')]);
  await officer.page.waitForSelector('img.thumb');
  assert.ok(await officer.page.evaluate(() => document.querySelector('img.thumb').naturalWidth > 0), 'the thumbnail loads');
  await act(officer.page, '报送');
  assert.match(await officer.page.textContent('.status.big'), /待签发/);

  // The unit leader signs it off.
  const leader = await as('jia-leader');
  await leader.page.click('nav >> text=待签发');
  await leader.page.click('text=甲镇冬季供暖保障有力');
  await act(leader.page, '同意签发');
  assert.match(await leader.page.textContent('.status.big'), /已报送/);

  // The county editor returns it with a comment.
  const editor = await as('county-editor');
  await editor.page.click('nav >> text=收件箱');
  await editor.page.click('text=甲镇冬季供暖保障有力');
  await editor.page.fill('#actions textarea[name=comment]', '请补充供暖质量投诉处理情况');
  await act(editor.page, '退回修改');

  // The officer sees the comment, revises and resubmits; the leader signs off again.
  await officer.page.goto(itemUrl);
  assert.match(await officer.page.textContent('#return-comment'), /请补充供暖质量投诉处理情况/);
  await officer.page.click('#actions a:has-text("编辑")');
  await officer.page.click('#body-editor');
  await officer.page.keyboard.press('End');
  await officer.page.keyboard.type('供暖投诉12件，已全部办结。');
  await Promise.all([officer.page.waitForNavigation(), officer.page.click('button[value=submit]')]);
  await leader.page.goto(itemUrl);
  await act(leader.page, '同意签发');

  // The editor adopts it, merges it with the other township's item and sends it up.
  await editor.page.goto(itemUrl);
  await act(editor.page, '采用');
  assert.match(await editor.page.textContent('.status.big'), /采用/);
  await editor.page.goto(server.base + '/inbox?status=submitted,adopted');
  const id = itemUrl.split('/').pop();
  await editor.page.check(`input[name=pick][value="${id}"]`);
  await editor.page.check(`input[name=pick][value="${other.id}"]`);
  await Promise.all([editor.page.waitForNavigation(), editor.page.click('#merge-button')]);
  await editor.page.fill('input[name=title]', '青河县城乡民生保障工作扎实推进');
  await editor.page.fill('textarea[name=body]', '甲镇供暖保障有力，乙镇秋粮收购顺利。');
  await Promise.all([editor.page.waitForNavigation(), editor.page.click('button:has-text("生成综合信息")')]);
  assert.match(await editor.page.textContent('main'), /综合自/);
  await act(editor.page, '报送上级');

  // An important item needs the deputy secretary-general's sign-off before it leaves the county.
  assert.match(await editor.page.textContent('.status.big'), /待签发/);
  const deputy = await as('county-deputy');
  await deputy.page.click('nav >> text=待签发');
  await deputy.page.click('text=青河县城乡民生保障工作扎实推进');
  await act(deputy.page, '同意签发');

  // The city editor adopts the combined item.
  const city = await as('city-editor');
  await city.page.click('nav >> text=收件箱');
  await city.page.click('text=青河县城乡民生保障工作扎实推进');
  await act(city.page, '采用');

  // Both officers see the city's adoption on their own items.
  await officer.page.goto(itemUrl);
  const trail = await officer.page.textContent('#trail');
  assert.match(trail, /中共青山市委办公室：\s*采用/);
  const otherOfficer = await as('yi-officer');
  await otherOfficer.page.goto(`${server.base}/items/${other.id}`);
  assert.match(await otherOfficer.page.textContent('#trail'), /中共青山市委办公室：\s*采用/);
  for (const s of [officer, leader, editor, deputy, city, otherOfficer]) await s.close();
});
