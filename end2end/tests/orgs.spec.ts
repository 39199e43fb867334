import { expect, test } from '@playwright/test';
import { agreeToFaceProcessing, newPerson, registerViaApi, signInWithPassword, uscc, valueBeside } from './helpers';

test('an organization registers, authorizes a verified person, then revokes the role', async ({ page, browser, request }) => {
  // The person to authorize: registered, then verified through the camera flow and support's approval.
  const person = newPerson();
  await registerViaApi(request, person);
  const personContext = await browser.newContext();
  const personPage = await personContext.newPage();
  await signInWithPassword(personPage, person.username, person.password);
  await expect(personPage).toHaveURL(/\/account$/);
  await personPage.goto('/identity');
  const uploaded = personPage.getByText('已上传，检查通过');
  const fixtures = `${process.env.ZJ_FIXTURES ?? `${process.env.HOME}/.cache/zhuanjia/fixtures`}`;
  await personPage.getByLabel('身份证人像面').setInputFiles(`${fixtures}/no-face.jpg`);
  await personPage.getByLabel('身份证国徽面').setInputFiles(`${fixtures}/no-face.jpg`);
  await expect(uploaded).toHaveCount(2);
  await agreeToFaceProcessing(personPage);
  await expect(personPage.locator('.camera')).toHaveAttribute('data-state', 'Live');
  await personPage.getByRole('button', { name: '拍照' }).click();
  await expect(uploaded).toHaveCount(3);
  await personPage.getByRole('button', { name: '提交认证' }).click();
  await expect(personPage.getByText('当前状态：审核中')).toBeVisible();

  const support = await browser.newContext();
  const supportPage = await support.newPage();
  await signInWithPassword(supportPage, 'demo_support', 'Support#2026');
  await supportPage.getByRole('link', { name: '认证审核' }).click();
  const card = supportPage.getByRole('article', { name: new RegExp(person.username) });
  await card.getByRole('button', { name: '通过', exact: true }).click();
  await expect(card).toHaveCount(0);
  await support.close();

  // The organization's admin registers the organization.
  const admin = newPerson();
  await registerViaApi(request, admin);
  await signInWithPassword(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('link', { name: '单位', exact: true }).click();
  await page.getByRole('link', { name: '单位注册' }).click();
  await expect(page).toHaveURL(/\/orgs\/register$/);

  const digits = String(Date.now()).slice(-8) + String(process.pid % 10);
  const code = uscc(`91110000${digits}`);
  const wrongCheck = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
  await page.getByLabel('单位全称').fill(`测试科技有限公司${digits}`);
  const usccField = page.getByLabel('统一社会信用代码');
  await usccField.fill(wrongCheck);
  await usccField.blur();
  await expect(usccField).toHaveAccessibleDescription(/校验位不正确/);
  await usccField.fill(code);
  await expect(usccField).not.toHaveAccessibleDescription(/校验位不正确/);
  await page.getByLabel('法定代表人姓名').fill('王 法人');
  await page.getByLabel('法定代表人类型').selectOption('legal_person');
  await page.getByLabel('联系电话').fill('010-12345678');
  await page.getByLabel('代理机构从业人员').check();
  await page.getByLabel('评审专家').check();
  await page.getByRole('button', { name: '注册单位' }).click();
  await expect(page).toHaveURL(/\/orgs\/manage$/);
  await expect(valueBeside(page, '单位全称')).toHaveText(`测试科技有限公司${digits}`);

  // Find the verified person by exact name + ID number and grant a role.
  await page.getByLabel('姓名', { exact: true }).fill(person.realName);
  await page.getByLabel('证件号码', { exact: true }).fill(person.idNumber);
  await page.getByRole('button', { name: '查找' }).click();
  const found = page.getByRole('article', { name: '查找结果' });
  await expect(found).toContainText('*');
  await expect(found).not.toContainText(person.idNumber);
  await found.getByLabel('评审专家').check();
  await found.getByRole('button', { name: '授权', exact: true }).click();
  await expect(found.getByRole('status')).toContainText('授权成功');
  await expect(valueBeside(page.getByRole('article', { name: '查找结果' }), '当前授权')).toHaveText('评审专家');
  await expect(page.getByRole('table', { name: '已授权人员' })).toContainText('评审专家');

  // The person sees the organization that authorized them, and what the role opens: being counted as
  // staff, not the staff's results (that takes 培训管理员, which the server enforces too).
  await personPage.goto('/orgs/mine');
  const authorizedBy = personPage.getByRole('region', { name: '授权我的单位' });
  await expect(authorizedBy).toContainText(`测试科技有限公司${digits}`);
  await expect(authorizedBy).toContainText('评审专家');
  await expect(authorizedBy).toContainText('列为本单位人员：考试结果和证书对本单位培训管理员可见');
  await expect(authorizedBy.getByRole('link', { name: '查看本单位人员考试结果' })).toHaveCount(0);
  const staffPage = await page.getByRole('link', { name: '查看本单位人员考试结果' }).getAttribute('href');
  expect(staffPage).toMatch(/^\/orgs\/\d+\/staff$/);
  await personPage.goto(staffPage!);
  await expect(personPage.getByRole('alert')).toHaveText('您没有执行此操作的权限');

  // Revoke.
  await found.getByRole('button', { name: '撤销授权' }).click();
  await expect(found.getByRole('status')).toContainText('已撤销授权');
  await expect(valueBeside(page.getByRole('article', { name: '查找结果' }), '当前授权')).toHaveText('无');
  await expect(page.getByRole('table', { name: '已授权人员' })).not.toContainText('评审专家');
  await personPage.goto('/orgs/mine');
  await expect(personPage.getByRole('region', { name: '授权我的单位' })).toContainText('暂无单位授权');
  await personContext.close();

  // The organization's admin opens its staff's results (nobody has a certificate yet).
  await page.getByRole('link', { name: '查看本单位人员考试结果' }).click();
  await expect(page.getByRole('heading', { name: '本单位人员考试结果' })).toBeVisible();
  await expect(page.getByText('本单位人员暂无考试证书。')).toBeVisible();
});
