import { APIRequestContext, Browser, expect, Page } from '@playwright/test';
import { ONE_PAGE_PDF, signInWithPassword } from './helpers';

// The expert application's steps that several journeys share: submitting a complete application
// through the API (the wizard itself is driven in application.spec) and a reviewer deciding in the browser.

export const WINDOW = '2026年度专家常态征集';

/** Approves every specialty in the reviewer's scope, each by its own choice. */
export async function approveAll(page: Page): Promise<void> {
  for (const group of await page.getByRole('radiogroup').all()) {
    await group.getByLabel('通过', { exact: true }).check();
  }
}

export async function reviewerDecides(browser: Browser, reviewer: string, applicant: string, decide: (page: Page) => Promise<void>): Promise<void> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, reviewer, 'Reviewer#2026');
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '专家申请审核' }).click();
  await page.getByRole('link', { name: new RegExp(`审核 .*\\(${applicant}\\)`) }).click();
  // Nothing is decided by default: sending without a choice asks for one, and the message goes once chosen.
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(0);
  await page.getByRole('button', { name: '提交审核意见' }).click();
  const choose = page.getByRole('alert').filter({ hasText: '请为每个专业选择“通过”或“退回修改”。' });
  await expect(choose).toBeVisible();
  await decide(page);
  await expect(choose).toHaveCount(0);
  await page.getByRole('button', { name: '提交审核意见' }).click();
  await expect(page.getByText('已提交审核意见。')).toBeVisible();
  await page.context().close();
}

export async function submitThroughApi(api: APIRequestContext): Promise<number> {
  const windows = await (await api.get('/api/applications/windows')).json();
  const window = windows.find((w: { title: string }) => w.title === WINDOW);
  const id = await (await api.post('/api/applications/start', { data: { window_id: window.id } })).json();
  const units = await (await api.get(`/api/reference/units?query=${encodeURIComponent('湖南大学')}`)).json();
  const basic = { political_status: '群众', region_code: '430102', unit_id: units[0].id, work: [{ employer: '湖南大学', position: '教授', start_month: '2010-09', end_month: '' }] };
  expect((await api.post('/api/applications/save-basic', { data: { id, input: basic } })).ok()).toBeTruthy();
  const specialties = { specialties: [{ code: 'A0101', legacy_code: null }], description: '' };
  expect((await api.post('/api/applications/save-specialties', { data: { id, input: specialties } })).ok()).toBeTruthy();
  expect((await api.post('/api/applications/print', { data: { id } })).ok()).toBeTruthy();
  for (const kind of ['review_form', 'id_card', 'diploma', 'title', 'photo']) {
    const uploaded = await api.post(`/api/applications/${id}/attachments/${kind}`, { data: ONE_PAGE_PDF, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(uploaded.ok(), await uploaded.text()).toBeTruthy();
  }
  const submitted = await api.post('/api/applications/submit', { data: { id } });
  expect(submitted.ok(), await submitted.text()).toBeTruthy();
  return id;
}

