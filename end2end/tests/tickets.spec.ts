import { expect, test } from '@playwright/test';
import { newPerson, registerViaApi, signInWithPassword, valueBeside } from './helpers';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f00050001ff56c72f0d0000000049454e44ae426082', 'hex');

test('a ticket round trip: the user opens one with an attachment, support answers from the console, the user is told by SMS', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('link', { name: '我的工单' }).click();
  await expect(page.getByText('暂无工单。')).toBeVisible();

  const form = page.getByRole('form', { name: '提交工单' });
  // Bad input first: every field says what is missing, nothing is lost.
  await form.getByLabel('标题').fill('无');
  await form.getByRole('button', { name: '提交' }).click();
  await expect(form.getByText('请选择问题类别')).toBeVisible();
  await expect(form.getByText('请填写标题（2–100字）').first()).toBeVisible();
  await form.getByLabel('问题类别').selectOption({ label: '账号与登录' });
  const subject = `手机号无法修改 ${person.username}`;
  await form.getByLabel('标题').fill(subject);
  await form.getByLabel('问题描述').fill('提示一年内只能修改一次，但我从未修改过。');
  await form.getByLabel('附件（JPG、PNG 或 PDF，每次最多5个）').setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: PNG });
  await expect(form.getByText('已上传，检查通过')).toBeVisible();
  await expect(form.getByText('已添加附件：1')).toBeVisible();
  await form.getByRole('button', { name: '提交' }).click();
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  const ticketUrl = page.url();
  await expect(valueBeside(page, '状态')).toHaveText('待处理');
  await expect(page.getByRole('link', { name: /附件 #\d+/ })).toBeVisible();

  // Support finds it in the console's ticket list (search and status filter) and answers.
  const staff = await (await browser.newContext()).newPage();
  await signInWithPassword(staff, 'demo_support', 'Support#2026');
  await staff.getByRole('link', { name: '管理控制台' }).click();
  await staff.getByRole('navigation', { name: '管理控制台' }).getByRole('link', { name: '工单' }).click();
  await staff.getByLabel('搜索', { exact: true }).fill(person.username);
  await staff.getByRole('button', { name: '搜索' }).click();
  await expect(staff.getByRole('status').filter({ hasText: /^共/ })).toHaveText('共 1 条');
  await staff.getByLabel('筛选').selectOption({ label: '已回复' });
  await expect(staff.getByRole('status').filter({ hasText: /^共/ })).toHaveText('共 0 条');
  await staff.getByLabel('筛选').selectOption({ label: '待处理' });
  await expect(staff.getByRole('status').filter({ hasText: /^共/ })).toHaveText('共 1 条');
  await staff.getByRole('row', { name: new RegExp(subject) }).getByRole('link').first().click();
  await expect(staff.getByRole('heading', { name: new RegExp(subject) })).toBeVisible();
  const attachment = await staff.request.get((await staff.getByRole('link', { name: /附件 #\d+/ }).getAttribute('href'))!);
  expect(attachment.headers()['content-type']).toBe('image/png');
  await staff.getByLabel('回复用户').fill('已为您核实，现在可以修改了。');
  await staff.getByRole('button', { name: '发送' }).click();
  await expect(valueBeside(staff, '状态')).toHaveText('已回复');

  // The user sees the answer, and the SMS under 消息通知.
  await page.goto(ticketUrl);
  await expect(valueBeside(page, '状态')).toHaveText('已回复');
  await expect(page.getByText('已为您核实，现在可以修改了。')).toBeVisible();
  await page.getByRole('link', { name: '消息通知' }).click();
  await expect(page.getByText(/您的工单#\d+.*已有客服回复/)).toBeVisible();
  await page.goto(ticketUrl);
  await page.getByRole('button', { name: '关闭工单' }).click();
  await expect(valueBeside(page, '状态')).toHaveText('已关闭');
  await expect(page.getByLabel('补充说明')).toHaveCount(0);
});

test('the personal centre: every page from one menu, on a phone screen too', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await page.setViewportSize({ width: 375, height: 740 });
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  const menu = page.getByRole('navigation', { name: '个人中心' });
  const pages: [string, RegExp, string][] = [
    ['我的申请', /\/applications$/, '待办事项 · 专家申请'],
    ['我的课程', /\/training$/, '培训报名'],
    ['我的考试', /\/exams$/, '我的考试'],
    ['我的证书', /\/certificates$/, '我的证书'],
    ['我的工单', /\/tickets$/, '我的工单'],
    ['消息通知', /\/me\/notifications$/, '消息通知'],
    ['我的信息', /\/account$/, '我的信息'],
  ];
  for (const [link, url, heading] of pages) {
    await menu.getByRole('link', { name: link }).click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(menu.getByRole('link', { name: link })).toHaveAttribute('aria-current', 'page');
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  }
  // My information is masked; the registration SMS is in the notifications.
  await expect(valueBeside(page, '手机号码')).toHaveText(`${person.phone.slice(0, 3)}****${person.phone.slice(7)}`);
  await menu.getByRole('link', { name: '消息通知' }).click();
  await expect(page.locator('.notifications li').first()).toBeVisible();
  // The exam itself says it needs a desktop.
  await menu.getByRole('link', { name: '我的考试' }).click();
  await expect(page.getByText('考试仅支持电脑端浏览器（需摄像头），请勿使用手机参加考试。')).toBeVisible();
});
