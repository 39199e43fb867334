import { APIRequestContext, expect, request as newRequest, test } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CDP from 'chrome-remote-interface';
import { chromiumPath } from '../playwright.config';
import { newPerson, registerViaApi } from './helpers';
import { apiSignIn } from './exam-helpers';

// Switch detection in a real browser (issue 17). Playwright's pages never become hidden (its focus
// emulation keeps them visible), so this journey starts Debian's Chromium headed on the X display that
// scripts/test provides (Xvfb) under a window manager (openbox), drives the page over the DevTools
// protocol, and makes the switches with real window-manager input (xdotool). Every assertion is on the
// server's count.

const display = process.env.DISPLAY;
// Synchronous (the steps are strictly ordered) but never unbounded: a `--sync` that waits for a window
// that never comes would block the worker, and with it the test's own timeout, for ever.
const xdotool = (...args: string[]): string =>
  execFileSync('xdotool', args, { env: { ...process.env }, timeout: 20_000 }).toString().trim();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('switches in a real browser: another window, leaving fullscreen, another tab, offline, across a reload; clicks, keys, the page\'s dialogs, the mouse at the edges, an in-page video, a resize and a reload are not switches', async ({ baseURL, request }) => {
  test.setTimeout(240_000);
  expect(display, 'scripts/test runs the suite under xvfb-run: this test needs an X display').toBeTruthy();
  const person = newPerson();
  await registerViaApi(request, person);
  const candidate: APIRequestContext = await newRequest.newContext({ baseURL });
  await apiSignIn(candidate, person.username, person.password);
  const staff = await newRequest.newContext({ baseURL });
  await apiSignIn(staff, 'demo_examiner', 'Examiner#2026');
  const title = `切屏检测 ${person.username}`;
  const settings = {
    title, kind: 'formal', start_ms: Date.now() - 60_000, duration_min: 60,
    single_count: 5, multiple_count: 2, fill_count: 2, single_points: 2, multiple_points: 4, fill_points: 2,
    pass_mark: 0, max_attempts: 1, waiting_room_min: 45, late_entry_min: 30, switch_limit: 10, verify_limit: 10,
    proctoring: false, show_result: true, candidates: [person.username],
  };
  expect((await staff.post('/api/exam-admin/create-exam', { data: { settings } })).ok()).toBeTruthy();
  const mine = await (await candidate.get('/api/exams/mine')).json();
  const examId = mine.find((e: { title: string }) => e.title === title).exam_id;
  expect((await candidate.post('/api/exams/confirm-step', { data: { exam_id: examId, step: 'agreement' } })).ok()).toBeTruthy();
  const attemptId = await (await candidate.post('/api/exams/begin', { data: { exam_id: examId } })).json();
  const cookie = (await candidate.storageState()).cookies.find((c) => c.name.endsWith('zj_session'))!;
  const serverCount = async () => (await (await candidate.get(`/api/exams/paper?attempt_id=${attemptId}`)).json()).switch_count;
  const expectCount = (n: number, timeout = 15_000) => expect.poll(serverCount, { timeout }).toBe(n);

  const processes: ChildProcess[] = [];
  const started = (command: string, args: string[]) => {
    const child = spawn(command, args, { env: { ...process.env }, stdio: 'ignore' });
    processes.push(child);
    return child;
  };
  started('openbox', []);
  const port = 9300 + (process.pid % 500);
  started(chromiumPath, [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--password-store=basic', `--remote-debugging-port=${port}`,
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'zj-headed-'))}`, '--window-size=1200,800', 'about:blank',
  ]);
  let client: CDP.Client | undefined;
  try {
    await expect.poll(async () => { try { return (await CDP.List({ port })).some((t) => t.type === 'page'); } catch { return false; } }, { timeout: 30_000 }).toBe(true);
    client = await CDP({ port, target: (targets) => targets.find((t) => t.type === 'page')! });
    const { Network, Page, Runtime, Input } = client;
    await Promise.all([Network.enable({}), Page.enable(), Runtime.enable()]);
    await Network.setCookie({ name: cookie.name, value: cookie.value, url: baseURL! });
    const evaluate = async (expression: string) => (await Runtime.evaluate({ expression, returnByValue: true })).result.value;
    // While a reload is under way the page's context is gone and evaluate throws: not there yet.
    const present = async (selector: string) => {
      try { return await evaluate(`!!document.querySelector(${JSON.stringify(selector)})`); } catch { return false; }
    };
    const visible = (selector: string) => expect.poll(() => present(selector), { timeout: 30_000 }).toBe(true);
    /** A real click (a user gesture) in the middle of the first element matching `selector` whose text has `text`. */
    const click = async (selector: string, text: string) => {
      const box = await evaluate(`(() => { const el = [...document.querySelectorAll(${JSON.stringify(selector)})].find((e) => e.textContent.includes(${JSON.stringify(text)}));
        if (!el) return null; const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`);
      expect(box, `${selector} "${text}"`).toBeTruthy();
      for (const type of ['mousePressed', 'mouseReleased'] as const) {
        await Input.dispatchMouseEvent({ type, x: box.x, y: box.y, button: 'left', clickCount: 1 });
      }
    };
    let browserWindow = '';
    const fullscreen = () => evaluate('!!document.fullscreenElement');
    const goFullscreen = async () => {
      await click('button', '进入全屏');
      await expect.poll(fullscreen, { timeout: 10_000 }).toBe(true);
    };
    /** The warning after a counted switch: 我知道了 closes it and goes fullscreen again (once more
     *  with 进入全屏 if the browser was still busy bringing its window back to the front). */
    const acknowledge = async () => {
      await visible('[role="alertdialog"]');
      xdotool('windowactivate', '--sync', browserWindow);
      await click('[role="alertdialog"] button', '我知道了');
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await expect.poll(fullscreen, { timeout: 5_000 }).toBe(true);
          return;
        } catch {
          await click('button', '进入全屏');
        }
      }
      expect(await fullscreen()).toBe(true);
    };

    await Page.navigate({ url: `${baseURL}/attempts/${attemptId}` });
    await visible('.question');
    browserWindow = xdotool('search', '--onlyvisible', '--class', 'chromium').split('\n').pop()!;
    xdotool('windowactivate', '--sync', browserWindow);
    await goFullscreen();

    // Not switches: clicks and keys inside the page, and the page's own hand-in dialog.
    await click('label.option', 'B.');
    xdotool('key', '--window', browserWindow, 'Right');
    xdotool('key', '--window', browserWindow, '1');
    await click('button', '交卷');
    await visible('[role="dialog"]');
    await click('[role="dialog"] button', '继续作答');
    await pause(4_000);
    expect(await serverCount()).toBe(0);
    expect(await fullscreen()).toBe(true);

    // Not switches either: the mouse going to the screen's edges (Chromium shows its "exit fullscreen"
    // bubble at the top), a video playing in the page, and the window being resized by the window manager.
    for (const [x, y] of [[640, 0], [0, 400], [1279, 799], [640, 400]]) {
      xdotool('mousemove', String(x), String(y));
      await pause(700);
    }
    await evaluate(`(() => { const canvas = document.createElement('canvas'); canvas.width = 160; canvas.height = 120;
      const paint = canvas.getContext('2d'); let frame = 0;
      setInterval(() => { paint.fillStyle = frame++ % 2 ? '#c00' : '#0c0'; paint.fillRect(0, 0, 160, 120); }, 100);
      const video = document.createElement('video'); video.id = 'in-page-video'; video.muted = true; video.autoplay = true;
      video.srcObject = canvas.captureStream(10); document.body.append(video); return video.play().then(() => true); })()`);
    await expect.poll(() => evaluate(`document.getElementById('in-page-video').currentTime > 1`), { timeout: 10_000 }).toBe(true);
    xdotool('windowsize', browserWindow, '1000', '700');
    await pause(4_000);
    expect(await serverCount()).toBe(0);
    expect(await fullscreen()).toBe(true);
    await evaluate(`document.getElementById('in-page-video').remove()`);

    // Another program's window in front: the page stays visible and fullscreen, but has lost focus.
    started('xterm', []);
    const terminal = xdotool('search', '--sync', '--onlyvisible', '--class', 'xterm').split('\n').pop()!;
    xdotool('windowactivate', '--sync', terminal);
    await expectCount(1);
    xdotool('windowactivate', '--sync', browserWindow);
    await acknowledge();
    await pause(3_500);

    // Leaving fullscreen with Escape.
    xdotool('key', '--window', browserWindow, 'Escape');
    await expectCount(2);
    await acknowledge();
    await pause(3_500);

    // Another tab in front (the page is hidden and leaves fullscreen: one action, one switch).
    xdotool('key', '--window', browserWindow, 'ctrl+t');
    await expectCount(3);
    xdotool('key', '--window', browserWindow, 'ctrl+w');
    await acknowledge();
    await pause(3_500);

    // Offline: the switch is kept and counted once the network is back.
    await Network.emulateNetworkConditions({ offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    xdotool('key', '--window', browserWindow, 'Escape');
    await pause(4_000);
    expect(await serverCount()).toBe(3);
    await Network.emulateNetworkConditions({ offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expectCount(4, 40_000);
    await acknowledge();
    await pause(3_500);

    // A reload before the report got out: the queued switch survives it and is counted after.
    await Network.setBlockedURLs({ urls: ['*/api/exams/switch*'] });
    xdotool('key', '--window', browserWindow, 'Escape');
    await expect.poll(() => evaluate(`localStorage.getItem('zj.exam.${attemptId}.switches')`), { timeout: 10_000 }).toBeTruthy();
    await Page.reload({});
    await visible('.question');
    expect(await serverCount()).toBe(4);
    await Network.setBlockedURLs({ urls: [] });
    await expectCount(5, 60_000);

    // A reload itself (the page hides and leaves fullscreen as it unloads) is not a switch.
    await goFullscreen();
    await pause(3_500);
    await Page.reload({});
    await visible('.question');
    await pause(5_000);
    expect(await serverCount()).toBe(5);
  } finally {
    await client?.close();
    for (const child of processes.reverse()) child.kill();
  }
});
