import { expect, test } from '@playwright/test';
import { confirmUntilIdentity, createProctoredExam, passIdentityCheck, verifiedCandidate } from './exam-helpers';
import { signInWithPassword, valueBeside } from './helpers';

test('a proctored formal exam: agreement, live camera, network speed, identity check with live face detection, the camera stays on (and is asked back when it stops), a pass issues a certificate that verifies; the exam office sees each snapshot beside the ID photo and overturns the pass, and the certificate says it was revoked', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { person, context, api } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const title = `监考考试 ${person.username}`;
  await createProctoredExam(browser, person.username, title);

  const page = await context.newPage();
  await confirmUntilIdentity(page, title);
  await passIdentityCheck(page);
  // A snapshot is taken when one is due and uploaded as the browser encoded it; the server sees the face.
  const snapshot = page.waitForResponse((r) => r.url().includes('/snapshot') && r.request().method() === 'POST', { timeout: 30_000 });
  await page.getByRole('button', { name: '开始考试' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
  const uploaded = await snapshot;
  expect(uploaded.ok(), await uploaded.text()).toBeTruthy();
  // Stored and queued: the identity check runs afterwards, off the request.
  expect(Object.keys(await uploaded.json())).toEqual(['event_id']);
  expect(uploaded.request().postDataBuffer()!.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  // The camera stays on while answering.
  await expect(page.getByRole('complementary', { name: '监考摄像头' }).locator('.camera')).toHaveAttribute('data-state', 'Live');
  await page.getByRole('region', { name: '第1题' }).getByRole('radio').first().check();
  await expect(page.getByRole('status').filter({ hasText: /^已保存$/ })).toBeVisible();
  // The camera stops (the browser ends the track, as when it is unplugged or switched off): the candidate
  // is told at once and turns it back on.
  const proctor = page.getByRole('complementary', { name: '监考摄像头' });
  await page.evaluate(() => (document.querySelector('.proctor video') as HTMLVideoElement).srcObject
    && ((document.querySelector('.proctor video') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0].stop());
  await expect(proctor.getByRole('alert')).toHaveText(/摄像头已关闭，请重新开启。/);
  await page.screenshot({ path: test.info().outputPath('answering-camera-off.png') });
  await proctor.getByRole('button', { name: '重新开启摄像头' }).click();
  await expect(proctor.locator('.camera')).toHaveAttribute('data-state', 'Live');
  await expect(proctor.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('answering-camera-back.png') });

  // Pass mark 0: handing in passes, and a certificate is issued with a PDF and a public verification page.
  await page.getByRole('button', { name: '交卷', exact: true }).click();
  await page.getByRole('dialog', { name: '确认交卷' }).getByRole('button', { name: '确定交卷' }).click();
  await expect(page.getByText('通过', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: '查看我的证书' }).click();
  await expect(page).toHaveURL(/\/certificates$/);
  // Issued once the last snapshot's identity check has run (within a second or two).
  const certificate = page.getByRole('article', { name: title });
  await expect(async () => {
    await page.reload();
    await expect(certificate).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const serial = (await certificate.locator('.serial').textContent())!.trim();
  const pdf = await api.get(await certificate.getByRole('link', { name: '下载证书（PDF）' }).getAttribute('href') ?? '');
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const anonymous = await browser.newContext();
  const verifier = await anonymous.newPage();
  await verifier.goto(`/verify/${serial}`);
  await expect(verifier.getByRole('status').filter({ hasText: '证书' })).toHaveText('证书真实有效');
  await expect(verifier.getByText(title)).toBeVisible();
  await verifier.goto(`/verify/${serial}X`);
  await expect(verifier.getByRole('alert')).toContainText('可能是伪造的');

  // The exam office finds the attempt (it is not pending review), sees each snapshot's finding beside the
  // verified photo, and overturns the pass with a reason.
  const office = await (await browser.newContext()).newPage();
  await signInWithPassword(office, 'demo_examiner', 'Examiner#2026');
  await expect(office).toHaveURL(/\/account$/);
  await office.getByRole('link', { name: '考务管理' }).click();
  await office.getByLabel('考生姓名、用户名、证件号或考试名称').fill(person.username);
  await office.getByRole('button', { name: '查询' }).click();
  await office.getByRole('list', { name: '考试记录' }).getByRole('link', { name: new RegExp(title) }).click();
  await expect(office.getByRole('img', { name: '实名认证照片' })).toBeVisible();
  await expect(valueBeside(office, '结果')).toHaveText('合格');
  await expect(valueBeside(office, '交卷方式')).toHaveText('考生交卷');
  await expect(office.getByRole('listitem').filter({ hasText: '摄像头关闭' })).toHaveCount(1);
  const checked = office.getByRole('listitem').filter({ hasText: /抓拍 本人，距离 0\.\d\d/ });
  await expect(checked.first()).toBeVisible({ timeout: 20_000 });
  await expect(checked.first().getByRole('img')).toBeVisible();
  await office.getByRole('button', { name: '撤销合格' }).click();
  await expect(office.getByText('请填写撤销理由')).toBeVisible();
  await office.getByLabel(/撤销合格的理由/).fill('经核实为他人替考');
  await office.getByRole('button', { name: '撤销合格' }).click();
  await expect(valueBeside(office, '结果')).toHaveText('不合格');
  await expect(office.getByText('已撤销')).toBeVisible();
  await office.screenshot({ path: test.info().outputPath('office-attempt.png'), fullPage: true });
  await verifier.goto(`/verify/${serial}`);
  await expect(verifier.getByRole('alert')).toContainText('该证书已被撤销，不再有效');
  await expect(verifier.getByRole('alert')).toContainText('经核实为他人替考');
  await page.reload();
  await expect(certificate.getByRole('status')).toHaveText('该证书已被撤销：经核实为他人替考');
  await expect(certificate.getByRole('link', { name: '下载证书（PDF）' })).toHaveCount(0);
});
