// A periodical in the browser: the city editor builds an issue from three items adopted from
// two townships of a county, edits a headline and freezes it; the chief signs it off; it is
// published; a leader reads it on a phone-sized screen and writes an instruction assigning the
// county; the county reports back; the townships see the instruction on their own items.
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
  '中共青山市委办公室,,办公室,市级,信息科,韩秘书长,city-chief,审签领导(秘书长)\n' +
  '中共青山市委办公室,,办公室,市级,信息科,李书记,city-leader,阅读领导\n' +
  '青河县委办公室,中共青山市委办公室,办公室,县级,信息科,周编辑,county-editor,编辑\n' +
  '青河县委办公室,中共青山市委办公室,办公室,县级,信息科,陈秘书长,county-deputy,审签领导(副秘书长)\n' +
  '甲镇,青河县委办公室,乡镇,,党政办,吴信息,jia-officer,信息员\n' +
  '乙镇,青河县委办公室,乡镇,,党政办,王信息,yi-officer,信息员\n';
const USERS = ['city-editor', 'city-chief', 'city-leader', 'county-editor', 'county-deputy', 'jia-officer', 'yi-officer'];

let server;
let browser;

before(async () => {
  server = await startServer((cli) => {
    cli('admin', 'init', '--office', '中共青山市委办公室', '--level', 'city', '--username', 'admin', '--password', PW, '--without-second-factor');
    const file = join(process.env.TMPDIR || '/tmp', `periodicals-roster-${process.pid}.csv`);
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

async function api(username, path, body) {
  const s = await fetch(server.base + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PW }) });
  const { token } = await s.json();
  const r = await fetch(server.base + path, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.ok(r.ok, `${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

// An item written in a township, adopted by the county, sent up and adopted by the city.
async function adoptedAbove(officer, title) {
  const item = await api(officer, '/api/v1/items?submit=true', { title, body: `<p>${title}。全镇上下齐抓共管，成效明显。</p>`, type: 'dynamic' });
  await api('county-editor', `/api/v1/items/${item.id}/adopt`, {});
  const up = await api('county-editor', `/api/v1/items/${item.id}/forward`, {});
  await api('county-deputy', `/api/v1/items/${up.id}/approve`, {});
  await api('city-editor', `/api/v1/items/${up.id}/adopt`, {});
  return { own: item.id, up: up.id };
}

async function as(username, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(server.base + '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PW);
  await page.click('button[type=submit].primary');
  await page.waitForSelector('h1');
  return { page, close: () => context.close() };
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function shot(page, name) {
  await page.screenshot({ path: join(RESULTS, name), fullPage: true });
}

test('an issue is built, frozen, signed off, published, read on a phone and instructed, and the county reports back', async () => {
  const jia1 = await adoptedAbove('jia-officer', '甲镇秸秆禁烧实现零火点');
  const jia2 = await adoptedAbove('jia-officer', '甲镇冬季安全生产大检查');
  const yi = await adoptedAbove('yi-officer', '乙镇秋粮收购进展顺利');

  const editor = await as('city-editor');
  let issueUrl;
  try {
    await editor.page.click('nav a[href="/periodicals"]');
    await editor.page.click('details:has(#new-periodical) > summary');
    await editor.page.fill('#new-periodical input[name=name]', '每日要情');
    await editor.page.fill('#new-periodical textarea[name=columns]', '工作动态\n基层信息');
    await editor.page.selectOption('#new-periodical select[name=signoff_level]', 'chief');
    await editor.page.fill('#new-periodical input[name=copies]', '60');
    await editor.page.fill('#new-periodical input[name=dist_up]', '省委办公厅');
    await editor.page.fill('#new-periodical input[name=dist_down]', '各县（市、区）委办公室');
    await submit(editor.page, '#new-periodical button[type=submit]');
    const boxes = editor.page.locator('#new-issue input[name=item]');
    assert.equal(await boxes.count(), 3, 'the three adopted items are offered');
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await submit(editor.page, '#new-issue button[type=submit]');
    issueUrl = editor.page.url();
    assert.match(issueUrl, /\/issues\/\d+$/);
    await editor.page.fill(`#issue-edit input[name=headline_${jia1.up}]`, '青河县甲镇：秸秆禁烧实现“零火点”');
    await editor.page.fill(`#issue-edit input[name=pos_${jia1.up}]`, '0');
    await editor.page.selectOption(`#issue-edit select[name=column_${jia1.up}]`, '基层信息');
    await editor.page.fill('#issue-edit textarea[name=editor_note]', '现将近期基层工作亮点摘编如下。');
    await submit(editor.page, '#issue-edit button[type=submit]');
    await submit(editor.page, '#freeze');
    assert.equal(await editor.page.locator('#issue-edit').count(), 0, 'a frozen issue cannot be edited');
    assert.ok(await editor.page.locator('#locked').isVisible());
    await shot(editor.page, 'periodical-frozen.png');
  } finally {
    await editor.close();
  }

  const chief = await as('city-chief');
  try {
    await chief.page.goto(server.base + issueUrl.replace(server.base, ''));
    await submit(chief.page, '#sign-off');
    assert.match(await chief.page.locator('#issue-status').innerText(), /已签发/);
  } finally {
    await chief.close();
  }

  const editor2 = await as('city-editor');
  try {
    await editor2.page.goto(issueUrl);
    await submit(editor2.page, '#publish');
    assert.match(await editor2.page.locator('#issue-status').innerText(), /已印发/);
    // The points page draws its charts in the page, from assets the binary serves.
    await editor2.page.goto(server.base + '/scores');
    await editor2.page.waitForSelector('#chart-months[data-drawn="1"] svg', { timeout: 10000 });
    await editor2.page.waitForSelector('#chart-types[data-drawn="1"] svg');
    await shot(editor2.page, 'scores-charts.png');
    await editor2.page.goto(issueUrl + '/print');
    assert.match(await editor2.page.locator('.sheet').innerText(), /每日要情[\s\S]*第1期[\s\S]*青河县甲镇：秸秆禁烧实现“零火点”[\s\S]*报：省委办公厅/);
    await shot(editor2.page, 'periodical-print.png');
  } finally {
    await editor2.close();
  }

  // The leader, on a phone: the notice leads to the reading view.
  const leader = await as('city-leader', { width: 390, height: 844 });
  try {
    await leader.page.goto(server.base + '/notifications');
    await submit(leader.page, 'a[href$="/read"]');
    assert.match(await leader.page.locator('#reading').innerText(), /青河县甲镇：秸秆禁烧实现“零火点”/);
    const width = await leader.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);
    const section = leader.page.locator(`#item-${jia1.up}`);
    await section.locator('summary').click();
    await section.locator('textarea[name=text]').fill('经验做法很好，请青河县总结推广并报告落实情况。');
    await section.locator('select[name=leader_level]').selectOption('city');
    await section.locator('label:has-text("青河县委办公室") input').check();
    await Promise.all([leader.page.waitForNavigation(), section.locator('button[type=submit]').click()]);
    assert.match(await leader.page.locator(`#item-${jia1.up}`).innerText(), /请青河县总结推广/);
    await shot(leader.page, 'periodical-phone.png');
  } finally {
    await leader.close();
  }

  // The county reports back on its follow-up list.
  const county = await as('county-editor');
  try {
    await county.page.click('nav a[href="/instructions"]');
    const card = county.page.locator('.instruction', { hasText: '请青河县总结推广' });
    await card.locator('textarea[name=text]').fill('已在全县推广甲镇做法，秸秆综合利用率提高到92%。');
    await card.locator('select[name=kind]').selectOption('done');
    await Promise.all([county.page.waitForNavigation(), card.locator('button[type=submit]').click()]);
    assert.match(await county.page.locator('.instruction', { hasText: '请青河县总结推广' }).innerText(), /已办结[\s\S]*已在全县推广/);
  } finally {
    await county.close();
  }

  // Every contributing unit sees the instruction on its own item.
  for (const [user, id] of [['jia-officer', jia1.own], ['jia-officer', jia2.own], ['yi-officer', yi.own]]) {
    const t = await as(user);
    try {
      await t.page.goto(`${server.base}/items/${id}`);
      const text = await t.page.locator('#instructions').innerText().catch(() => '');
      if (id === jia1.own) {
        assert.match(text, /请青河县总结推广/, `${user} sees the instruction on item ${id}`);
      } else {
        assert.doesNotMatch(text, /请青河县总结推广/, 'only the instructed item carries it');
      }
    } finally {
      await t.close();
    }
  }
});
