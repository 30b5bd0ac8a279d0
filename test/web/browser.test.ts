/**
 * The web page in a real headless Chromium (Debian's, driven by playwright-core) against our
 * daemon on a loopback port with a password: every process listed, a group stopped and started
 * from the page (checked over XML-RPC too, in priority order), auto-refresh that keeps the
 * filter, keyboard use, and a live stderr tail that shows a line within a second of its writing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT } from '../helpers/cli.ts';
import { makeTmpDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { PASSWORD, startWebDaemon, USER, type WebDaemon } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (apt-get install -y chromium)`;
if (skip !== false) console.log(`# skipping the browser tests: ${skip}`);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

describe('web page in Chromium', { skip }, () => {
  let w: WebDaemon;
  let context: BrowserContext;
  let page: Page;
  const profile = makeTmpDir('svweb-profile-');

  before(async () => {
    const { chromium } = await import('playwright-core');
    w = await startWebDaemon();
    await waitFor(async () => (await w.inet.getProcessInfo('broken')).statename === 'FATAL', { message: 'broken to be FATAL' });
    // launchPersistentContext: the fresh --user-data-dir is the profile directory it is given.
    context = await chromium.launchPersistentContext(profile.dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      httpCredentials: { username: USER, password: PASSWORD },
      viewport: { width: 1100, height: 560 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  after(async () => {
    await context?.close();
    await w?.stop();
    profile.cleanup();
  });

  /** The message the page shows after an action's POST → 303 (the script then drops it from the URL). */
  const message = (text: string): Promise<void> => page.locator('#status_msg').filter({ hasText: text }).waitFor();
  const stateOf = (ns: string): Promise<string> => page.locator(`tr.proc[data-ns="${ns}"] .state`).innerText();

  it('lists every process with its group, state and uptime, and saves a screenshot', async () => {
    await page.goto(`${w.base}/`);
    const infos = await w.inet.getAllProcessInfo();
    const shown = await Promise.all((await page.locator('tr.proc').all()).map((row) => row.getAttribute('data-ns')));
    assert.deepEqual(shown, infos.map((p) => (p.group === p.name ? p.name : `${p.group}:${p.name}`)));
    assert.equal(await stateOf('web:api'), 'running');
    assert.equal(await stateOf('broken'), 'fatal');
    assert.match(await page.locator('tr.proc[data-ns="web:api"] td[data-label="Uptime"]').innerText(), /^\d+:\d\d:\d\d$/);
    assert.equal(await page.locator('tr.proc[data-ns="web:worker"] td[data-label="Group"]').innerText(), 'web');
    // Colour is part of the state, not the only carrier of it: the name is spelled out too.
    const [running, fatal] = await Promise.all(['web:api', 'broken'].map((ns) => page.evaluate<string>(`getComputedStyle(document.querySelector('tr.proc[data-ns="${ns}"] .state')).color`)));
    assert.notEqual(running, fatal);
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'web-status.png') });
  });

  it('stops and starts a group from the page, in priority order', async () => {
    await page.goto(`${w.base}/`);
    await page.getByRole('button', { name: 'Stop group web', exact: true }).click();
    await message('Group web stopped');
    assert.equal(await stateOf('web:api'), 'stopped');
    assert.equal(await stateOf('web:worker'), 'stopped');
    assert.equal((await w.inet.getProcessInfo('web:api')).statename, 'STOPPED');
    assert.equal((await w.inet.getProcessInfo('web:worker')).statename, 'STOPPED');
    assert.equal((await w.inet.getProcessInfo('echo')).statename, 'RUNNING', 'other groups untouched');
    // Descending priority to stop: worker (20) is told before api (10).
    const log = w.d.mainLog();
    assert.ok(log.indexOf('waiting for worker to stop') < log.indexOf('waiting for api to stop'), log);

    // The keyboard alone starts it again: focus the real button, press Enter.
    await page.getByRole('button', { name: 'Start group web', exact: true }).focus();
    await page.keyboard.press('Enter');
    await message('Group web started');
    assert.equal(await stateOf('web:api'), 'running');
    assert.equal((await w.inet.getProcessInfo('web:api')).statename, 'RUNNING');
    assert.equal((await w.inet.getProcessInfo('web:worker')).statename, 'RUNNING');
  });

  it('refreshes the table in place, keeping the filter and the scroll position', async () => {
    await page.setViewportSize({ width: 390, height: 420 }); // phone-sized: rows become cards, the page scrolls
    await page.goto(`${w.base}/`);
    await page.getByLabel('Filter').fill('web');
    assert.equal(await page.locator('tr.proc[data-ns="echo"]').isHidden(), true);
    // (Browser-side code as strings: the project's TypeScript has no DOM library.)
    // Scrolled part-way down, with the row that is about to change below the top of the view.
    await page.evaluate('window.scrollTo(0, 120)');
    const scrollY = (): Promise<number> => page.evaluate<number>('window.scrollY');
    const scrolled = await scrollY();
    assert.equal(scrolled, 120, 'the phone-sized page scrolls');
    await w.inet.stopProcess('web:worker');
    await waitFor(async () => (await stateOf('web:worker')) === 'stopped', { message: 'the page to show worker stopped without a reload' });
    assert.equal(await page.getByLabel('Filter').inputValue(), 'web');
    assert.equal(await page.locator('tr.proc[data-ns="echo"]').isHidden(), true);
    assert.equal(await scrollY(), scrolled);
    assert.match(page.url(), /filter=web/);
    const wide = await page.evaluate<number>('document.documentElement.scrollWidth');
    assert.ok(wide <= 390, `no sideways scrolling on a phone (${wide}px wide)`);
    // Keyboard focus survives a refresh: the same button is focused in the new table.
    await page.getByRole('button', { name: 'Clear log web:api', exact: true }).focus();
    const stamp = await page.locator('#live').innerText();
    await waitFor(async () => (await page.locator('#live').innerText()) !== stamp, { message: 'the next refresh' });
    assert.equal(await page.evaluate<string>('document.activeElement.dataset.key'), 'clearlog web:api');
    await w.inet.startProcess('web:worker');
    await page.setViewportSize({ width: 1100, height: 560 });
  });

  it('tails stderr live: a line the child writes shows within a second, colours rendered, pause/resume', async () => {
    await page.goto(`${w.base}/`);
    await page.getByRole('link', { name: 'Tail stderr of echo', exact: true }).click();
    await page.waitForURL(/channel=stderr/);
    await waitFor(async () => /^Following/.test(await page.locator('#tailstatus').innerText()), { message: 'the stream to open' });
    const log = page.locator('#log');

    const line = `fresh-${Date.now()}`;
    // The child's printf %b turns the backslash escapes into real ESC bytes (XML-RPC cannot carry them).
    await w.inet.sendProcessStdin('echo', `\\033[31m${line}\\033[0m tail\n`);
    const sent = Date.now();
    await waitFor(async () => (await log.innerText()).includes(line), { timeoutMs: 1000, intervalMs: 20, message: 'the line in the live tail' });
    console.log(`# stderr line visible in the browser ${Date.now() - sent} ms after sendProcessStdin returned`);
    const red = log.locator('span.f1', { hasText: line });
    assert.equal(await red.count(), 1, 'ANSI red became a coloured span');
    assert.ok(!(await log.innerText()).includes('[31m'), 'no escape garbage');

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    assert.equal(await page.getByRole('button', { name: 'Resume', exact: true }).getAttribute('aria-pressed'), 'true');
    const held = `held-${Date.now()}`;
    await w.inet.sendProcessStdin('echo', `${held}\n`);
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await waitFor(async () => (await log.innerText()).includes(held), { message: 'output held during the pause to appear on resume' });
  });

  it('works on the unix socket through a forwarded port', async () => {
    // What `ssh -L 9001:/path/sv.sock` gives an operator: a TCP port relayed to the socket.
    const open = new Set<Socket>();
    const relay = createServer((c) => {
      const s = connect(w.d.sock);
      open.add(c).add(s);
      c.pipe(s).pipe(c);
      c.on('error', () => s.destroy());
      s.on('error', () => c.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
      const pid = (await w.inet.getProcessInfo('web:api')).pid;
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'Restart web:api', exact: true }).click();
      await message('Process web:api restarted');
      const now = await w.inet.getProcessInfo('web:api');
      assert.equal(now.statename, 'RUNNING');
      assert.notEqual(now.pid, pid);
    } finally {
      for (const sock of open) sock.destroy();
      await new Promise((r) => relay.close(r));
    }
  });

  it('keeps only the last 2,000 lines', async () => {
    await page.goto(`${w.base}/tail.html?processname=echo&channel=stderr`);
    await waitFor(async () => /^Following/.test(await page.locator('#tailstatus').innerText()), { message: 'the stream to open' });
    const lines = Array.from({ length: 2500 }, (_, i) => `bulk-${i}`).join('\n');
    await w.inet.sendProcessStdin('echo', `${lines}\n`);
    await waitFor(async () => (await page.locator('#log').innerText()).includes('bulk-2499'), { message: 'the last bulk line' });
    assert.equal(await page.locator('#log .ln').count(), 2000);
    assert.ok(!(await page.locator('#log').innerText()).includes('bulk-0\n'));
  });
});
