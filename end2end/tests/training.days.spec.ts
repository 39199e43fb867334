import { APIRequestContext, expect, test } from '@playwright/test';
import { apiSignIn, verifiedCandidate } from './exam-helpers';
import { ONE_PAGE_PDF } from './helpers';

// Moves the server's clock by a day (/dev/clock): the playwright config runs it after every other journey.

const PDF = ONE_PAGE_PDF;

async function serverNow(api: APIRequestContext, advanceSecs = 0): Promise<number> {
  const response = await api.post('/dev/clock', { data: { advance_secs: advanceSecs } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()).now_ms;
}

/** YYYY-MM-DD in China (UTC+8). */
function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

test('training: one session of my own region, the code refused before the date and opening the course on it, the materials', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { person, context, api } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const admin = (await browser.newContext()).request;
  await apiSignIn(admin, 'demo_admin', 'Admin#2026x');
  // Support sets the candidate's region (专家评标地区) to Beijing Chaoyang.
  const found = await (await admin.post('/api/admin/list', { data: { query: { kind: 'users', search: person.username, filter: '', page: 1 } } })).json();
  const userId = Number(found.rows[0].id);
  expect((await admin.post('/api/admin/users/region', { data: { user_id: userId, region_code: '110105' } })).ok()).toBeTruthy();
  const tomorrow = chinaDate((await serverNow(admin)) + 86_400_000);
  const suffix = String(Date.now()).slice(-6);
  for (const [title, region] of [[`北京培训${suffix}`, '11'], [`广东培训${suffix}`, '44']]) {
    const created = await admin.post('/api/admin/training/create', { data: { input: { title, region_code: region, date: tomorrow, stream_url: '/live/placeholder.html' } } });
    expect(created.ok(), await created.text()).toBeTruthy();
  }
  const material = await admin.post(`/api/admin/training/materials?title=${encodeURIComponent(`讲义${suffix}`)}`, { data: PDF, headers: { 'Content-Type': 'application/octet-stream' } });
  expect(material.ok(), await material.text()).toBeTruthy();

  const page = await context.newPage();
  await page.goto('/account');
  await page.getByRole('link', { name: '我的课程' }).click();
  await expect(page.getByRole('heading', { name: '培训报名' })).toBeVisible();
  await expect(page.getByText('朝阳区')).toBeVisible();
  // Materials open only after registering.
  await expect(page.getByText('报名培训课程后可下载培训资料')).toBeVisible();

  const guangdong = page.getByRole('row', { name: new RegExp(`广东培训${suffix}`) });
  await guangdong.getByRole('button', { name: /立即报名/ }).click();
  await expect(guangdong.getByRole('alert')).toContainText('所属地不一致');

  const beijing = page.getByRole('row', { name: new RegExp(`北京培训${suffix}`) });
  await beijing.getByRole('button', { name: /立即报名/ }).click();
  const course = page.getByRole('article', { name: '我的课程' });
  await expect(course.getByText('报名成功')).toBeVisible();
  await expect(course).toContainText(tomorrow);
  // Once only: the buttons are gone.
  await expect(page.getByRole('button', { name: /立即报名/ })).toHaveCount(0);

  let code = '';
  await expect(async () => {
    const outbox: { phone: string; body: string }[] = await (await request.get('/dev/outbox.json')).json();
    code = outbox.find((m) => m.phone === person.phone && m.body.includes('邀请码'))?.body.match(/邀请码：(\d{6})/)?.[1] ?? '';
    expect(code).toHaveLength(6);
  }).toPass();

  // Before the date: 授权失败, whatever the code.
  await course.getByLabel('短信邀请码').fill(code);
  await course.getByRole('button', { name: '进入直播' }).click();
  await expect(course.getByRole('alert')).toHaveText('授权失败，请在报名日期观看');

  // 资料下载 is open now.
  const link = page.getByRole('link', { name: `讲义${suffix}` });
  await expect(link).toBeVisible();
  const download = await api.get((await link.getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');

  // The session date: a wrong code is refused with the tries left, the right one opens the player.
  await serverNow(admin, 86_400);
  await apiSignIn(api, person.username, person.password);
  await page.reload();
  const today = page.getByRole('article', { name: '我的课程' });
  await expect(today).toContainText('今天直播');
  await today.getByLabel('短信邀请码').fill(code === '000000' ? '111111' : '000000');
  await today.getByRole('button', { name: '进入直播' }).click();
  await expect(today.getByText(/邀请码不正确.*还可尝试4次/)).toBeVisible();
  await today.getByLabel('短信邀请码').fill(code);
  await today.getByRole('button', { name: '进入直播' }).click();
  const player = today.locator('iframe.player');
  await expect(player).toHaveAttribute('src', '/live/placeholder.html');
  await expect(page.frameLocator('iframe.player').getByRole('heading', { name: '培训直播 · 演示' })).toBeVisible();
});
