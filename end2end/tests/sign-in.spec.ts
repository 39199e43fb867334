import { expect, test } from '@playwright/test';
import { newPerson, requestCode, registerViaApi, signInWithPassword, signOut, valueBeside } from './helpers';

test('sign in by user name, by phone, by ID number and by SMS code', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);

  for (const identifier of [person.username.toUpperCase(), person.phone, person.idNumber]) {
    await signInWithPassword(page, identifier, person.password);
    await expect(page).toHaveURL(/\/account$/);
    await expect(valueBeside(page, '用户名')).toHaveText(person.username);
    await signOut(page);
  }

  await page.goto('/login');
  await page.getByRole('tab', { name: '短信验证码登录' }).click();
  await page.getByLabel('手机号码').fill(person.phone);
  await page.getByLabel('短信验证码', { exact: true }).fill(await requestCode(page, request, person.phone));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await signOut(page);

  // Signed out means the account page asks to sign in again.
  await page.goto('/account');
  await expect(page.getByText('请先登录。')).toBeVisible();

  // Signing in from a page that asked for it returns there, with its query; a link can't send the
  // browser off the site after signing in.
  await page.goto('/certificates?from=mail');
  await expect(page.getByText('请先登录。')).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fcertificates%3Ffrom%3Dmail$/);
  await page.getByLabel('用户名 / 手机号 / 证件号码').fill(person.username);
  await page.getByLabel('密码', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/certificates\?from=mail$/);
  await expect(page.getByRole('heading', { name: '我的证书' })).toBeVisible();
  await signOut(page);
  await page.goto('/login?next=%2F%2Fevil.example%2F');
  await page.getByLabel('用户名 / 手机号 / 证件号码').fill(person.username);
  await page.getByLabel('密码', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/account$/);
});

test('SMS code messages say what is true: the registration code holds the next one back, a used code is used', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  // Right after registering (the interval is 5 s here), the sign-in code is held back by the registration code.
  await page.goto('/login');
  await page.getByRole('tab', { name: '短信验证码登录' }).click();
  await page.getByLabel('手机号码').fill(person.phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/本手机号刚刚收到注册账号的验证码/)).toBeVisible();
  await expect(page.getByText(/^验证码已发送/)).toHaveCount(0);

  const code = await requestCode(page, request, person.phone);
  await page.getByLabel('短信验证码', { exact: true }).fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await signOut(page);
  // The same code a second time: used, not "ask for a code first".
  await page.getByRole('tab', { name: '短信验证码登录' }).click();
  await page.getByLabel('手机号码').fill(person.phone);
  await page.getByLabel('短信验证码', { exact: true }).fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('验证码已使用或已过期，请重新获取')).toBeVisible();
});

test('wrong passwords: the same message, then a captcha after five failures', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, 'no_such_user_x', 'Whatever#1');
  await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');

  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('用户名 / 手机号 / 证件号码').fill(person.username);
    await page.getByLabel('密码', { exact: true }).fill(`Wrong#${i}pass`);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    // The tries left are said once the captcha is due, for every name alike.
    await expect(page.getByRole('alert')).toHaveText(i < 5 ? '用户名或密码错误' : '用户名或密码错误，再错5次账号将被锁定15分钟');
  }
  await page.getByLabel('密码', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('请输入图片验证码');
  await expect(page.getByRole('img', { name: /图片验证码/ })).toBeVisible();

  // With the right captcha (read from the development endpoint of this session) the sign-in succeeds.
  const answer: string = await (await page.request.get('/dev/captcha')).json();
  await page.getByLabel('图片验证码').fill(answer);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
});
