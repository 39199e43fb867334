import { APIRequestContext, expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fixturesDir } from '../playwright.config';
import { newPerson, registerViaApi } from './helpers';

async function signIn(api: APIRequestContext, identifier: string, password: string): Promise<void> {
  const response = await api.post('/api/auth/sign-in', { data: { input: { identifier, password, captcha: null } } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

test('a proctored formal exam: agreement, live camera, network speed, identity check with live face detection, the camera stays on, a pass issues a certificate that verifies', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const person = newPerson();
  await registerViaApi(request, person);
  const context = await browser.newContext();
  const api = context.request;
  await signIn(api, person.username, person.password);

  // A verified identity (as in the identity journey, here through the API) to compare the exam photo with.
  const photo = readFileSync(`${fixturesDir}/one-face.jpg`);
  const ids: Record<string, number> = {};
  for (const purpose of ['id_front', 'id_back', 'face']) {
    const uploaded = await api.post(`/api/identity/upload/${purpose}`, { data: photo, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(uploaded.ok(), await uploaded.text()).toBeTruthy();
    ids[purpose] = (await uploaded.json()).file_id;
  }
  expect((await api.post('/api/identity/submit', { data: { id_front: ids.id_front, id_back: ids.id_back, face: ids.face } })).ok()).toBeTruthy();
  const staff = (await browser.newContext()).request;
  await signIn(staff, 'demo_support', 'Support#2026');
  const queue = await (await staff.get('/api/support/identity/queue')).json();
  const submission = queue.find((item: { username: string }) => item.username === person.username);
  expect((await staff.post('/api/support/identity/decide', { data: { submission_id: submission.submission_id, approve: true, reason: '' } })).ok()).toBeTruthy();

  await signIn(staff, 'demo_examiner', 'Examiner#2026');
  const title = `监考考试 ${person.username}`;
  const settings = {
    title, kind: 'formal', start_ms: Date.now() - 60_000, duration_min: 60,
    single_count: 5, multiple_count: 2, fill_count: 2, single_points: 2, multiple_points: 4, fill_points: 2,
    pass_mark: 0, max_attempts: 1, waiting_room_min: 45, late_entry_min: 30, switch_limit: 3, verify_limit: 10,
    proctoring: true, show_result: true, candidates: [person.username],
  };
  const created = await staff.post('/api/exam-admin/create-exam', { data: { settings } });
  expect(created.ok(), await created.text()).toBeTruthy();

  const page = await context.newPage();
  await page.goto('/exams');
  await page.getByRole('article', { name: title }).getByRole('link', { name: '开始考试' }).click();
  const next = page.getByRole('button', { name: '下一步' });
  await page.getByLabel('我已阅读考试须知，并同意《用户信息授权使用协议》').check();
  await next.click();
  // Device check: the fake camera shows a live picture, then Next opens.
  await expect(page.locator('.camera')).toHaveAttribute('data-state', 'Live');
  await next.click();
  // Network check: a real download from our server, measured.
  await page.getByRole('button', { name: '开始检测' }).click();
  await expect(page.locator('#network-speed')).toContainText('Mbps');
  await next.click();
  // Identity: the frame turns green once exactly one face is found; capture; verify (counted).
  await expect(page.locator('.camera')).toHaveClass(/frame-ok/, { timeout: 20_000 });
  await page.getByRole('button', { name: '拍照' }).click();
  await page.getByRole('button', { name: '开始核验' }).click();
  await expect(page.locator('#verify-count')).toHaveText('已核验次数：1 / 10');
  await expect(page.getByText('核验照片已提交考务人员复核，可进入候考。')).toBeVisible();
  await page.getByRole('button', { name: '进入候考' }).click();
  await expect(page).toHaveURL(/\/wait$/);
  await page.getByRole('button', { name: '开始考试' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  // The camera stays on while answering.
  await expect(page.getByRole('complementary', { name: '监考摄像头' }).locator('.camera')).toHaveAttribute('data-state', 'Live');
  await page.getByRole('region', { name: '第1题' }).locator('label.option').first().click();
  await expect(page.locator('#save-state')).toHaveText('已保存');

  // Pass mark 0: handing in passes, and a certificate is issued with a PDF and a public verification page.
  await page.getByRole('button', { name: '交卷', exact: true }).click();
  await page.getByRole('dialog', { name: '确认交卷' }).getByRole('button', { name: '确定交卷' }).click();
  await expect(page.locator('#result-outcome')).toHaveText('通过');
  await page.getByRole('link', { name: '查看我的证书' }).click();
  const certificate = page.getByRole('article', { name: title });
  const serial = (await certificate.locator('.serial').textContent())!.trim();
  const pdf = await api.get(await certificate.getByRole('link', { name: '下载证书（PDF）' }).getAttribute('href') ?? '');
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const anonymous = await browser.newContext();
  const verifier = await anonymous.newPage();
  await verifier.goto(`/verify/${serial}`);
  await expect(verifier.locator('#verify-result')).toHaveText('证书真实有效');
  await expect(verifier.getByText(title)).toBeVisible();
  await verifier.goto(`/verify/${serial}X`);
  await expect(verifier.locator('#verify-result')).toContainText('可能是伪造的');

  // No comparison model is configured: the exam office compares the photo pair by eye.
  const office = await (await browser.newContext()).newPage();
  await office.goto('/login');
  await office.getByLabel('用户名 / 手机号 / 证件号码').fill('demo_examiner');
  await office.getByLabel('密码', { exact: true }).fill('Examiner#2026');
  await office.getByRole('button', { name: '登录', exact: true }).click();
  await expect(office).toHaveURL(/\/account$/);
  await office.goto('/exam-admin');
  const pair = office.getByRole('article', { name: new RegExp(`${person.username}.*${title}`) });
  await expect(pair.getByRole('img', { name: '考前核验照片' })).toBeVisible();
  await expect(pair.getByRole('img', { name: '实名认证照片' })).toBeVisible();
  await pair.getByRole('button', { name: '本人', exact: true }).click();
  await expect(pair).toHaveCount(0);
});
