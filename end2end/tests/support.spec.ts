import { expect, test } from '@playwright/test';
import { fixturesDir } from '../playwright.config';
import { verifiedCandidate } from './exam-helpers';
import { newPerson, registerViaApi, signInWithPassword } from './helpers';

test('support resets a password; the user signs in with the SMS and must choose a new one', async ({ page, browser, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signInWithPassword(staff, 'demo_support', 'Support#2026');
  await staff.getByRole('link', { name: '客服工作台' }).click();
  await staff.getByLabel('姓名 / 手机号 / 用户名 / 证件号码').fill(person.phone);
  await staff.getByRole('button', { name: '查询' }).click();
  const card = staff.getByRole('article', { name: person.username });
  await expect(card).toContainText(`${person.phone.slice(0, 3)}****${person.phone.slice(7)}`);

  // Fixing the name needs a reason.
  await card.getByLabel('正确姓名').fill('测试 用户甲');
  await card.getByRole('button', { name: '修改姓名' }).click();
  await expect(card.getByLabel('修改原因')).toHaveAccessibleDescription(/请填写修改原因/);
  await card.getByLabel('修改原因').fill('登记时多输了空格');
  await card.getByRole('button', { name: '修改姓名' }).click();
  await expect(card.getByRole('status').filter({ hasText: '姓名已修改' })).toBeVisible();

  await card.getByRole('button', { name: '重置密码' }).click();
  await expect(card.getByRole('status').filter({ hasText: '临时密码已通过短信发送' })).toBeVisible();
  await staff.getByRole('link', { name: '操作日志' }).click();
  await expect(staff.getByRole('row').filter({ hasText: 'password_reset_by_support' }).first()).toContainText(person.username);
  await staffContext.close();

  const messages: { phone: string; body: string }[] = await (await request.get('/dev/outbox.json')).json();
  const temporary = messages.find((m) => m.phone === person.phone && m.body.includes('临时密码'))!.body.match(/临时密码 (\S+?)，/)![1];
  await signInWithPassword(page, person.username, temporary);
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole('status').filter({ hasText: '请设置新密码' })).toBeVisible();
  const fresh = `Nn#${person.password}`;
  await page.getByLabel('当前密码').fill(temporary);
  await page.getByLabel('新密码', { exact: true }).fill(fresh);
  await page.getByLabel('确认新密码').fill(fresh);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('测试用户甲')).toBeVisible();
});

test('support re-takes the verified face photo of a person whose photo no longer matches', async ({ browser, request }) => {
  const { person } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const staff = await (await browser.newContext()).newPage();
  await signInWithPassword(staff, 'demo_support', 'Support#2026');
  await staff.getByRole('link', { name: '客服工作台' }).click();
  await staff.getByLabel('姓名 / 手机号 / 用户名 / 证件号码').fill(person.username);
  await staff.getByRole('button', { name: '查询' }).click();
  const card = staff.getByRole('article', { name: person.username });
  const retake = card.getByLabel('重新录入人脸照片（现场拍摄，JPG 或 PNG）');
  await retake.setInputFiles(`${fixturesDir}/no-face.jpg`);
  await expect(card.getByRole('alert')).toContainText('未检测到人脸');
  await retake.setInputFiles(`${fixturesDir}/one-face.jpg`);
  await expect(card.getByText('已上传，检查通过')).toBeVisible();
  await staff.getByRole('link', { name: '操作日志' }).click();
  await expect(staff.getByRole('row').filter({ hasText: 'face_retake' }).first()).toContainText(person.username);
});

test('a candidate cannot open the support console', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('link', { name: '客服工作台' })).toHaveCount(0);
  await page.goto('/support/outbox');
  await expect(page.getByRole('alert')).toHaveText('您没有执行此操作的权限');
});
