import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// One real server on a fresh SQLite database per run, in development mode (SMS codes in /dev/outbox).
const port = Number(process.env.ZJ_E2E_PORT ?? 3100);
const serverBin = process.env.ZJ_SERVER_BIN ?? `${process.env.HOME}/.cache/zhuanjia/target/debug/zhuanjia`;
const siteDir = process.env.ZJ_SITE_DIR ?? '../target/site';
// Camera pictures made by `make-fixtures` from the group photo in the rustface crate (scripts/test).
export const fixturesDir = process.env.ZJ_FIXTURES ?? `${process.env.HOME}/.cache/zhuanjia/fixtures`;
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];
export const chromiumPath = process.env.ZJ_CHROMIUM ?? '/usr/bin/chromium';
const dataDir = process.env.ZJ_E2E_DATA ?? (process.env.ZJ_E2E_DATA = mkdtempSync(join(tmpdir(), 'zj-e2e-')));

export default defineConfig({
  testDir: './tests',
  timeout: 90_000,
  // A hang anywhere (a browser that never starts, a stuck child process) fails the run with a report
  // instead of running into CI's own limit with nothing said.
  globalTimeout: 40 * 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  retries: 0,
  reporter: [['list']],
  // Journeys that move the server's clock (/dev/clock) run after all others, so no other journey sees
  // its SMS codes or sessions jump an hour.
  // Journeys that move it by whole days (\.days\.spec) run last of all, after the hour-scale ones.
  projects: [
    { name: 'journeys', testIgnore: /\.(clock|days)\.spec\.ts$/ },
    { name: 'clock', testMatch: /\.clock\.spec\.ts$/, dependencies: ['journeys'] },
    { name: 'days', testMatch: /\.days\.spec\.ts$/, dependencies: ['clock'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    permissions: ['camera'],
    launchOptions: {
      executablePath: chromiumPath,
      args: [...chromiumArgs, `--use-file-for-fake-video-capture=${fixturesDir}/one-face.y4m`],
    },
  },
  webServer: {
    command: serverBin,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ZJ_SERVER__BIND: `127.0.0.1:${port}`,
      ZJ_SERVER__DEV_MODE: 'true',
      ZJ_SERVER__DEMO_DATA: 'true',
      ZJ_SERVER__SITE_DIR: siteDir,
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      ZJ_STORAGE__LOCAL_DIR: `${dataDir}/files`,
      RUST_LOG: 'warn',
      // Several journeys send a second code to the same phone; the 60 s rule itself is a server test.
      ZJ_SMS__RESEND_INTERVAL_SECS: '5',
      // Every journey comes from 127.0.0.1: the per-address limits are server tests.
      ZJ_ACCOUNTS__SIGN_IN_PER_IP_PER_MINUTE: '10000',
      ZJ_SMS__CODES_PER_IP_PER_HOUR: '10000',
      // Proctoring snapshots every few seconds instead of every 1–5 minutes, so a journey sees one arrive.
      ZJ_EXAMS__SNAPSHOT_MIN_SECS: '2',
      ZJ_EXAMS__SNAPSHOT_MAX_SECS: '4',
    },
  },
});
