import { APIRequestContext, Browser, BrowserContext, expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fixturesDir } from '../playwright.config';
import { newPerson, Person, registerViaApi } from './helpers';

export async function apiSignIn(api: APIRequestContext, identifier: string, password: string): Promise<void> {
  const response = await api.post('/api/auth/sign-in', { data: { input: { identifier, password, captcha: null } } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

/** A new candidate whose identity support has verified with `facePhoto` (a fixture) as the face photo,
 *  signed in in a new browser context of `browser`. */
export async function verifiedCandidate(browser: Browser, request: APIRequestContext, facePhoto: string):
  Promise<{ person: Person; context: BrowserContext; api: APIRequestContext }> {
  const person = newPerson();
  await registerViaApi(request, person);
  const context = await browser.newContext();
  const api = context.request;
  await apiSignIn(api, person.username, person.password);
  const photo = readFileSync(`${fixturesDir}/${facePhoto}`);
  // The separate consent to face processing comes before the first face photo.
  expect((await api.post('/api/identity/face-consent', { data: {} })).ok()).toBeTruthy();
  const ids: Record<string, number> = {};
  for (const purpose of ['id_front', 'id_back', 'face']) {
    const uploaded = await api.post(`/api/identity/upload/${purpose}`, { data: photo, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(uploaded.ok(), await uploaded.text()).toBeTruthy();
    ids[purpose] = (await uploaded.json()).file_id;
  }
  expect((await api.post('/api/identity/submit', { data: { id_front: ids.id_front, id_back: ids.id_back, face: ids.face } })).ok()).toBeTruthy();
  const support = (await browser.newContext()).request;
  await apiSignIn(support, 'demo_support', 'Support#2026');
  const queue = await (await support.get('/api/support/identity/queue')).json();
  const submission = queue.find((item: { username: string }) => item.username === person.username);
  expect((await support.post('/api/support/identity/decide', { data: { submission_id: submission.submission_id, approve: true, reason: '' } })).ok()).toBeTruthy();
  return { person, context, api };
}

/** A proctored formal exam that started a minute ago, for one candidate, created by demo_examiner. */
export async function createProctoredExam(browser: Browser, username: string, title: string): Promise<void> {
  const staff = (await browser.newContext()).request;
  await apiSignIn(staff, 'demo_examiner', 'Examiner#2026');
  const settings = {
    title, kind: 'formal', start_ms: Date.now() - 60_000, duration_min: 60,
    single_count: 5, multiple_count: 2, fill_count: 2, single_points: 2, multiple_points: 4, fill_points: 2,
    pass_mark: 0, max_attempts: 1, waiting_room_min: 45, late_entry_min: 30, switch_limit: 3, verify_limit: 10,
    proctoring: true, show_result: true, candidates: [username],
  };
  const created = await staff.post('/api/exam-admin/create-exam', { data: { settings } });
  expect(created.ok(), await created.text()).toBeTruthy();
}

/** 考前确认 up to the identity step: the agreement, the live camera, the measured network. */
export async function confirmUntilIdentity(page: Page, title: string): Promise<void> {
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
  await expect(page.getByRole('status').filter({ hasText: 'Mbps' })).toContainText('Mbps');
  await next.click();
}

/** The identity step, passed: the frame turns green once exactly one face is found; capture; the server
 *  compares the face with the verified photo (dlib) and counts the check; then into the waiting room. */
export async function passIdentityCheck(page: Page): Promise<void> {
  await expect(page.locator('.camera')).toHaveClass(/frame-ok/, { timeout: 20_000 });
  await page.getByRole('button', { name: '拍照' }).click();
  await page.getByRole('button', { name: '开始核验' }).click();
  await expect(page.getByText('已核验次数：1 / 10', { exact: true })).toBeVisible();
  await expect(page.getByText('身份核验通过。')).toBeVisible();
  await page.getByRole('button', { name: '进入候考' }).click();
  await expect(page).toHaveURL(/\/wait$/);
}
