import { expect, test } from '@playwright/test';
import { latestCode, newPerson, registerViaApi, signOut, valueBeside } from './helpers';

test('a candidate registers, watching the live checks, and lands signed in', async ({ page, request }) => {
  const person = newPerson();
  await page.goto('/register');
  // Seed 001 q.3: what to do when no code arrives, said beside the field (read out with it).
  await expect(page.getByLabel('短信验证码', { exact: true })).toHaveAccessibleDescription(/收不到验证码？.*换一个手机号/);
  await expect(page.getByRole('heading', { name: '个人用户注册' })).toBeVisible();

  // Live validation: a wrong check character is reported as soon as the field is left.
  const id = page.getByLabel('证件号码');
  await id.fill(person.idNumber.slice(0, 17) + (person.idNumber.endsWith('0') ? '1' : '0'));
  await id.blur();
  await expect(id).toHaveAccessibleDescription(/校验/);
  await id.fill(person.idNumber.toLowerCase());
  await expect(id).not.toHaveAccessibleDescription(/校验/);

  await page.getByLabel('姓名').fill(`  ${person.realName.slice(0, 2)} ${person.realName.slice(2)}  `);
  await page.getByLabel('手机号码').fill(person.phone);
  await page.getByLabel('用户名').fill(person.username);

  // The password checklist turns green item by item.
  const checklist = page.getByRole('list', { name: '密码要求' }).getByRole('listitem');
  const okItems = page.getByRole('list', { name: '密码要求' }).locator('li[data-ok="true"]');
  const password = page.getByLabel('密码', { exact: true });
  await password.fill('abc');
  const total = await checklist.count();
  expect(total).toBeGreaterThan(3);
  const afterWeak = await okItems.count();
  expect(afterWeak).toBeLessThan(total);
  await password.fill('abc，def12');
  await password.blur();
  await expect(password).toHaveAccessibleDescription(/密码中不允许使用.*，/);
  await password.fill(person.password);
  await expect(okItems).toHaveCount(total);
  await page.getByLabel('确认密码').fill(person.password);

  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '验证码已发送' })).toBeVisible();
  await expect(page.getByRole('button', { name: /重新获取/ })).toBeDisabled();
  await page.getByLabel('短信验证码', { exact: true }).fill(await latestCode(request, person.phone));

  // The agreement and the privacy policy must be accepted; their texts are a link away.
  const consent = page.getByLabel('我已阅读并同意');
  await expect(page.getByRole('link', { name: '《用户服务协议》' })).toHaveAttribute('href', '/policies/terms');
  await expect(page.getByRole('link', { name: '《隐私政策》' })).toHaveAttribute('href', '/policies/privacy');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(consent).toHaveAccessibleDescription('请阅读并同意《用户服务协议》和《隐私政策》');
  await expect(page).toHaveURL(/\/register$/);
  await consent.check();
  await expect(consent).not.toHaveAccessibleDescription(/请阅读并同意/);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(valueBeside(page, '用户名')).toHaveText(person.username);
  // Typed as "测试 用户" with stray spaces: stored as on the ID card, no space between two Chinese characters.
  await expect(valueBeside(page, '姓名')).toHaveText(person.realName);
  // Personal data is shown masked.
  await expect(valueBeside(page, '手机号码')).toHaveText(`${person.phone.slice(0, 3)}****${person.phone.slice(7)}`);
  // The next step is offered: 实名认证, with what it is for.
  const next = page.getByRole('region', { name: '下一步：实名认证' });
  await expect(next).toContainText('报名考试、申请入库前需完成实名认证');
  await next.getByRole('link', { name: '去实名认证' }).click();
  await expect(page).toHaveURL(/\/identity$/);
  await expect(page.getByRole('heading', { name: '实名认证' })).toBeVisible();
  await signOut(page);
});

test('registration refuses a taken phone number and ID number with the spec messages', async ({ page, request }) => {
  const existing = newPerson();
  await registerViaApi(request, existing);
  const person = newPerson();

  await page.goto('/register');
  await page.getByLabel('手机号码').fill(existing.phone.replace(/(\d{3})(\d{4})(\d{4})/, '$1 $2 $3'));
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByLabel('手机号码')).toHaveAccessibleDescription(/该手机号已注册，请更换手机号/);

  await page.getByLabel('姓名').fill(person.realName);
  await page.getByLabel('证件号码').fill(existing.idNumber);
  await page.getByLabel('手机号码').fill(person.phone);
  await page.getByLabel('用户名').fill(person.username.toUpperCase());
  await page.getByLabel('密码', { exact: true }).fill(person.password);
  await page.getByLabel('确认密码').fill(person.password);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('短信验证码', { exact: true }).fill(await latestCode(request, person.phone));
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await expect(page.getByLabel('证件号码')).toHaveAccessibleDescription(/该证件号码已注册/);
  await expect(page.getByRole('link', { name: '找回用户名或密码' })).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});

test('the language switch shows English and is remembered', async ({ page }) => {
  await page.goto('/register');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Create a personal account' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Create a personal account' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '个人用户注册' })).toBeVisible();
});

test('the privacy policy is readable by anyone, with its version', async ({ page }) => {
  await page.goto('/policies/privacy');
  await expect(page.getByRole('heading', { name: '隐私政策' })).toBeVisible();
  await expect(page.getByText(/^版本 1，发布于 /)).toBeVisible();
  await expect(page.getByText(/人脸信息属于敏感个人信息/)).toBeVisible();
});
