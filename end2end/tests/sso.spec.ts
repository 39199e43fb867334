import { expect, test } from '@playwright/test';
import { createProctoredExam, verifiedCandidate } from './exam-helpers';

// Issue 21, seed 003 ("点击山西政府采购平台 … 登录后系统自动返回考试页面"): a verified candidate opens the exam
// page signed out, signs in through the other government platform (the built-in development provider:
// its own page, keys and token endpoint) and lands back on the exam page, signed in.
test('a candidate signs in through the government platform and lands on the exam page they started from', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  await context.close();
  const title = `单点登录考试 ${person.username}`;
  await createProctoredExam(browser, person.username, title);

  const page = await (await browser.newContext()).newPage();
  await page.goto('/exams');
  await expect(page.getByText('请先登录。')).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fexams/);
  const others = page.getByRole('group', { name: '其他登录方式' });
  await expect(others).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('sign-in-with-sso.png'), fullPage: true });
  await others.getByRole('link', { name: '政务服务平台登录' }).click();

  // The platform's own sign-in page.
  await expect(page.getByRole('heading', { name: '政务服务平台登录（开发用）' })).toBeVisible();
  await page.getByLabel('证件号码').fill(person.idNumber);
  await page.getByLabel('姓名').fill(person.realName);
  await page.screenshot({ path: test.info().outputPath('sso-provider.png'), fullPage: true });
  await page.getByRole('button', { name: '登录并返回' }).click();

  // Back where they started, signed in as themselves, with the exam there.
  await expect(page).toHaveURL(/\/exams$/);
  await expect(page.getByRole('banner')).toContainText(person.username);
  await expect(page.getByRole('article', { name: title })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('sso-landed.png'), fullPage: true });

  // Someone the platform knows but who isn't verified here is told what to do, on the sign-in page.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto('/login?next=/exams');
  await stranger.getByRole('group', { name: '其他登录方式' }).getByRole('link', { name: '政务服务平台登录' }).click();
  await stranger.getByLabel('证件号码').fill('11010519491231002X');
  await stranger.getByLabel('姓名').fill('陌生人');
  await stranger.getByRole('button', { name: '登录并返回' }).click();
  await expect(stranger).toHaveURL(/\/login\?sso_error=unknown/);
  await expect(stranger.getByRole('alert')).toContainText('未找到与该账号对应的已实名认证用户');
});
