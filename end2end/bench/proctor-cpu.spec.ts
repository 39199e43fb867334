import { expect, test } from '@playwright/test';
import { confirmUntilIdentity, createProctoredExam, passIdentityCheck, verifiedCandidate } from '../tests/exam-helpers';

// The candidate's CPU on the answering page with the proctor on (issue 17): Chromium's own performance
// metrics (TaskDuration: main-thread work) over 60 s of an open exam, camera live, snapshots at the
// Playwright server's 2–4 s interval (far more often than the 60–300 s of a real exam: a worst case).
test('candidate CPU on the answering page with the proctor on, over 60 s', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const title = `CPU ${person.username}`;
  await createProctoredExam(browser, person.username, title);
  const page = await context.newPage();
  await confirmUntilIdentity(page, title);
  await passIdentityCheck(page);
  await page.getByRole('button', { name: '开始考试' }).click();
  await expect(page.getByRole('complementary', { name: '监考摄像头' }).locator('.camera')).toHaveAttribute('data-state', 'Live');
  let snapshots = 0;
  page.on('request', (r) => { if (r.url().includes('/snapshot')) snapshots += 1; });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name: string) =>
    ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0);
  const [task0, script0] = [await metric('TaskDuration'), await metric('ScriptDuration')];
  const started = Date.now();
  await page.waitForTimeout(60_000);
  const seconds = (Date.now() - started) / 1000;
  const [task, script] = [(await metric('TaskDuration')) - task0, (await metric('ScriptDuration')) - script0];
  console.log(`proctor on, ${seconds.toFixed(0)} s: main thread busy ${(task * 1000).toFixed(0)} ms `
    + `(${(100 * task / seconds).toFixed(1)} % of one core), script ${(script * 1000).toFixed(0)} ms, ${snapshots} snapshots`);
  expect(snapshots).toBeGreaterThan(5);
});
