import { expect, test } from '@playwright/test';
import { newPerson, registerViaApi, requestCode, signInWithPassword, signOut } from './helpers';

test('forgotten password: reset by SMS code from the outbox, then sign in with it', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await page.goto('/login');
  await page.getByRole('link', { name: '忘记用户名或密码' }).click();
  await expect(page).toHaveURL(/\/forgot$/);
  await page.getByLabel('绑定的手机号码').fill(person.phone);
  await page.getByLabel('短信验证码', { exact: true }).fill(await requestCode(page, request, person.phone));
  const fresh = `Nw!${person.password}`;
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('确认新密码').fill('short');
  await page.getByRole('button', { name: '重置密码' }).click();
  await expect(page.getByLabel('新密码', { exact: true })).toHaveAccessibleDescription(/密码至少8位/);
  await page.getByLabel('新密码', { exact: true }).fill(fresh);
  await page.getByLabel('确认新密码').fill(fresh);
  await page.getByRole('button', { name: '重置密码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '密码已重置' })).toBeVisible();

  await signInWithPassword(page, person.username, person.password);
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  await signInWithPassword(page, person.username, fresh);
  await expect(page).toHaveURL(/\/account$/);
  await signOut(page);
});

test('forgotten user name is shown after an SMS code; password reset by security question', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await page.goto('/forgot');
  await page.getByRole('tab', { name: '找回用户名' }).click();
  await page.getByLabel('绑定的手机号码').fill(person.phone);
  await page.getByLabel('短信验证码', { exact: true }).fill(await requestCode(page, request, person.phone));
  await page.getByRole('button', { name: '查询用户名' }).click();
  await expect(page.getByText(`您的用户名是：${person.username}`)).toBeVisible();

  await page.getByRole('tab', { name: '密保问题重置密码' }).click();
  await page.getByLabel('用户名 / 手机号 / 证件号码').fill(person.username);
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('我的小学校名')).toBeVisible();
  const fresh = `Qa@${person.password}`;
  await page.getByLabel('密保答案').fill('错误答案');
  await page.getByLabel('新密码', { exact: true }).fill(fresh);
  await page.getByLabel('确认新密码').fill(fresh);
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByLabel('密保答案')).toHaveAccessibleDescription(/密保答案不正确/);
  await page.getByLabel('密保答案').fill(' 实验小学 ');
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByRole('status').filter({ hasText: '密码已重置' })).toBeVisible();
  await signInWithPassword(page, person.phone, fresh);
  await expect(page).toHaveURL(/\/account$/);
});

// Seed 002: accounts of the former expert-project system came over as WGZJXM_<old name>; the old name
// finds the account on 原外专项目账号 and signs in to it.
test('a former project account is found by its old login name and signs in with it', async ({ page, request }) => {
  const person = newPerson();
  const oldName = person.username.replace('user_', 'old');
  person.username = `WGZJXM_${oldName}`;
  await registerViaApi(request, person);
  await page.goto('/login');
  await page.getByRole('link', { name: '忘记用户名或密码' }).click();
  await page.getByRole('tab', { name: '原外专账号' }).click();
  await page.getByLabel('原登录名').fill(`${oldName}x`);
  await page.getByRole('button', { name: '检索' }).click();
  await expect(page.getByRole('alert')).toContainText('未检索到该登录名');
  await page.getByLabel('原登录名').fill(oldName);
  await page.getByRole('button', { name: '检索' }).click();
  const found = page.getByRole('status').filter({ hasText: '已找到账号' });
  await expect(found).toContainText(person.username);
  await expect(found).toContainText(`${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`);
  await page.screenshot({ path: test.info().outputPath('legacy-search.png'), fullPage: true });
  await signInWithPassword(page, oldName, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('banner')).toContainText(person.username);
});
