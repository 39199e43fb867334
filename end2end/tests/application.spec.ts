import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approveAll, reviewerDecides, submitThroughApi, WINDOW } from './application-helpers';
import { apiSignIn, verifiedCandidate } from './exam-helpers';
import { signInWithPassword, ONE_PAGE_PDF } from './helpers';

const PDF = ONE_PAGE_PDF;

async function openMyApplication(page: Page): Promise<void> {
  await page.goto('/applications');
  const card = page.getByRole('article', { name: WINDOW });
  await card.getByRole('button', { name: /去申请|查看申请/ }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
}

test('an applicant fills the four steps across two browser sessions, prints the form, uploads, submits, and four reviewers approve in turn', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  let page = await context.newPage();
  await openMyApplication(page);

  // The step indicator numbers each step once (its buttons carry the number; the list adds none).
  const steps = page.getByRole('navigation', { name: '申报步骤' });
  await expect(steps.getByRole('button', { name: '1 基础信息' })).toBeVisible();
  const prefixes = await steps.locator('li').evaluateAll((items) => items.map((li) => getComputedStyle(li, '::before').content));
  expect(prefixes.every((c) => c === 'none' || c === 'normal' || c === '""'), prefixes.join(' ')).toBeTruthy();

  // Step 1, first session: saved as a draft.
  await page.getByLabel('政治面貌').selectOption('群众');
  await page.getByLabel('省', { exact: true }).selectOption({ label: '湖南省' });
  await page.getByLabel('市', { exact: true }).selectOption({ label: '长沙市' });
  await page.getByLabel('区（县）').selectOption({ label: '芙蓉区' });
  await page.getByLabel('按单位名称搜索').fill('湖南大学');
  await page.getByRole('button', { name: '湖南大学', exact: true }).click();
  await expect(page.getByRole('status', { name: '已选工作单位' })).toHaveText('湖南大学');
  await page.getByLabel('工作单位', { exact: true }).fill('湖南大学');
  await page.getByLabel('职务').fill('教授');
  await page.getByLabel('开始年月').fill('2099-01');
  await expect(page.getByText('日期不能晚于本月')).toBeVisible();
  await page.getByLabel('开始年月').fill('2010-09');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存草稿，可随时继续填写。')).toBeVisible();
  await context.close();

  // Another browser session the next day: the draft is there.
  const second = await browser.newContext();
  page = await second.newPage();
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await openMyApplication(page);
  await expect(page.getByRole('status', { name: '已选工作单位' })).toHaveText('湖南大学');
  await expect(page.getByLabel('职务')).toHaveValue('教授');
  await expect(page.getByLabel('区（县）')).toHaveValue('430102');
  await page.getByRole('button', { name: '保存并下一步' }).click();

  // A reload opens the step the applicant was on.
  await expect(page.getByRole('heading', { name: /第二步/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: /第二步/ })).toBeVisible();

  // Step 2: an education record, marked by the online-check rule as it is typed.
  await page.getByRole('button', { name: '添加学历学位' }).click();
  await page.getByLabel('毕业院校').fill('湖南大学');
  await page.getByLabel('专业', { exact: true }).fill('土木工程');
  await page.getByLabel('毕业年月').fill('1999-07');
  await expect(page.locator('.check-mode')).toHaveText('需现场核验');
  await page.getByLabel('毕业年月').fill('2009-07');
  await page.getByLabel('学历证书编号').fill('105321200505001234');
  await page.getByLabel('学位', { exact: true }).selectOption('学士');
  await page.getByLabel('学位授予年月').fill('2009-07');
  await expect(page.locator('.check-mode')).toHaveText('学信网在线核验');
  await page.getByRole('button', { name: '保存并下一步' }).click();

  // Step 3: two specialties, then 打印表格 locks steps 1–3.
  for (const [category, group, specialty] of [['工程类', '房屋建筑', '建筑工程施工'], ['货物类', '信息技术', '软件']]) {
    await page.getByLabel('类别').selectOption({ label: category });
    await page.getByLabel('子类').selectOption({ label: group });
    await page.getByLabel('专业', { exact: true }).selectOption({ label: specialty });
    await page.getByRole('button', { name: '添加专业' }).click();
  }
  await expect(page.getByRole('list', { name: '已选专业' }).getByRole('listitem')).toHaveCount(2);
  // The same specialty again is not silently ignored.
  await page.getByRole('button', { name: '添加专业' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '该专业已添加，请选择其他专业。' })).toBeVisible();
  await expect(page.getByRole('list', { name: '已选专业' }).getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: '打印表格' }).click();
  // 确定 locks the steps and the form downloads at once.
  const downloaded = page.waitForEvent('download');
  await page.getByRole('dialog', { name: '确认打印表格' }).getByRole('button', { name: '确定' }).click();
  expect((await downloaded).suggestedFilename()).toMatch(/^review-form-\d+\.pdf$/);

  // Step 4: the form downloads as a PDF with the applicant's name in it; the attachments upload.
  const formLink = page.getByRole('link', { name: /下载资格审查表/ });
  const pdf = await second.request.get((await formLink.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'zj-form-'));
  writeFileSync(join(dir, 'form.pdf'), await pdf.body());
  expect(execFileSync('pdftotext', [join(dir, 'form.pdf'), '-'], { timeout: 30_000 }).toString()).toContain(person.realName);
  const labels = ['资格审查表（签字盖章，必须）', '身份证（必须）', '学历证书（必须）', '职称证书（必须）', '个人一寸照片（必须）'];
  for (const [i, label] of labels.entries()) {
    await page.getByLabel(label).setInputFiles({ name: `file-${i}.pdf`, mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByRole('list', { name: '已上传附件' }).getByRole('listitem')).toHaveCount(i + 1);
  }
  await page.getByRole('button', { name: '提交审核' }).click();
  await expect(page.getByText('审核中：行业部门预审', { exact: true })).toBeVisible();
  // Locked now: step 1 says so.
  await page.getByRole('button', { name: '1 基础信息' }).click();
  await expect(page.getByRole('status').filter({ hasText: '不能修改' })).toHaveText('申请已提交审核，不能修改。');
  // In English the summary's closed lists and generated words follow the language; what was typed stays.
  await page.getByRole('button', { name: 'English' }).click();
  await page.reload();
  const summary = page.getByRole('table', { name: 'Application' });
  const row = (label: string) => summary.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
  await expect(row('Political status')).toContainText('No party affiliation');
  await expect(row('Education').first()).toContainText(/Bachelor.*\((checked online|on-site check)\)/);
  for (const label of ['Political status', 'Work', 'Education']) {
    await expect(row(label).first()).not.toContainText(/群众|至今|本科|学士|在线核验|现场核验|（|）/);
  }
  await page.getByRole('button', { name: '中文' }).click();
  await page.reload();

  for (const n of [1, 2, 3, 4]) {
    await reviewerDecides(browser, `demo_reviewer${n}`, person.username, approveAll);
  }
  await page.reload();
  await expect(page.getByText('审核已完成，等待考试', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: '操作记录' }).getByRole('row')).toHaveCount(1 + 1 + 4 * 2);
});

test('an application returned at stage 2 is corrected in the reopened step only, resubmitted, and the applicant sees every opinion in the log', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const { person, context, api } = await verifiedCandidate(browser, request, 'one-face.jpg');
  await submitThroughApi(api);
  await reviewerDecides(browser, 'demo_reviewer1', person.username, approveAll);
  await reviewerDecides(browser, 'demo_reviewer2', person.username, async (page) => {
    await page.getByRole('radiogroup', { name: /建筑工程施工/ }).getByLabel('退回修改').check();
    await page.getByLabel('评标专业').check();
    await page.getByLabel('意见（退回时必填）').fill('施工经历与所选专业不符，请调整');
  });
  const page = await context.newPage();
  await openMyApplication(page);
  await expect(page.getByText('退回修改（市州审核）', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: '操作记录' })).toContainText('施工经历与所选专业不符，请调整');
  // Only the returned part opens: step 1 stays locked.
  await page.getByRole('button', { name: '1 基础信息' }).click();
  await expect(page.getByRole('status').filter({ hasText: '不能修改' })).toHaveText('本部分未被退回，不能修改。');
  await page.getByRole('button', { name: '3 评标专业' }).click();
  await page.getByRole('button', { name: '移除' }).click();
  await page.getByLabel('类别').selectOption({ label: '工程类' });
  await page.getByLabel('子类').selectOption({ label: '房屋建筑' });
  await page.getByLabel('专业', { exact: true }).selectOption({ label: '建筑工程监理' });
  await page.getByRole('button', { name: '添加专业' }).click();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存草稿，可随时继续填写。')).toBeVisible();
  await page.getByRole('button', { name: '修改完成，重新提交' }).click();
  await expect(page.getByText('审核中：市州审核', { exact: true })).toBeVisible();
  await expect(page.getByRole('table', { name: '操作记录' }).getByRole('row')).toHaveCount(1 + 4);
  const staff = (await browser.newContext()).request;
  await apiSignIn(staff, 'demo_reviewer2', 'Reviewer#2026');
  expect((await (await staff.get('/api/review/queue')).json()).some((item: { applicant: string }) => item.applicant.includes(person.username))).toBeTruthy();
});
