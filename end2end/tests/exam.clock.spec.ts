import { APIRequestContext, Browser, expect, Page, test } from '@playwright/test';
import { newPerson, Person, registerViaApi, signInWithPassword } from './helpers';

// These journeys move the server's clock through /dev/clock (debug builds in development mode only);
// the playwright config runs them after every other journey.
test.describe.configure({ mode: 'serial' });

async function advance(request: APIRequestContext, seconds: number): Promise<number> {
  const response = await request.post('/dev/clock', { data: { advance_secs: seconds } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()).now_ms;
}

/** A formal exam without proctoring for these candidates, starting 10 minutes from the server's now. */
async function createExam(browser: Browser, title: string, candidates: Person[], startsInMin: number): Promise<void> {
  const context = await browser.newContext();
  const api = context.request;
  const signedIn = await api.post('/api/auth/sign-in', { data: { input: { identifier: 'demo_examiner', password: 'Examiner#2026', captcha: null } } });
  expect(signedIn.ok(), await signedIn.text()).toBeTruthy();
  const now = await advance(api, 0);
  const settings = {
    title, kind: 'formal', start_ms: now + startsInMin * 60_000, duration_min: 60,
    single_count: 20, multiple_count: 10, fill_count: 10, single_points: 2, multiple_points: 4, fill_points: 2,
    pass_mark: 60, max_attempts: 1, waiting_room_min: 45, late_entry_min: 30, switch_limit: 3, verify_limit: 10,
    proctoring: false, show_result: true, candidates: candidates.map((c) => c.username),
  };
  const created = await api.post('/api/exam-admin/create-exam', { data: { settings } });
  expect(created.ok(), await created.text()).toBeTruthy();
  await context.close();
}

async function toWaitingRoom(page: Page, person: Person, title: string): Promise<void> {
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/exams');
  await page.getByRole('article', { name: title }).getByRole('link', { name: '开始考试' }).click();
  await page.getByLabel('我已阅读考试须知，并同意《用户信息授权使用协议》').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page).toHaveURL(/\/exams\/\d+\/wait$/);
}

test('a formal exam: waiting room until the start, three tab switches submit, the deadline submits an idle attempt, entry closes after 30 minutes', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const [switcher, idle, late] = [newPerson(), newPerson(), newPerson()];
  for (const person of [switcher, idle, late]) await registerViaApi(request, person);
  const title = `正式考试 ${switcher.username}`;
  await createExam(browser, title, [switcher, idle, late], 10);

  const pages: Page[] = [];
  for (const person of [switcher, idle]) {
    const page = await (await browser.newContext()).newPage();
    await toWaitingRoom(page, person, title);
    await expect(page.getByRole('timer')).toContainText(/距开考还有 (09|10):\d\d/);
    await expect(page.getByRole('button', { name: '开始考试' })).toBeDisabled();
    pages.push(page);
  }
  // The start comes by the server's clock: the waiting rooms notice within seconds.
  await advance(request, 10 * 60);
  for (const page of pages) {
    await expect(page.getByRole('timer')).toHaveText('考试已开始', { timeout: 20_000 });
    await page.getByRole('button', { name: '开始考试' }).click();
    await expect(page).toHaveURL(/\/attempts\/\d+$/);
    await expect(page.getByRole('region', { name: '第1题' })).toBeVisible();
  }

  // Three switches (the page hidden each time, seconds apart): a warning with the count, then submission.
  // The events are synthetic here: this journey checks the warning and the limit; detection itself is
  // tested in a real browser (switches.real.spec.ts). The page takes events less than 3 s apart as one action.
  const [switching, waiting] = pages;
  await switching.getByRole('region', { name: '第1题' }).getByRole('radio').first().check();
  await expect(switching.getByRole('status').filter({ hasText: /^已保存$/ })).toBeVisible();
  const hide = () => switching.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
  });
  for (const n of [1, 2]) {
    await hide();
    const warning = switching.getByRole('alertdialog', { name: '切屏警告' });
    await expect(warning).toContainText(`您已切屏 ${n} 次，还可切屏 ${3 - n} 次`);
    await warning.getByRole('button', { name: '我知道了' }).click();
    await expect(switching.getByText(`切屏 ${n}/3`, { exact: true })).toBeVisible();
    await switching.waitForTimeout(3_500);
  }
  await hide();
  await expect(switching).toHaveURL(/\/result$/);
  await expect(switching.getByText('切屏次数达到上限，系统已自动收卷。')).toBeVisible();

  // The timer speaks to screen readers only at its marks: nothing with 50 minutes left, then at 30.
  await expect(waiting.getByText('剩余时间不足')).toHaveCount(0);
  // Entry closes 30 minutes after the start, with the exact message.
  await advance(request, 31 * 60);
  await expect(waiting.getByText('剩余时间不足30分钟', { exact: true })).toBeAttached({ timeout: 40_000 });
  const latePage = await (await browser.newContext()).newPage();
  await toWaitingRoom(latePage, late, title);
  await latePage.getByRole('button', { name: '开始考试' }).click();
  await expect(latePage.getByRole('alert')).toContainText('开考30分钟后无法进入考试');

  // The idle candidate's time runs out: the server submits with what was saved.
  await advance(request, 30 * 60);
  await expect(waiting).toHaveURL(/\/result$/, { timeout: 40_000 });
  await expect(waiting.getByText('考试时间到，系统已自动交卷。')).toBeVisible();
  await expect(waiting.getByText(/^得分：0 \/ 100/)).toBeVisible();
});
