// End-to-end test of `shenbiao serve` in a real browser (headless Chromium
// driven by playwright-core): drop the sample 自评表 on the page, wait for
// the findings table, check the known findings, open a rule's docs, filter
// and sort, download the checked workbook and re-read it with shenbiao,
// check several files at once, take screenshots — and assert the page never
// requested anything from another host.
//
// Run through ./run.sh (builds the release binary first). Environment:
//   SHENBIAO_BIN  the binary (default ../../target/release/shenbiao)
//   CHROMIUM      the browser (default /usr/bin/chromium)
//   E2E_OUT       where screenshots and downloads go (default ./out)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = process.env.SHENBIAO_BIN || path.join(repo, 'target/release/shenbiao');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const out = path.resolve(process.env.E2E_OUT || path.join(here, 'out'));
const samples = path.join(repo, 'samples');
const SELF_EVAL = path.join(samples, '津南_智慧津南项目运维及咨询费.xlsx');
const FINAL_ACCOUNTS = path.join(samples, '决算_公开01-09.xlsx');
const CONTRACT = path.resolve(repo, '../shared/reference/check_findings_json.py');

let server;
let serverTmp;
/** What the program said on stderr. */
let serverSaid = '';
let url;
let context;
let page;
const foreign = [];

/**
 * Start `shenbiao` with no arguments, as a double-click does. The browser
 * it would open is replaced by a script (SHENBIAO_OPENER) that records the
 * address; the page is found there, and must be the one the console shows.
 */
function startServer() {
  serverTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbiao-e2e-tmp-'));
  const openerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbiao-e2e-opener-'));
  const opener = path.join(openerDir, 'opener.sh');
  const record = path.join(openerDir, 'opened.txt');
  fs.writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${record}'\n`, { mode: 0o755 });
  server = spawn(bin, [], {
    env: { ...process.env, TMPDIR: serverTmp, SHENBIAO_OPENER: opener },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr.on('data', (d) => {
    serverSaid += d.toString();
    process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('shenbiao did not start')), 20000);
    server.stdout.on('data', (d) => {
      buf += d.toString();
      const shown = /http:\/\/[^\s/]+/.exec(buf);
      if (!shown) return;
      const poll = setInterval(() => {
        const opened = fs.existsSync(record) ? fs.readFileSync(record, 'utf8').trim() : '';
        if (!opened) return;
        clearInterval(poll);
        clearTimeout(timer);
        if (opened === shown[0] + '/') resolve(shown[0]);
        else reject(new Error(`opened ${opened}, console shows ${shown[0]}`));
      }, 50);
    });
    server.on('exit', (code) => reject(new Error('shenbiao exited with ' + code)));
  });
}

before(async () => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  url = await startServer();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbiao-e2e-profile-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  context.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(url + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => foreign.push('page error: ' + e.message));
});

after(async () => {
  if (context) await context.close();
  if (server && server.exitCode === null) {
    // Ctrl-C: the server must stop gracefully and remove its files.
    const exited = new Promise((r) => server.on('exit', (code) => r(code)));
    server.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 0, 'shenbiao serve did not exit cleanly on Ctrl-C');
    const left = fs.readdirSync(serverTmp);
    assert.deepEqual(left, [], 'temporary files left after shutdown: ' + left);
  }
});

/** Drop files on the drop zone as a user dragging them from Explorer. */
async function dropFiles(files) {
  const payload = files.map((f) => ({ name: path.basename(f), b64: fs.readFileSync(f).toString('base64') }));
  const dt = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const it of items) {
      const bin = atob(it.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], it.name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('#drop', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: dt });
}

/** Rows of the findings table of one file card, as {severity, rule, sheet, cell, ...}. */
async function rowsOf(card) {
  return card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => {
    const td = tr.querySelectorAll('td');
    return {
      severity: td[0].innerText.trim(),
      rule: td[1].querySelector('button').innerText.trim(),
      sheet: td[2].innerText.trim(),
      cell: td[3].innerText.trim(),
      message: td[4].innerText.trim(),
      expected: td[5].innerText.trim(),
      actual: td[6].innerText.trim(),
      hidden: tr.hidden,
    };
  }));
}

/** Run `shenbiao check` on a file and return its findings JSON. */
function recheck(file) {
  const dir = fs.mkdtempSync(path.join(out, 'recheck-'));
  spawnSync(bin, ['check', file, '-o', dir, '--format', 'json', '-q']);
  const json = fs.readdirSync(dir).find((n) => n.endsWith('.findings.json'));
  assert.ok(json, 'shenbiao check wrote no findings JSON for ' + file);
  return JSON.parse(fs.readFileSync(path.join(dir, json), 'utf8'));
}

test('started with no arguments: the page opens and the console says how to stop it', async () => {
  await page.goto(url + '/');
  assert.equal(await page.locator('h1').innerText(), '审表');
  assert.match(serverSaid, /正在用默认浏览器打开/);
  assert.match(serverSaid, /关闭此窗口即停止/);
});

test('a dropped 自评表 shows its known findings, rule docs and a checked workbook', async () => {
  await page.goto(url + '/');
  await assert.doesNotReject(page.locator('#scheme option[value="national"]').waitFor({ state: 'attached' }));
  assert.equal(await page.locator('h1').innerText(), '审表');

  const checked = page.waitForResponse((r) => r.url().endsWith('/api/check'));
  await dropFiles([SELF_EVAL]);
  const api = await (await checked).json();
  fs.mkdirSync(path.join(out, 'json'), { recursive: true });
  for (const f of api.files) {
    fs.writeFileSync(path.join(out, 'json', f.name + '.findings.json'), JSON.stringify(f.report, null, 2));
  }

  const card = page.locator('#files .file').first();
  await card.locator('tbody tr').first().waitFor();
  assert.equal(await card.locator('.verdict').innerText(), '有错误');
  assert.match(await card.locator('.file-name').innerText(), /津南_智慧津南项目运维及咨询费\.xlsx/);
  const rows = await rowsOf(card);
  const zp24 = rows.find((r) => r.rule === 'ZP-24' && r.cell === 'H27');
  assert.ok(zp24, 'ZP-24 at H27 missing: ' + JSON.stringify(rows));
  assert.equal(zp24.severity, '错误');
  assert.equal(zp24.actual, '96');
  assert.equal(zp24.expected, '97');
  const zp19 = rows.find((r) => r.rule === 'ZP-19' && r.cell === 'H26');
  assert.ok(zp19, 'ZP-19 at H26 missing');
  assert.equal(zp19.severity, '警告');
  assert.match(await card.locator('.counts').innerText(), /错误 [1-9]/);

  // The rule docs are the text of `shenbiao rules ZP-24`.
  await card.locator('button.rule-link', { hasText: 'ZP-24' }).first().click();
  const dialog = page.locator('#rule-dialog');
  await dialog.waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.getElementById('rule-text').textContent.startsWith('正在读取'));
  const cli = execFileSync(bin, ['rules', 'ZP-24'], { encoding: 'utf8' });
  assert.equal(await page.locator('#rule-text').textContent(), cli);
  await page.screenshot({ path: path.join(out, 'serve-rule.png') });
  await page.locator('#rule-close').click();
  await dialog.waitFor({ state: 'hidden' });

  // Filter by severity: hiding 错误 hides the ZP-24 row only.
  await page.locator('.filters input[data-sev="error"]').uncheck();
  let now = await rowsOf(card);
  assert.ok(now.filter((r) => r.severity === '错误').every((r) => r.hidden));
  assert.ok(now.filter((r) => r.severity !== '错误').every((r) => !r.hidden));
  await page.locator('.filters input[data-sev="error"]').check();

  // Sort by cell: rows in row-then-column order; a second click reverses.
  await card.locator('th[data-key="cell"] button').click();
  now = await rowsOf(card);
  const rowNum = (c) => Number(/\d+/.exec(c)[0]);
  for (let i = 1; i < now.length; i++) assert.ok(rowNum(now[i - 1].cell) <= rowNum(now[i].cell), 'not sorted by cell');
  await card.locator('th[data-key="cell"] button').click();
  assert.equal(await card.locator('th[data-key="cell"]').getAttribute('aria-sort'), 'descending');
  await card.locator('th[data-key="severity"] button').click();

  // Download the checked workbook and read it with shenbiao itself.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.locator('a', { hasText: '下载标注工作簿' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), '津南_智慧津南项目运维及咨询费.checked.xlsx');
  const saved = path.join(out, download.suggestedFilename());
  await download.saveAs(saved);
  const again = recheck(saved);
  assert.equal(again.status, 'checked');
  assert.ok(again.findings.some((f) => f.rule === 'ZP-24' && f.cell === 'H27'),
    'the downloaded workbook no longer shows ZP-24 at H27');

  // The CSV download opens in Excel: UTF-8 with BOM.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#dl-csv').click()]);
  const csvPath = path.join(out, 'findings.csv');
  await csv.saveAs(csvPath);
  const csvText = fs.readFileSync(csvPath, 'utf8');
  assert.ok(csvText.startsWith('\ufeff文件'), 'CSV without BOM/header');
  assert.ok(csvText.includes('ZP-24'));

  await page.screenshot({ path: path.join(out, 'serve-one.png'), fullPage: true });

  // The served findings JSON meets design.md §6.
  if (fs.existsSync(CONTRACT)) {
    execFileSync('python3', [CONTRACT, path.join(out, 'json')], { stdio: 'inherit' });
  }
});

test('several files through the file picker: verdicts, zip, no foreign requests', async () => {
  const files = [SELF_EVAL, path.join(samples, '益阳_智慧益阳管理中心电费.xlsx')];
  if (fs.existsSync(FINAL_ACCOUNTS)) files.push(FINAL_ACCOUNTS);
  else console.log('# samples/决算_公开01-09.xlsx not there yet; checking the 自评表 samples only');
  const notExcel = path.join(out, '说明.txt');
  fs.writeFileSync(notExcel, '这不是工作簿');
  files.push(notExcel);

  // Hold the request a moment so the progress indication can be seen.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/check', async (route) => { await held; await route.continue(); });
  // A named scheme chosen on the page reaches the checker.
  await page.locator('#scheme').selectOption('hunan-yiyang');
  const checked = page.waitForResponse((r) => r.url().endsWith('/api/check'));
  await page.locator('#picker').setInputFiles(files);
  await page.locator('#progress').waitFor({ state: 'visible' });
  assert.match(await page.locator('#progress-text').innerText(), new RegExp('正在上传 ' + files.length + ' 个文件'));
  assert.ok(await page.locator('#drop').evaluate((d) => d.classList.contains('busy')));
  await page.screenshot({ path: path.join(out, 'serve-progress.png') });
  release();
  const api = await (await checked).json();
  assert.equal(api.scheme, 'hunan-yiyang');
  const yiyang = api.files[1].report.forms[0];
  assert.equal(yiyang.scheme, 'hunan-yiyang');
  await page.unroute('**/api/check');
  await page.locator('#progress').waitFor({ state: 'hidden' });
  await page.locator('#files .file').nth(files.length - 1).waitFor();
  const cards = page.locator('#files .file');
  assert.equal(await cards.count(), files.length);
  const verdicts = await cards.locator('.verdict').allInnerTexts();
  assert.equal(verdicts[0], '有错误');
  assert.equal(verdicts[files.length - 1], '无法读取');
  assert.match(await cards.nth(files.length - 1).locator('.file-error').innerText(), /不支持的文件类型（\.txt 文件）/);
  assert.match(await page.locator('#overview-text').innerText(), new RegExp('共 ' + files.length + ' 个文件'));

  if (fs.existsSync(FINAL_ACCOUNTS)) {
    const fa = cards.nth(2);
    assert.match(await fa.locator('.forms').innerText(), /部门决算公开表/);
  }

  const [zip] = await Promise.all([page.waitForEvent('download'), page.locator('#dl-zip').click()]);
  assert.equal(zip.suggestedFilename(), '审表结果.zip');
  const zipPath = path.join(out, zip.suggestedFilename());
  await zip.saveAs(zipPath);
  const head = fs.readFileSync(zipPath).subarray(0, 4);
  assert.deepEqual([...head], [0x50, 0x4b, 0x03, 0x04], 'not a zip');
  if (await page.locator('#dl-summary').isVisible()) {
    const [sum] = await Promise.all([page.waitForEvent('download'), page.locator('#dl-summary').click()]);
    assert.equal(sum.suggestedFilename(), '汇总.xlsx');
    await sum.saveAs(path.join(out, '汇总.xlsx'));
  }

  await page.screenshot({ path: path.join(out, 'serve-many.png'), fullPage: true });

  // Clearing deletes the results on the server.
  const zipHref = await page.locator('#dl-zip').getAttribute('href');
  await page.locator('#clear').click();
  await page.locator('#results').waitFor({ state: 'hidden' });
  await page.waitForFunction(async (href) => (await fetch(href)).status === 404, zipHref);

  assert.deepEqual(foreign, [], 'the page made requests outside the local server');
});

test('two samples at desktop and phone width (screenshots for docs/)', async () => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(url + '/');
  const files = [SELF_EVAL, path.join(samples, '益阳_智慧益阳管理中心电费.xlsx')];
  const checked = page.waitForResponse((r) => r.url().endsWith('/api/check'));
  await dropFiles(files);
  await checked;
  await page.locator('#files .file').nth(1).locator('tbody tr').first().waitFor();
  assert.deepEqual(await page.locator('#files .file .verdict').allInnerTexts(), ['有错误', '有警告']);
  // From the top, as the clerk first sees it: title, drop zone, results
  // (once the page's own smooth scroll to the results has ended).
  const toTop = async () => {
    await page.waitForTimeout(1000);
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await page.waitForFunction(() => window.scrollY === 0);
  };
  await toTop();
  await page.screenshot({ path: path.join(out, 'start-1366.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await toTop();
  await page.screenshot({ path: path.join(out, 'start-390.png') });
  // At phone width the findings are stacked cards that fit the screen:
  // no header row, each field on its own labelled line, nothing off-screen.
  const phone = await page.evaluate(() => {
    const table = document.querySelector('#files .file table.findings');
    const wrap = table.parentElement;
    const cell = table.querySelector('tbody tr td.msg');
    return {
      header: getComputedStyle(table.querySelector('thead')).display,
      fits: table.scrollWidth <= wrap.clientWidth + 1,
      label: getComputedStyle(cell, '::before').content,
    };
  });
  assert.deepEqual(phone, { header: 'none', fits: true, label: '"说明"' });
  await page.setViewportSize({ width: 1280, height: 900 });
});
