import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { latestCode, newestOutboxId, newPerson, ONE_PAGE_PDF, registerViaApi, requestCode, signInWithPassword, submitOrgRegistration, uscc, valueBeside } from './helpers';

// Issue 21, seed 002: the organization's own account (单位用户). Its admin (the 主代办人) opens it; the
// organization signs in by credit code, uploads its licence and is verified by support, chooses its
// supervising unit and is approved; then, renamed and locked out, it gets its account back through the
// legal-entity appeal (法人申诉) and a temporary password by SMS.

const PASSWORD = 'Org#Passw0rd26';

async function signInAsOrg(page: Page, identifier: string, password: string) {
  await page.goto('/login');
  await page.getByRole('tab', { name: '单位用户登录' }).click();
  await page.getByLabel('单位登录名 / 统一社会信用代码').fill(identifier);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

async function smsTo(request: APIRequestContext, phone: string, containing: string): Promise<string> {
  let body = '';
  await expect(async () => {
    const messages: { phone: string; body: string }[] = await (await request.get('/dev/outbox.json')).json();
    body = messages.find((m) => m.phone === phone && m.body.includes(containing))?.body ?? '';
    expect(body, `an SMS to ${phone} with ${containing}`).not.toBe('');
  }).toPass({ timeout: 10_000 });
  return body;
}

test('an organization opens its own account, is verified by its licence and approved by its unit, and a renamed organization gets it back by appeal', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const digits = String(Date.now()).slice(-8) + String(process.pid % 10);
  const orgName = `长沙单位账号科技有限公司${digits}`;
  const newName = `长沙单位账号智能科技有限公司${digits}`;
  const code = uscc(`91430100${digits}`);
  const unitName = `长沙市外国专家局${digits}`;

  // A supervising unit, added by the system admin through the API.
  const approver = newPerson();
  await registerViaApi(request, approver);
  const admin = await request.post('/api/auth/sign-in', { data: { input: { identifier: 'demo_admin', password: 'Admin#2026x', captcha: null } } });
  expect(admin.ok()).toBeTruthy();
  const unit = await request.post('/api/units/create', {
    data: { input: { name: unitName, level: 'municipal', region_code: '4301', approver_username: approver.username } },
  });
  expect(unit.ok(), await unit.text()).toBeTruthy();
  await request.post('/api/auth/sign-out', { data: {} });

  // The 主代办人 registers the organization and opens its account.
  const boss = newPerson();
  await registerViaApi(request, boss);
  await signInWithPassword(page, boss.username, boss.password);
  await expect(page).toHaveURL(/\/account$/);
  await submitOrgRegistration(page, orgName, code, '培训管理员');
  await expect(page).toHaveURL(/\/orgs\/manage$/);
  const opening = page.getByRole('form', { name: '开通单位账号' });
  await opening.getByLabel('单位登录名').fill(`org${digits}`);
  await opening.getByLabel('新密码', { exact: true }).fill(PASSWORD);
  await opening.getByLabel('确认新密码').fill('Org#Passw0rd2');
  await opening.getByRole('button', { name: '开通单位账号' }).click();
  await expect(opening.getByText('两次输入的密码不一致')).toBeVisible();
  await opening.getByLabel('确认新密码').fill(PASSWORD);
  await opening.getByRole('button', { name: '开通单位账号' }).click();
  await expect(page.getByRole('status').filter({ hasText: '单位账号已开通' })).toContainText(`org${digits}`);
  await page.screenshot({ path: test.info().outputPath('org-account-opened.png'), fullPage: true });
  await page.getByRole('button', { name: '退出' }).click();

  // The organization signs in by its credit code and sends its licence.
  await signInAsOrg(page, code, PASSWORD);
  await expect(page).toHaveURL(/\/org-account$/);
  await expect(page.getByRole('heading', { name: '单位用户中心' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(orgName);
  await expect(valueBeside(page, '单位认证')).toHaveText('未认证');
  await page.getByLabel(/营业执照/).setInputFiles({ name: 'not-a-licence.pdf', mimeType: 'application/pdf', buffer: Buffer.from('plain text') });
  await expect(page.getByRole('alert').filter({ hasText: '按文件内容识别' })).toBeVisible();
  await page.getByLabel(/营业执照/).setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: ONE_PAGE_PDF });
  await expect(page.getByText('已上传，检查通过')).toBeVisible();
  await page.getByRole('button', { name: '提交认证' }).click();
  await expect(valueBeside(page, '单位认证')).toHaveText('审核中');
  await expect(page.getByRole('status').filter({ hasText: '单位认证审核中' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('org-account-pending.png'), fullPage: true });

  // Support checks the licence and verifies; the 主代办人 is told by SMS.
  const supportContext = await browser.newContext();
  const support = await supportContext.newPage();
  await signInWithPassword(support, 'demo_support', 'Support#2026');
  await expect(support).toHaveURL(/\/account$/);
  await support.getByRole('link', { name: '单位审核' }).click();
  const card = support.getByRole('article', { name: orgName });
  await expect(card).toContainText(code);
  await expect(card.getByRole('link', { name: '查看营业执照' })).toBeVisible();
  await support.screenshot({ path: test.info().outputPath('support-orgs.png'), fullPage: true });
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await expect(card).toHaveCount(0);
  expect(await smsTo(request, boss.phone, '单位认证已通过')).toContain(orgName);
  await page.reload();
  await expect(valueBeside(page, '单位认证')).toHaveText('已认证');

  // The organization chooses its unit, whose approving admin approves it.
  await page.getByRole('link', { name: '选择归口单位、为人员授权' }).click();
  await expect(page).toHaveURL(/\/orgs\/manage$/);
  const section = page.getByRole('region', { name: '归口单位' });
  await section.getByLabel('主管外专局类型').selectOption({ label: '市级外专局' });
  await section.getByLabel('归口单位', { exact: true }).selectOption({ label: `${unitName}（长沙市）` });
  await section.getByRole('button', { name: '提交归口单位审核' }).click();
  await expect(section.getByRole('status')).toContainText(`等待归口单位审核（${unitName}）`);
  const unitContext = await browser.newContext();
  const unitPage = await unitContext.newPage();
  await signInWithPassword(unitPage, approver.username, approver.password);
  await unitPage.getByRole('link', { name: '归口审核' }).click();
  await unitPage.getByRole('article', { name: orgName }).getByRole('button', { name: '通过' }).click();
  await expect(unitPage.getByRole('status').filter({ hasText: `已通过：${orgName}` })).toBeVisible();
  await unitContext.close();
  await page.reload();
  await expect(section.getByRole('status')).toHaveText(`归口单位审核已通过（${unitName}）`);
  await page.getByRole('button', { name: '退出' }).click();

  // A forgotten login name comes back only when the full name and the credit code both match.
  await page.getByRole('tab', { name: '单位用户登录' }).click();
  await page.getByRole('link', { name: '忘记单位登录名' }).click();
  await page.getByLabel('单位全称').fill(orgName);
  await page.getByLabel('统一社会信用代码').fill(uscc(`91430100${digits.split('').reverse().join('')}`));
  const sendCode = page.getByRole('button', { name: '发送验证码到主代办人手机' });
  await sendCode.click();
  await expect(page.getByRole('alert')).toContainText('未找到单位名称与统一社会信用代码都一致的单位');
  await page.getByLabel('统一社会信用代码').fill(code);
  const before = await newestOutboxId(request);
  await sendCode.click();
  await expect(page.getByRole('status').filter({ hasText: '验证码已发送至主代办人手机' })).toBeVisible();
  await page.getByLabel('短信验证码').fill(await latestCode(request, boss.phone, before));
  await page.getByRole('button', { name: '找回登录名' }).click();
  await expect(page.getByRole('status').filter({ hasText: '单位登录名' })).toContainText(`org${digits}`);

  // Renamed, and the account can't be recovered: a name that is registered already points to the appeal.
  await signInWithPassword(page, approver.username, approver.password);
  await expect(page).toHaveURL(/\/account$/);
  await submitOrgRegistration(page, orgName, code, '培训管理员');
  await expect(page.getByText('单位名称已被注册')).toBeVisible();
  await expect(page.getByText('信用代码已被注册')).toBeVisible();
  await page.getByRole('link', { name: '单位法人申诉' }).click();
  await expect(page.getByRole('heading', { name: '单位法人申诉' })).toBeVisible();
  await expect(page.getByText('约一个工作日内处理')).toBeVisible();
  const appealPhone = newPerson().phone;
  await page.getByLabel('最新单位全称').fill(newName);
  await page.getByLabel('统一社会信用代码').fill(code);
  await page.getByLabel(/主代办人手机号码/).fill(appealPhone);
  await page.getByLabel('短信验证码').fill(await requestCode(page, request, appealPhone));
  await page.getByRole('button', { name: '下一步：上传材料' }).click();
  await expect(page.getByText(/结果将发送到：/)).toContainText(appealPhone.slice(-4));
  await page.getByLabel(/营业执照复印件/).setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: ONE_PAGE_PDF });
  await page.getByLabel(/单位变更声明/).setInputFiles({ name: 'statement.pdf', mimeType: 'application/pdf', buffer: ONE_PAGE_PDF });
  await expect(page.getByText('已上传，检查通过')).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath('org-appeal-files.png'), fullPage: true });
  await page.getByRole('button', { name: '提交申诉' }).click();
  await expect(page.getByRole('status').filter({ hasText: '申诉已提交' })).toContainText('客服将在约一个工作日内处理');

  // Support approves; the temporary password arrives at the proven phone.
  await support.reload();
  const appeal = support.getByRole('article', { name: `${newName} ${code}` });
  await expect(valueBeside(appeal, '系统登记名称')).toHaveText(orgName);
  await appeal.getByRole('button', { name: '通过', exact: true }).click();
  await expect(appeal).toHaveCount(0);
  await supportContext.close();
  const sms = await smsTo(request, appealPhone, '申诉已通过');
  const temporary = sms.match(/临时密码 (\S+?)，/)![1];

  // Signed in with it, the organization first chooses a new password, then carries its new name.
  await page.getByRole('button', { name: '退出' }).click();
  await signInAsOrg(page, code, temporary);
  await expect(page).toHaveURL(/\/org-account$/);
  await expect(page.getByRole('alert').filter({ hasText: '临时密码' })).toBeVisible();
  await page.getByLabel('当前密码').fill(temporary);
  await page.getByLabel('新密码', { exact: true }).fill('Org#Renamed2026');
  await page.getByLabel('确认新密码').fill('Org#Renamed2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(valueBeside(page, '单位全称')).toHaveText(newName);
  await page.screenshot({ path: test.info().outputPath('org-account-renamed.png'), fullPage: true });
});
