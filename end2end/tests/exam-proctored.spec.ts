import { expect, test } from '@playwright/test';
import { confirmUntilIdentity, createProctoredExam, verifiedCandidate } from './exam-helpers';

test('a proctored formal exam: agreement, live camera, network speed, identity check with live face detection, the camera stays on, a pass issues a certificate that verifies', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const { person, context, api } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const title = `监考考试 ${person.username}`;
  await createProctoredExam(browser, person.username, title);

  const page = await context.newPage();
  await confirmUntilIdentity(page, title);
  // Identity: the frame turns green once exactly one face is found; capture; the server compares the
  // face with the verified photo (dlib) and counts the check.
  await expect(page.locator('.camera')).toHaveClass(/frame-ok/, { timeout: 20_000 });
  await page.getByRole('button', { name: '拍照' }).click();
  await page.getByRole('button', { name: '开始核验' }).click();
  await expect(page.locator('#verify-count')).toHaveText('已核验次数：1 / 10');
  await expect(page.getByText('身份核验通过。')).toBeVisible();
  await page.getByRole('button', { name: '进入候考' }).click();
  await expect(page).toHaveURL(/\/wait$/);
  // A snapshot is taken when one is due and uploaded as the browser encoded it; the server sees the face.
  const snapshot = page.waitForResponse((r) => r.url().includes('/snapshot') && r.request().method() === 'POST', { timeout: 30_000 });
  await page.getByRole('button', { name: '开始考试' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  const uploaded = await snapshot;
  expect(uploaded.ok(), await uploaded.text()).toBeTruthy();
  expect(await uploaded.json()).toEqual({ faces: 1, anomaly: '' });
  expect(uploaded.request().postDataBuffer()!.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  // The camera stays on while answering.
  await expect(page.getByRole('complementary', { name: '监考摄像头' }).locator('.camera')).toHaveAttribute('data-state', 'Live');
  await page.getByRole('region', { name: '第1题' }).getByRole('radio').first().check();
  await expect(page.getByRole('status').filter({ hasText: /^已保存$/ })).toBeVisible();

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
});
