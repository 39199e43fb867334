import { APIRequestContext, Browser, Page, expect, test } from '@playwright/test';
import { apiSignIn, verifiedCandidate } from './exam-helpers';
import { ONE_PAGE_PDF } from './helpers';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// 考试报名 (SPEC §7a, seed 001) on the demo window: 2026年度经济专业技术资格考试, 56 元 a subject.

const PDF = ONE_PAGE_PDF;

async function startRegistration(page: Page): Promise<void> {
  await page.goto('/registration');
  await page.getByRole('button', { name: /^我要报名/ }).first().click();
  await expect(page.getByRole('list', { name: '报考状态流程图' })).toBeVisible();
}

async function addEducation(page: Page, graduated: string): Promise<void> {
  await page.getByRole('button', { name: '添加学历学位' }).click();
  await page.getByLabel('毕业院校').fill('东北大学');
  await page.getByLabel('专业', { exact: true }).fill('经济学');
  await page.getByLabel('毕业年月').fill(graduated);
  await page.getByLabel('学历证书编号').fill('101451200005001234');
  await page.getByRole('button', { name: '保存并下一步' }).click();
}

async function fillDetails(page: Page, subjects: string[], site: RegExp): Promise<void> {
  await page.getByLabel('报考级别').selectOption({ label: '中级' });
  await page.getByLabel('报考专业').selectOption({ label: '人力资源管理' });
  for (const subject of subjects) await page.getByLabel(subject).check();
  await page.getByLabel('考点').selectOption({ label: await optionLabel(page, '考点', site) });
  await page.getByLabel('工作单位').fill('沈阳市某单位');
  await page.getByLabel('通讯地址').fill('沈阳市和平区南京南街1号');
  await page.getByRole('button', { name: '保存报名信息' }).click();
}

async function optionLabel(page: Page, select: string, pattern: RegExp): Promise<string> {
  const labels = await page.getByLabel(select).locator('option').allTextContents();
  const found = labels.find((l) => pattern.test(l));
  expect(found, labels.join(' | ')).toBeTruthy();
  return found!;
}

async function payInSandbox(page: Page, loseNotification: boolean): Promise<void> {
  await page.getByRole('button', { name: '去缴费' }).click();
  await expect(page.getByRole('heading', { name: /沙箱支付/ })).toBeVisible();
  if (loseNotification) await page.getByLabel(/模拟支付通知丢失/).check();
  await page.getByRole('button', { name: /确认支付/ }).click();
  await expect(page.getByRole('list', { name: '报考状态流程图' })).toBeVisible();
}

async function userId(admin: APIRequestContext, username: string): Promise<number> {
  const found = await (await admin.post('/api/admin/list', { data: { query: { kind: 'users', search: username, filter: '', page: 1 } } })).json();
  return Number(found.rows[0].id);
}

async function examOffice(browser: Browser): Promise<APIRequestContext> {
  const staff = (await browser.newContext()).request;
  await apiSignIn(staff, 'demo_examiner', 'Examiner#2026');
  return staff;
}

test('a new candidate takes the commitment route, pays in the sandbox, is registered, can no longer change the site, and prints the admission ticket once the office opens printing', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const page = await context.newPage();
  await startRegistration(page);
  await addEducation(page, '1999-07');
  await expect(page.getByRole('heading', { name: '报名信息' })).toBeVisible();
  await fillDetails(page, ['经济基础知识（中级）', '人力资源管理专业知识和实务（中级）'], /第一考点/);

  // The 1999 diploma can't be checked online: the commitment, signed, with a proof.
  await expect(page.getByRole('heading', { name: '核查方式' })).toBeVisible();
  await page.getByRole('radio', { name: '采用告知承诺制', exact: true }).check();
  await page.getByLabel('本人已阅读并签署上述承诺').check();
  await page.getByLabel('上传学历学位证明材料').setInputFiles({ name: 'diploma.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(page.getByText('已上传，检查通过')).toBeVisible();
  await expect(page.getByRole('list', { name: '已上传的证明材料' }).getByRole('listitem')).toHaveCount(1);
  await page.getByRole('button', { name: '保存并下一步' }).click();
  await expect(page.getByText('经济基础知识（中级）、人力资源管理专业知识和实务（中级）')).toBeVisible();
  await expect(page.getByText('112.00 元', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: '确认报名信息', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已确认，待缴费' })).toBeVisible();

  await payInSandbox(page, false);
  await expect(page.getByRole('status').filter({ hasText: '当前状态：报名成功' })).toBeVisible();
  const flow = page.getByRole('list', { name: '报考状态流程图' });
  await expect(flow.locator('[aria-current="step"]')).toHaveText(/报名成功/);

  // After paying the site is fixed (seed 001, question 17).
  await page.getByRole('button', { name: '2 报名信息' }).click();
  await expect(page.getByRole('note').filter({ hasText: '缴费成功后' })).toBeVisible();
  await page.getByLabel('考点').selectOption({ label: await optionLabel(page, '考点', /第二考点/) });
  await page.getByRole('button', { name: '保存报名信息' }).click();
  await expect(page.getByRole('alert')).toContainText('缴费成功后，不允许修改报考级别、专业、科目和考点');

  // 准考证: one per subject, printable only once the exam office opens printing.
  await page.goto('/registration');
  const tickets = page.getByRole('list', { name: '准考证' });
  const ticket = tickets.getByRole('listitem', { name: '经济基础知识（中级）' });
  await expect(tickets.getByRole('listitem')).toHaveCount(2);
  await expect(ticket.getByRole('status')).toHaveText('准考证打印尚未开放');
  await expect(ticket.getByRole('link', { name: '打印准考证（PDF）' })).toHaveCount(0);
  const office = await (await browser.newContext()).newPage();
  await apiSignIn(office.context().request, 'demo_examiner', 'Examiner#2026');
  await office.goto('/admin/list/reg_windows');
  await office.getByRole('row', { name: /2026年度经济专业技术资格考试/ }).getByRole('button', { name: /^选择/ }).click();
  const chinaLocal = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
  const printing = office.getByRole('form', { name: '准考证打印时间' });
  await printing.getByLabel('打印开始时间').fill(chinaLocal(Date.now() - 3_600_000));
  await printing.getByLabel('打印结束时间').fill(chinaLocal(Date.now() + 86_400_000));
  await printing.getByRole('button', { name: '开放准考证打印' }).click();
  await expect(printing.getByText('已保存')).toBeVisible();
  await page.reload();
  const print = ticket.getByRole('link', { name: '打印准考证（PDF）' });
  await expect(print).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('admission-tickets.png'), fullPage: true });
  const number = (await ticket.textContent())!.match(/准考证号 (\d+)/)![1];
  const pdf = await context.request.get((await print.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'zj-ticket-'));
  writeFileSync(join(dir, 'ticket.pdf'), await pdf.body());
  const text = execFileSync('pdftotext', [join(dir, 'ticket.pdf'), '-'], { timeout: 30_000 }).toString();
  expect(text).toContain(person.realName);
  expect(text).toContain(number);
  // Its QR code opens the public check.
  const anyone = await (await browser.newContext()).newPage();
  await anyone.goto(`/admission/${number}`);
  await expect(anyone.getByRole('status').filter({ hasText: '准考证' })).toHaveText('准考证真实有效');
  await anyone.goto(`/admission/${number}9`);
  await expect(anyone.getByRole('alert')).toContainText('可能是伪造的');
});

test('a returning candidate sees the passed subject loaded, and a new candidate at another level', async ({ browser, request }) => {
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const staff = await examOffice(browser);
  const admin = (await browser.newContext()).request;
  await apiSignIn(admin, 'demo_admin', 'Admin#2026x');
  const lastYear = new Date().getFullYear() - 1;
  const recorded = await staff.post('/api/admin/registration/passed', { data: { input: { user_id: await userId(admin, person.username), subject_code: '2101', passed_year: lastYear } } });
  expect(recorded.ok(), await recorded.text()).toBeTruthy();

  const page = await context.newPage();
  await startRegistration(page);
  await page.getByRole('button', { name: '2 报名信息' }).click();
  await page.getByLabel('报考级别').selectOption({ label: '中级' });
  const passed = page.getByRole('note', { name: '老考生已通过科目' });
  await expect(passed).toContainText(`经济基础知识（中级）（${lastYear}年通过，有效至${lastYear + 1}年）`);
  await page.getByLabel('报考专业').selectOption({ label: '人力资源管理' });
  await expect(page.getByLabel(/经济基础知识（中级） — 已通过/)).toBeDisabled();
  await expect(page.getByLabel(/经济基础知识（中级） — 已通过/)).toBeChecked();
  // Another level: a new candidate.
  await page.getByLabel('报考级别').selectOption({ label: '初级' });
  await expect(passed).toHaveCount(0);
  await expect(page.getByText('该级别无已通过科目，按新考生处理。')).toBeVisible();
});

test('a payment whose notification is lost is recovered by reconciliation', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const page = await context.newPage();
  await startRegistration(page);
  await addEducation(page, '2015-07');
  await fillDetails(page, ['经济基础知识（中级）'], /第一考点/);
  await expect(page.getByText('您的学历学位信息均可在线核查')).toBeVisible();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '确认报名信息', exact: true }).click();
  await payInSandbox(page, true);
  // Paid at the bank, no notification: still unpaid after the page has looked a few times.
  await expect(page.getByRole('button', { name: '重新查询缴费状态' })).toBeVisible();
  await page.waitForTimeout(7_000);
  await expect(page.getByRole('status').filter({ hasText: '当前状态：已确认，待缴费' })).toBeVisible();

  const office = await browser.newContext();
  await apiSignIn(office.request, 'demo_examiner', 'Examiner#2026');
  const console = await office.newPage();
  await console.goto('/admin/list/reg_orders');
  await console.getByRole('button', { name: '立即对账' }).click();
  await expect(console.getByText(/对账完成：查询 \d+ 笔，补登已支付 [1-9]\d* 笔/)).toBeVisible();
  await expect(console.getByRole('table')).toContainText('reconcile');

  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: '当前状态：报名成功' })).toBeVisible();
});

test('the registration form: errors go once fixed, the tabs follow the flow diagram, and fit a phone', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const page = await context.newPage();
  await startRegistration(page);
  const flow = page.getByRole('list', { name: '报考状态流程图' });
  const tabs = page.getByRole('navigation', { name: '报名步骤' });
  await expect(flow.locator('[aria-current="step"]')).toHaveText(/填写报名信息/);
  await expect(tabs.getByRole('button', { name: '4 确认报名信息' })).toBeVisible();
  await expect(tabs.getByRole('button', { name: '5 网上缴费' })).toBeVisible();

  // No education record at all is refused with the reason.
  await page.getByRole('button', { name: '保存并下一步' }).click();
  await expect(page.getByRole('alert')).toContainText('请至少填写一条学历学位信息');
  await addEducation(page, '1999-07');
  await expect(page.getByRole('heading', { name: '报名信息' })).toBeVisible();

  // Details: every missing field is listed, and each message goes as its field is fixed.
  await page.getByRole('button', { name: '保存报名信息' }).click();
  const problems = page.getByRole('alert').filter({ hasText: '请修改以下内容后再保存' });
  await expect(problems).toContainText('请选择报考级别');
  await expect(problems).toContainText('请选择考点');
  await page.getByLabel('报考级别').selectOption({ label: '中级' });
  await expect(problems).not.toContainText('请选择报考级别');
  await expect(problems).toContainText('请选择考点');
  await page.getByLabel('考点').selectOption({ label: await optionLabel(page, '考点', /第一考点/) });
  await expect(problems).not.toContainText('请选择考点');
  await fillDetails(page, ['经济基础知识（中级）'], /第一考点/);

  // The check route: the flow still says 填写报名信息 (confirming comes after this tab).
  await expect(page.getByRole('heading', { name: '核查方式' })).toBeVisible();
  await expect(tabs.locator('[aria-current="step"]')).toHaveText('3 核查方式');
  await expect(flow.locator('[aria-current="step"]')).toHaveText(/填写报名信息/);
  // "Sign the commitment" goes when the on-site check is chosen instead.
  await page.getByRole('radio', { name: '采用告知承诺制', exact: true }).check();
  await page.getByRole('button', { name: '保存并下一步' }).click();
  const sign = page.getByRole('alert').filter({ hasText: '请阅读并签署告知承诺书' });
  await expect(sign).toBeVisible();
  await page.getByRole('radio', { name: '不采用告知承诺制（现场核查）' }).check();
  await expect(sign).toHaveCount(0);

  // On a phone the tabs wrap whole: no tab is squeezed to a character a line.
  await page.setViewportSize({ width: 375, height: 740 });
  for (const tab of await tabs.getByRole('button').all()) {
    const box = (await tab.boundingBox())!;
    expect(box.height, await tab.innerText()).toBeLessThan(60);
  }

  // In English the fee is in English too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('navigation', { name: 'Registration steps' }).getByRole('button', { name: '2 Details' }).click();
  await expect(page.getByText(/^Fee: CNY \d+\.\d\d$/)).toBeVisible();
});
