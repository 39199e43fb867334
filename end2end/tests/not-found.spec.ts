import { expect, test } from '@playwright/test';

test('an unknown address is a real 404 with the app\'s own page; known pages answer 200', async ({ page, request }) => {
  const missing = await page.goto('/no-such-page');
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
  // Seed 003: where to get help, on the error page and in every footer (the configured hotline).
  await expect(page.getByRole('main').getByRole('link', { name: '400-000-0000' })).toHaveAttribute('href', 'tel:400-000-0000');
  await expect(page.getByRole('contentinfo')).toContainText('客服热线：400-000-0000');
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page.getByRole('heading', { name: '专家服务平台' })).toBeVisible();
  for (const path of ['/', '/login', '/register', '/attempts/1', '/verify/ABC']) {
    expect((await request.get(path)).status(), path).toBe(200);
  }
  expect((await request.get('/attempts/1/nothing')).status()).toBe(404);
});
