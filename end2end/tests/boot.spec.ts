import { expect, test } from '@playwright/test';

// A browser that can't run the app is told so, with the browsers that work, instead of "加载中…" for
// ever (issue 19, seed 001 q.11): without WebAssembly, and when the app's script fails to load.
test('no WebAssembly: the page says which browsers work', async ({ page }) => {
  await page.addInitScript(() => {
    // As in a browser without it (or with it switched off by policy).
    Reflect.deleteProperty(window, 'WebAssembly');
  });
  await page.goto('/');
  const message = page.getByRole('alert');
  await expect(message).toContainText('本站无法在当前浏览器中运行', { timeout: 5_000 });
  await expect(message).toContainText('Chrome、Edge、Firefox 或 Safari');
  await expect(message).toContainText('WebAssembly 不可用');
  await expect(page.getByText('加载中… / Loading…')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('no-wasm.png') });
});

test('the app script fails to load: the same message, with the reason', async ({ page }) => {
  await page.route('**/pkg/frontend.js', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await page.goto('/');
  const message = page.getByRole('alert');
  await expect(message).toContainText('本站无法在当前浏览器中运行', { timeout: 5_000 });
  await expect(message).toContainText('原因 / Reason:');
});
