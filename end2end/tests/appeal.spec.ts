import { expect, test } from '@playwright/test';
import { fixturesDir } from '../playwright.config';
import { newPerson, registerViaApi, requestCode, signInWithPassword } from './helpers';

test('an account appeal: new phone, ID photos, support approves, sign-in with the temporary password', async ({ page, browser, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  const newPhone = newPerson().phone;

  await page.goto('/forgot');
  await page.getByRole('link', { name: '提交账号申诉' }).click();
  await expect(page).toHaveURL(/\/recover\/appeal$/);
  await page.getByLabel('注册时的姓名').fill('别人');
  await page.getByLabel('证件号码').fill(person.idNumber);
  await page.getByLabel('新手机号码（接收结果）').fill(newPhone);
  await page.getByLabel('短信验证码').fill(await requestCode(page, request, newPhone));
  await page.getByLabel('申诉说明').fill('原手机号已停用，密保答案也忘了');
  await page.getByRole('button', { name: '下一步：上传证件照片' }).click();
  // Said only once the code proved the phone; the code is spent, so a new one is needed.
  await expect(page.getByText('未找到姓名与证件号码都一致的账号，请核对后重新获取验证码再试')).toBeVisible();

  await page.getByLabel('注册时的姓名').fill(person.realName);
  await page.getByLabel('短信验证码').fill(await requestCode(page, request, newPhone));
  await page.getByRole('button', { name: '下一步：上传证件照片' }).click();
  await expect(page.getByText('结果将发送到：')).toContainText(`${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`);

  await page.getByRole('button', { name: '提交申诉' }).click();
  await expect(page.getByText('请先上传全部三张照片')).toBeVisible();
  const uploaded = page.getByText('已上传，检查通过');
  for (const [label, count] of [['身份证人像面', 1], ['身份证国徽面', 2], ['手持身份证照片', 3]] as const) {
    await page.getByLabel(label).setInputFiles(`${fixturesDir}/one-face.jpg`);
    await expect(uploaded).toHaveCount(count);
  }
  await page.getByRole('button', { name: '提交申诉' }).click();
  await expect(page.getByRole('status').filter({ hasText: '申诉已提交' })).toBeVisible();

  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInWithPassword(support, 'demo_support', 'Support#2026');
  await support.getByRole('link', { name: '申诉审核' }).click();
  const card = support.getByRole('article', { name: new RegExp(person.username) });
  await expect(card.getByRole('img', { name: '手持身份证照片' })).toBeVisible();
  await expect(card).toContainText('原手机号已停用');
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await expect(card).toHaveCount(0);
  await supportContext.close();

  const messages: { phone: string; body: string }[] = await (await request.get('/dev/outbox.json')).json();
  const answer = messages.find((m) => m.phone === newPhone && m.body.includes('申诉已通过'));
  expect(answer?.body).toContain(person.username);
  const temporary = answer!.body.match(/临时密码 (\S+?)，/)![1];
  await signInWithPassword(page, newPhone, temporary);
  await expect(page).toHaveURL(/\/account\/password$/);
});
