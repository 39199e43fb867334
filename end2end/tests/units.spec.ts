import { expect, test } from '@playwright/test';
import { newPerson, registerViaApi, signInWithPassword, submitOrgRegistration, uscc } from './helpers';

// Issue 21, seed 002: the system admin adds a municipal supervising unit with its approving admin; an
// organization chooses it (the municipal list only under 市级外专局), waits "等待归口单位审核", and the
// unit's approving admin approves it from their queue.
test('an organization waits for its supervising unit, whose approving admin approves it', async ({ page, browser, request }) => {
  const digits = String(Date.now()).slice(-8) + String(process.pid % 10);
  const unitName = `长沙市外国专家局${digits}`;
  const orgName = `长沙测试科技有限公司${digits}`;
  const approver = newPerson();
  await registerViaApi(request, approver);

  // The system admin adds the unit.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signInWithPassword(admin, 'demo_admin', 'Admin#2026x');
  await admin.getByRole('link', { name: '管理控制台' }).click();
  await admin.getByRole('navigation', { name: '管理控制台' }).getByRole('link', { name: '归口单位' }).click();
  await expect(admin.getByRole('heading', { name: '归口单位', level: 1 })).toBeVisible();
  await admin.getByLabel('单位名称').fill(unitName);
  await admin.getByLabel('主管外专局类型').selectOption({ label: '市级外专局' });
  await admin.getByLabel('省份').selectOption({ label: '湖南省' });
  await admin.getByLabel('地市').selectOption({ label: '长沙市' });
  await admin.getByLabel('审批管理员用户名', { exact: true }).fill(approver.username);
  await admin.getByRole('button', { name: '添加归口单位' }).click();
  await expect(admin.getByRole('status').filter({ hasText: '归口单位已添加' })).toBeVisible();
  const card = admin.getByRole('article', { name: unitName });
  await expect(card).toContainText('市级外专局');
  await expect(card).toContainText('长沙市');
  await expect(card).toContainText(approver.username);
  await admin.screenshot({ path: test.info().outputPath('admin-units.png'), fullPage: true });
  await adminContext.close();

  // The organization registers and chooses its unit.
  const boss = newPerson();
  await registerViaApi(request, boss);
  await signInWithPassword(page, boss.username, boss.password);
  await expect(page).toHaveURL(/\/account$/);
  await submitOrgRegistration(page, orgName, uscc(`91430100${digits}`), '代理机构从业人员');
  await expect(page).toHaveURL(/\/orgs\/manage$/);
  const section = page.getByRole('region', { name: '归口单位' });
  // No unit list until the type is chosen; a municipal bureau isn't listed under 省级外专局.
  await expect(section.getByLabel('归口单位', { exact: true })).toHaveCount(0);
  await section.getByLabel('主管外专局类型').selectOption({ label: '省级外专局' });
  const units = section.getByLabel('归口单位', { exact: true });
  await expect(units).toBeVisible();
  await expect(units.getByRole('option', { name: new RegExp(unitName) })).toHaveCount(0);
  await section.getByLabel('主管外专局类型').selectOption({ label: '市级外专局' });
  await units.selectOption({ label: `${unitName}（长沙市）` });
  await section.getByRole('button', { name: '提交归口单位审核' }).click();
  await expect(section.getByRole('status')).toContainText(`等待归口单位审核（${unitName}）`);
  await expect(section.getByRole('button', { name: '提交归口单位审核' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('org-waiting.png'), fullPage: true });

  // The approving admin finds it in their queue and approves it.
  const approverContext = await browser.newContext();
  const unitPage = await approverContext.newPage();
  await signInWithPassword(unitPage, approver.username, approver.password);
  await unitPage.getByRole('link', { name: '归口审核' }).click();
  await expect(unitPage.getByRole('heading', { name: '归口单位审核' })).toBeVisible();
  const pending = unitPage.getByRole('article', { name: orgName });
  await expect(pending).toContainText(unitName);
  await unitPage.screenshot({ path: test.info().outputPath('unit-queue.png'), fullPage: true });
  await pending.getByRole('button', { name: '通过' }).click();
  await expect(unitPage.getByRole('status').filter({ hasText: `已通过：${orgName}` })).toBeVisible();
  await expect(pending).toHaveCount(0);
  await approverContext.close();

  // The organization sees the approval.
  await page.reload();
  await expect(section.getByRole('status')).toHaveText(`归口单位审核已通过（${unitName}）`);
});
