// The foundation journey: the administrator signs in, imports a roster, creates a unit and a
// person, and that person signs in and sees their home page (on a phone-sized screen).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
import { startServer, launchBrowser } from './server.js';

const ADMIN_PASSWORD = 'Chief-Passw0rd!';
let server;
let browser;

before(async () => {
  server = await startServer((cli) => {
    cli('admin', 'init', '--office', '中共测试市委办公室', '--level', 'city', '--username', 'admin', '--password', ADMIN_PASSWORD, '--without-second-factor');
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, username, password) {
  await page.goto(server.base + '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit].primary');
}

test('an administrator builds the organisation and a new officer signs in', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();

  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.waitForSelector('#attention-admin');
  assert.match(await page.textContent('h1'), /您好/);

  // A roster with a broken row imports nothing and names the line.
  const bad = join(server.dir, 'bad.csv');
  writeFileSync(bad, '\ufeff单位名称,上级单位,单位类别,姓名,用户名,角色\n东城区委办公室,中共测试市委办公室,办公室,王芳,wangfang,编辑\n西城镇,不存在的县,乡镇,李强,liqiang,信息员\n');
  await page.click('nav >> text=名册导入');
  await page.setInputFiles('input[type=file]', bad);
  await page.click('form[enctype] button[type=submit]');
  await page.waitForSelector('.problems');
  assert.match(await page.textContent('.problems'), /第 3 行：上级单位“不存在的县”不存在/);

  // The good roster imports units, people and roles at once.
  const good = join(server.dir, 'good.csv');
  writeFileSync(good, '\ufeff单位名称,上级单位,单位类别,办公室级别,责任科室,姓名,用户名,角色\n东城区委办公室,中共测试市委办公室,办公室,县级,信息科,王芳,wangfang,编辑\n东城街道,东城区委办公室,街道,,党政办,李强,liqiang,信息员\n');
  await page.goto(server.base + '/admin/roster');
  await page.setInputFiles('input[type=file]', good);
  await page.click('form[enctype] button[type=submit]');
  await page.waitForSelector('#import-report');
  assert.match(await page.textContent('#import-report'), /新建单位 2 个/);

  // Create a unit under the imported county office.
  await page.goto(server.base + '/admin/units/new');
  await page.fill('input[name=name]', '河口乡');
  await page.selectOption('select[name=kind]', 'township');
  await page.selectOption('select[name=parent_id]', { label: '　东城区委办公室' });
  await page.fill('input[name=responsible_section]', '党政办');
  await page.click('form.form button.primary');
  await page.waitForURL(/\/admin\/units\/\d+$/);
  assert.equal((await page.textContent('h1')).trim(), '河口乡');

  // Create a person in it as its information officer.
  await page.goto(server.base + '/admin/people/new');
  await page.fill('input[name=username]', 'hekou-officer');
  await page.fill('input[name=name]', '赵敏');
  await page.fill('input[name=phone]', '13800138000');
  await page.selectOption('select[name=unit_id]', { label: '　　河口乡' });
  await page.selectOption('select[name=role]', 'officer');
  await page.click('form.form button.primary');
  const initial = (await page.textContent('#once-password')).trim();
  assert.ok(initial.length >= 10);

  // Sign out.
  await page.click('header form button');
  await page.waitForURL(/\/login$/);
  await context.close();

  // The new officer signs in on a phone, must change the initial password, then sees home.
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const p = await phone.newPage();
  await signIn(p, 'hekou-officer', initial);
  await p.waitForURL(/\/account/);
  await p.fill('input[name=current]', initial);
  await p.fill('input[name=new]', 'Hekou-Passw0rd!');
  await p.fill('input[name=confirm]', 'Hekou-Passw0rd!');
  await p.click('form[action="/account/password"] button');
  await p.waitForSelector('.notice');
  await p.goto(server.base + '/');
  await p.waitForSelector('#attention-officer');
  const home = await p.textContent('main');
  assert.match(home, /我的信息/);
  assert.match(home, /河口乡/);
  assert.match(home, /您起草和报送的信息将显示在这里/);
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the home page fits a 375 px screen (overflow ${overflow}px)`);
  mkdirSync(RESULTS, { recursive: true });
  await p.screenshot({ path: join(RESULTS, 'home-phone.png'), fullPage: true });
  await phone.close();
});
