import AxeBuilder from '@axe-core/playwright';
import { Page, expect, test } from '@playwright/test';
import { apiSignIn, verifiedCandidate } from './exam-helpers';

// axe-core on every page: no serious or critical violation (WCAG 2.1 A and AA rules).

async function audit(page: Page, path: string, ready: RegExp | string): Promise<string[]> {
  await page.goto(path);
  const found: string[] = [];
  // A page without its heading is reported (axe then checks what is there) rather than stopping the run.
  await expect(page.getByRole('heading', { level: 1 }).first()).toContainText(ready).catch(() => found.push(`${path}: no h1 matching ${ready}`));
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return found.concat(results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
}

const PUBLIC_PAGES: [string, RegExp][] = [
  ['/login', /登录/], ['/register', /注册/], ['/forgot', /找回/], ['/recover/appeal', /申诉/]
];
const CANDIDATE_PAGES: [string, RegExp][] = [
  ['/account', /个人中心|我的信息/], ['/identity', /实名认证/], ['/applications', /申请/], ['/exams', /考试/],
  ['/certificates', /证书/], ['/training', /培训/], ['/tickets', /工单/], ['/me/notifications', /消息/],
  ['/registration', /考试报名/], ['/orgs/mine', /我的单位授权/], ['/orgs/register', /单位/],
];
const STAFF_PAGES: [string, RegExp][] = [
  ['/admin', /管理控制台|控制台/], ['/admin/list/users', /用户/], ['/admin/list/reg_orders', /订单/], ['/admin/config', /配置/],
  ['/support', /用户查询/], ['/support/identity', /认证审核|实名/], ['/support/appeals', /申诉/], ['/exam-admin', /考务/],
];

test('every page passes axe-core without serious or critical violations', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const violations: string[] = [];
  const anonymous = await (await browser.newContext()).newPage();
  for (const [path, heading] of PUBLIC_PAGES) violations.push(...(await audit(anonymous, path, heading)));

  const candidate = await browser.newContext();
  await apiSignIn(candidate.request, 'demo_candidate', 'Candidate#2026');
  const page = await candidate.newPage();
  for (const [path, heading] of CANDIDATE_PAGES) violations.push(...(await audit(page, path, heading)));
  // A registration page with its flow diagram and steps (registering needs a verified identity).
  const verified = await (await verifiedCandidate(browser, request, 'one-face.jpg')).context.newPage();
  await verified.goto('/registration');
  await verified.getByRole('button', { name: /^我要报名/ }).first().click();
  await expect(verified.getByRole('list', { name: '报考状态流程图' })).toBeVisible();
  violations.push(...(await audit(verified, verified.url().replace(/^https?:\/\/[^/]+/, ''), /考试报名/)));

  const admin = await browser.newContext();
  await apiSignIn(admin.request, 'demo_admin', 'Admin#2026x');
  const staff = await admin.newPage();
  for (const [path, heading] of STAFF_PAGES) violations.push(...(await audit(staff, path, heading)));

  expect(violations, violations.join('\n')).toEqual([]);
});
