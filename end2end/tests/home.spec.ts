import { expect, test } from '@playwright/test';
import { ONE_PAGE_PDF, signInWithPassword } from './helpers';

// The portal home (issue 19): the system admin writes a pinned notice; a visitor who is not signed in
// reads it on the home page, pinned above the others, and finds the entries to the services.
test('a pinned notice on the home page, and the entries to the services', async ({ browser, page }) => {
  const admin = await (await browser.newContext()).newPage();
  await signInWithPassword(admin, 'demo_admin', 'Admin#2026x');
  await expect(admin).toHaveURL(/\/account$/);
  await admin.getByRole('link', { name: '管理控制台' }).click();
  await admin.getByRole('navigation', { name: '管理控制台' }).getByRole('link', { name: '通知公告' }).click();
  const form = admin.getByRole('form', { name: '发布通知' });
  await form.getByRole('button', { name: '发布' }).click();
  await expect(form.getByText('请填写标题')).toBeVisible();
  const title = `本次征集考试安排 ${Date.now()}`;
  await form.getByLabel('标题').fill(title);
  await form.getByLabel('内容').fill('考试时间：12月20日 9:00–10:00\n请提前完成考前确认。');
  await form.getByLabel('置顶').check();
  await form.getByRole('button', { name: '发布' }).click();
  await expect(form.getByRole('status').filter({ hasText: '通知已保存' })).toBeVisible();
  await expect(admin.getByRole('list', { name: '全部通知' })).toContainText(title);
  // An ordinary notice after it: the pinned one stays on top.
  await form.getByLabel('标题').fill(`系统维护通知 ${Date.now()}`);
  await form.getByLabel('内容').fill('今晚22:00–23:00系统维护。');
  await form.getByLabel('置顶').uncheck();
  await form.getByRole('button', { name: '发布' }).click();
  await expect(admin.getByRole('list', { name: '全部通知' }).getByRole('listitem')).not.toHaveCount(1);

  await page.goto('/');
  const board = page.getByRole('region', { name: '通知公告' });
  const first = board.getByRole('listitem').first();
  await expect(first).toContainText('置顶');
  await expect(first).toContainText(title);
  await expect(first.getByText('请提前完成考前确认。')).toBeHidden();
  await first.getByText(title).click();
  await expect(first.getByText('请提前完成考前确认。')).toBeVisible();
  const entries = page.getByRole('navigation', { name: '办事入口' });
  for (const name of ['待办事项', '考试', '报名', '培训', '证书', '意见反馈', '资料下载', '办理指南']) {
    await expect(entries.getByRole('link', { name: new RegExp(`^${name}`) })).toBeVisible();
  }
  await page.screenshot({ path: test.info().outputPath('home.png'), fullPage: true });
  await entries.getByRole('link', { name: /^考试/ }).click();
  await expect(page).toHaveURL(/\/exams$/);
  await expect(page.getByText('请先登录。')).toBeVisible();
});

test('资料下载, 办理指南 and the site QR code, for visitors who are not signed in', async ({ browser, page }) => {
  // The system admin marks a blank template public when uploading it.
  const admin = await (await browser.newContext()).newPage();
  await signInWithPassword(admin, 'demo_admin', 'Admin#2026x');
  await expect(admin).toHaveURL(/\/account$/);
  await admin.goto('/admin/list/materials');
  const title = `资格审查表（空白模板）${Date.now()}`;
  await admin.getByLabel('资料名称（先填写再选择文件）').fill(title);
  await admin.getByLabel(/公开到首页“资料下载”/).check();
  await admin.getByLabel('资料文件（PDF、JPG 或 PNG）').setInputFiles({ name: 'form.pdf', mimeType: 'application/pdf', buffer: ONE_PAGE_PDF });
  await expect(admin.getByText('已上传，检查通过')).toBeVisible();

  await page.goto('/');
  // The QR code is a real picture of the site's address.
  const qr = page.getByRole('img', { name: '本站网址二维码' });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBeTruthy();
  await page.getByRole('navigation', { name: '办事入口' }).getByRole('link', { name: /^资料下载/ }).click();
  await expect(page).toHaveURL(/\/downloads$/);
  const file = page.getByRole('list', { name: '资料列表' }).getByRole('link', { name: title });
  await expect(file).toBeVisible();
  const download = await page.request.get((await file.getAttribute('href'))!);
  expect(download.headers()['content-type']).toBe('application/pdf');
  await page.goto('/');
  await page.getByRole('navigation', { name: '办事入口' }).getByRole('link', { name: /^办理指南/ }).click();
  const guide = page.getByRole('article', { name: '专家申请办理指南' });
  await expect(guide).toContainText('省级终审');
  await page.screenshot({ path: test.info().outputPath('guides.png'), fullPage: true });
});
