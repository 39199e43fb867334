import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs, fixturesDir } from '../playwright.config';
import { agreeToFaceProcessing, latestCode, newPerson, registerViaApi, signInWithPassword } from './helpers';

test('a candidate verifies identity with the camera, support approves, the candidate sees 已通过 and the SMS', async ({ page, browser, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await page.getByRole('link', { name: '实名认证' }).click();
  await expect(page.getByText('当前状态：未认证')).toBeVisible();
  // Submitting with nothing uploaded says what is missing, for as long as it is missing.
  await page.getByRole('button', { name: '提交认证' }).click();
  const missing = page.getByRole('alert').filter({ hasText: '请先上传身份证正反面并拍摄人脸照片' });
  await expect(missing).toBeVisible();

  // Face processing is consented to on its own, before the camera opens; it is asked once.
  await page.screenshot({ path: test.info().outputPath('identity-face-consent.png'), fullPage: true });
  await agreeToFaceProcessing(page);
  await page.reload();
  await expect(page.getByRole('button', { name: '拍照' })).toBeVisible();
  await expect(page.getByRole('group', { name: '人脸信息处理规则' })).toHaveCount(0);

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
  await expect(missing).toHaveCount(0);
  await page.getByRole('button', { name: '提交认证' }).click();
  await expect(page.getByText('当前状态：审核中')).toBeVisible();
  // How long, how the answer comes, and what follows.
  await expect(page.getByText('客服将在1个工作日左右')).toHaveText('客服将在1个工作日左右完成审核，结果以短信通知您。审核通过后即可报名考试、申请入库。');

  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInWithPassword(support, 'demo_support', 'Support#2026');
  await support.getByRole('link', { name: '认证审核' }).click();
  const card = support.getByRole('article', { name: new RegExp(person.username) });
  await expect(card.getByRole('img', { name: '人脸照片' })).toBeVisible();
  // Shown as a person reads it: the ID type by name, the checks in words, when it was submitted.
  await expect(card).toContainText('居民身份证');
  await expect(card).toContainText(/检测到 1 张人脸（人脸 \d+×\d+ 像素），亮度 \d+，清晰度 \d+/);
  await expect(card).not.toContainText('face_box');
  await expect(card).toContainText(/提交时间\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await expect(card).toHaveCount(0);
  await supportContext.close();

  await page.reload();
  await expect(page.getByText('当前状态：已通过')).toBeVisible();
  await expect(page.getByRole('link', { name: '去报名考试' })).toBeVisible();
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
  await agreeToFaceProcessing(page);
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
  await agreeToFaceProcessing(page);
  await expect(page.locator('.camera')).toHaveAttribute('data-state', 'Live');
  await page.getByRole('button', { name: '拍照' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '未检测到人脸' })).toBeVisible();
  await browser.close();
});
