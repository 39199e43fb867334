import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { newPerson, registerViaApi, signInWithPassword } from './helpers';

test('the admin console: dashboard charts, a searched and filtered user list exported as CSV, pages, configuration', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, 'demo_admin', 'Admin#2026x');
  await page.getByRole('link', { name: '管理控制台' }).click();
  await expect(page.getByRole('heading', { name: '管理控制台' })).toBeVisible();
  await expect(page.getByRole('link', { name: /注册用户/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /各阶段专家申请/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /正式考试成绩分布/ })).toBeVisible();

  const nav = page.getByRole('navigation', { name: '管理控制台' });
  await nav.getByRole('link', { name: '用户与角色' }).click();
  await page.getByLabel('搜索', { exact: true }).fill(person.username.toUpperCase());
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^共/ })).toHaveText('共 1 条');
  const row = page.getByRole('row', { name: new RegExp(person.username) });
  await expect(row).toContainText(`${person.phone.slice(0, 3)}****${person.phone.slice(7)}`);
  await expect(row).not.toContainText(person.phone);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n').filter((l) => l.trim()).length).toBe(2);
  expect(csv).toContain(person.username);
  expect(csv).not.toContain(person.phone);

  // The role filter: every row holds the role.
  await page.getByLabel('搜索', { exact: true }).fill('');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByLabel('筛选').selectOption({ label: '审核人员' });
  await expect(page.getByRole('status').filter({ hasText: /^共/ })).toHaveText(/共 [1-9]\d* 条/);
  // The unfiltered total also matches the pattern above: wait until the filtered rows have arrived.
  await expect(async () => {
    const roles = await page.locator('tbody tr td:nth-child(7)').allTextContents();
    expect(roles.length).toBeGreaterThan(0);
    for (const cells of roles) expect(cells).toContain('reviewer');
  }).toPass();

  // Pages from the server: the SMS outbox has more than one.
  await nav.getByRole('link', { name: '短信发件箱' }).click();
  await expect(page.getByText(/第 1 \/ \d+/)).toBeVisible();
  const pages = Number((await page.getByText(/第 1 \/ \d+/).textContent())!.match(/\/ (\d+)/)![1]);
  if (pages > 1) {
    await page.getByRole('button', { name: '下一页' }).click();
    await expect(page.getByText(`第 2 / ${pages}`)).toBeVisible();
  }
  await nav.getByRole('link', { name: '操作日志' }).click();
  await page.getByLabel('搜索', { exact: true }).fill('no-such-action-anywhere');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^共/ })).toHaveText('共 0 条');

  await nav.getByRole('link', { name: '系统配置' }).click();
  await expect(page.getByRole('row', { name: /training\.code_attempts/ })).toContainText('5');
  await expect(page.getByRole('row', { name: /database\.url/ })).toContainText('（已隐藏）');
});
