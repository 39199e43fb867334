import { expect, test } from '@playwright/test';
import { latestCode, newPerson, registerViaApi, signInWithPassword, signOut, valueBeside } from './helpers';

test('change the phone number with a code to the new number, once a year', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);

  const newPhone = newPerson().phone;
  const form = page.getByRole('form', { name: '更换手机号' });
  await form.getByLabel('新手机号码').fill(newPhone);
  await form.getByRole('button', { name: '获取验证码' }).click();
  await form.getByLabel('短信验证码', { exact: true }).fill('000000');
  await form.getByRole('button', { name: '更换手机号' }).click();
  await expect(form.getByLabel('短信验证码', { exact: true })).toHaveAccessibleDescription(/验证码错误/);
  await form.getByLabel('短信验证码', { exact: true }).fill(await latestCode(request, newPhone));
  await form.getByRole('button', { name: '更换手机号' }).click();
  await expect(form.getByRole('status').filter({ hasText: '手机号已更换' })).toBeVisible();
  await expect(valueBeside(page, '手机号码')).toHaveText(`${newPhone.slice(0, 3)}****${newPhone.slice(7)}`);

  // A second change within the year is refused before any code is sent.
  await form.getByLabel('新手机号码').fill(newPerson().phone);
  await form.getByRole('button', { name: '获取验证码' }).click();
  await expect(form.getByRole('alert')).toContainText('只能更换一次');

  // The new number signs in; the old one no longer does.
  await signOut(page);
  await signInWithPassword(page, newPhone, person.password);
  await expect(page).toHaveURL(/\/account$/);
});

test('change the password from my account', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  const form = page.getByRole('form', { name: '修改密码' });
  const fresh = `Zz9#${person.password}`;
  await form.getByLabel('当前密码').fill('Wrong#pass1');
  await form.getByLabel('新密码', { exact: true }).fill(fresh);
  await form.getByLabel('确认新密码').fill(fresh);
  await form.getByRole('button', { name: '修改密码' }).click();
  await expect(form.getByLabel('当前密码')).toHaveAccessibleDescription(/当前密码不正确/);
  await form.getByLabel('当前密码').fill(person.password);
  await form.getByRole('button', { name: '修改密码' }).click();
  await expect(form.getByRole('status').filter({ hasText: '密码已修改' })).toBeVisible();
  await signOut(page);
  await signInWithPassword(page, person.username, fresh);
  await expect(page).toHaveURL(/\/account$/);
});
