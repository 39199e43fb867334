import { expect, test } from '@playwright/test';
import { chromiumArgs, chromiumPath, fixturesDir } from '../playwright.config';
import { confirmUntilIdentity, createProctoredExam, verifiedCandidate } from './exam-helpers';
import { signInWithPassword } from './helpers';

// This file's camera shows another person than the verified photo (another face of the same group photo).
test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: [...chromiumArgs, `--use-file-for-fake-video-capture=${fixturesDir}/other-face.y4m`],
  },
});

test('another person in front of the camera fails the identity check 10 times, then 去反馈 sends the photos to the exam office, whose "same person" opens the waiting room', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const title = `核验失败 ${person.username}`;
  await createProctoredExam(browser, person.username, title);
  const page = await context.newPage();
  await confirmUntilIdentity(page, title);

  for (let check = 1; check <= 10; check++) {
    await expect(page.locator('.camera')).toHaveClass(/frame-ok/, { timeout: 20_000 });
    await page.getByRole('button', { name: '拍照' }).click();
    await page.getByRole('button', { name: '开始核验' }).click();
    await expect(page.getByText(`已核验次数：${check} / 10`, { exact: true })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('人脸与实名认证照片不一致');
    await expect(page.getByRole('button', { name: '进入候考' })).toHaveCount(0);
  }
  // The eleventh is refused by the server, with the way out.
  await page.getByRole('button', { name: '拍照' }).click();
  await page.getByRole('button', { name: '开始核验' }).click();
  await expect(page.getByRole('alert')).toHaveText('身份核验次数已用完（10次），请点击“去反馈”提交工单');
  await expect(page.getByText('已核验次数：10 / 10', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: '去反馈' }).click();
  await expect(page.getByRole('status').filter({ hasText: '人工复核' })).toContainText('已提交考务人员人工复核');
  // Still pending: the result button keeps the candidate on this step.
  await page.getByRole('button', { name: '查看复核结果' }).click();
  await expect(page.getByRole('status').filter({ hasText: '人工复核' })).toBeVisible();

  // The exam office compares the pair by eye.
  const office = await (await browser.newContext()).newPage();
  await signInWithPassword(office, 'demo_examiner', 'Examiner#2026');
  await expect(office).toHaveURL(/\/account$/);
  await office.goto('/exam-admin');
  const pair = office.getByRole('article', { name: new RegExp(`${person.username}.*${title}`) });
  // Both photos really show (not just their alt text), and the page has finished loading. They load
  // lazily, when the examiner scrolls to them, as a person does.
  await pair.scrollIntoViewIfNeeded();
  for (const name of ['考前核验照片', '实名认证照片']) {
    const photo = pair.getByRole('img', { name });
    await expect(photo).toBeVisible();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }
  await expect(office.getByText('加载中…')).toHaveCount(0);
  await pair.getByRole('button', { name: '本人', exact: true }).click();
  await expect(pair).toHaveCount(0);

  await page.getByRole('button', { name: '查看复核结果' }).click();
  await expect(page).toHaveURL(/\/wait$/);
});
