import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs, fixturesDir } from '../playwright.config';
import { latestCode, newPerson, registerViaApi, signInWithPassword } from './helpers';

test('a candidate verifies identity with the camera, support approves, the candidate sees 已通过 and the SMS', async ({ page, browser, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await page.getByRole('link', { name: '实名认证' }).click();
  await expect(page.locator('#identity-status')).toContainText('未认证');

  const uploaded = page.getByText('已上传，检查通过');
  await page.getByLabel('身份证人像面').setInputFiles(`${fixturesDir}/no-face.jpg`);
  await expect(uploaded).toHaveCount(1);
  // A file that only pretends to be a picture is refused by its content.
  await page.getByLabel('身份证国徽面').setInputFiles({ name: 'card.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html>not a picture</html>') });
  await expect(page.getByRole('alert').filter({ hasText: '仅支持' })).toBeVisible();
  await page.getByLabel('身份证国徽面').setInputFiles(`${fixturesDir}/no-face.jpg`);
  await expect(uploaded).toHaveCount(2);

  // The fake camera plays a picture with one real face.
  await expect(page.locator('.camera')).toHaveAttribute('data-state', 'Live');
  await page.getByRole('button', { name: '拍照' }).click();
  await expect(uploaded).toHaveCount(3);
  await page.getByRole('button', { name: '提交认证' }).click();
  await expect(page.locator('#identity-status')).toContainText('审核中');

  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInWithPassword(support, 'demo_support', 'Support#2026');
  await support.getByRole('link', { name: '认证审核' }).click();
  const card = support.getByRole('article', { name: new RegExp(person.username) });
  await expect(card.getByRole('img', { name: '人脸照片' })).toBeVisible();
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await expect(card).toHaveCount(0);
  await supportContext.close();

  await page.reload();
  await expect(page.locator('#identity-status')).toContainText('已通过');
  const messages: { phone: string; body: string }[] = await (await request.get('/dev/outbox.json')).json();
  expect(messages.find((m) => m.phone === person.phone && m.body.includes('实名认证已通过'))).toBeTruthy();
});

test('a refused camera permission says how to allow it', async ({ page, request }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/identity');
  const alert = page.getByRole('alert').filter({ hasText: '摄像头权限被拒绝' });
  await expect(alert).toContainText('Chrome');
  await expect(alert).toContainText('Safari');
  await expect(alert.getByRole('button', { name: '重试' })).toBeVisible();
  await expect(page.getByRole('button', { name: '拍照' })).toBeDisabled();
});

test('a face photo without a face is refused with 未检测到人脸', async ({ baseURL, request }) => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, `--use-file-for-fake-video-capture=${fixturesDir}/no-face.y4m`],
  });
  const context = await browser.newContext({ baseURL, permissions: ['camera'], locale: 'zh-CN' });
  const page = await context.newPage();
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/identity');
  await expect(page.locator('.camera')).toHaveAttribute('data-state', 'Live');
  await page.getByRole('button', { name: '拍照' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '未检测到人脸' })).toBeVisible();
  await browser.close();
});
