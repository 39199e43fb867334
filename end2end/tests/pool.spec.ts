import { expect, test } from '@playwright/test';
import { verifiedCandidate } from './exam-helpers';
import { signInWithPassword } from './helpers';

const RENEWAL = '2026年度在库专家续聘';
const HEADER = '姓名,证件类型,证件号码,手机号,地区代码,专业代码,有效期至\n';

test('the admin imports the existing pool; a renewing expert found by ID number and name maps an old specialty only to what the catalog allows; someone not in the pool is told to ask support', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const { context: strangerContext } = await verifiedCandidate(browser, request, 'one-face.jpg');

  // The admin's import: a bad line refuses the whole file, with its line; the good file goes in.
  const admin = await (await browser.newContext()).newPage();
  await signInWithPassword(admin, 'demo_admin', 'Admin#2026x');
  await expect(admin).toHaveURL(/\/account$/);
  await admin.goto('/admin/list/pool');
  await expect(admin.getByRole('heading', { name: '导入现有专家库（CSV）' })).toBeVisible();
  // The old system held the name with a space between the characters: it still matches.
  const spaced = `${person.realName.slice(0, 2)} ${person.realName.slice(2)}`;
  const expert = `${spaced},居民身份证,${person.idNumber},${person.phone},430102,A0101;L01,2027-06-30\n`;
  const file = admin.getByLabel('专家库文件');
  await file.setInputFiles({ name: 'pool.csv', mimeType: 'text/csv', buffer: Buffer.from(`${HEADER}${expert}某某,居民身份证,123456,13900000000,430102,A0101,2027-06-30\n`) });
  await expect(admin.getByRole('alert')).toContainText('第3行：证件号码');
  await file.setInputFiles({ name: 'pool.csv', mimeType: 'text/csv', buffer: Buffer.from(HEADER + expert) });
  await expect(admin.getByText('已上传，检查通过')).toBeVisible();
  await expect(admin.getByRole('cell', { name: person.realName, exact: true })).toBeVisible();
  await admin.screenshot({ path: test.info().outputPath('pool-imported.png'), fullPage: true });

  // Someone the pool doesn't hold can't renew, and is told where to turn.
  const stranger = await strangerContext.newPage();
  await stranger.goto('/applications');
  await stranger.getByRole('article', { name: RENEWAL }).getByRole('button', { name: '前去续聘' }).click();
  await expect(stranger.getByRole('alert')).toHaveText('您可能不在综合专家库中，详情请咨询客服人员');

  // The expert renews: step 3 shows the old specialty as a row that can't be removed.
  const page = await context.newPage();
  await page.goto('/applications');
  await page.getByRole('article', { name: RENEWAL }).getByRole('button', { name: '前去续聘' }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  await page.getByRole('navigation', { name: '申报步骤' }).getByRole('button', { name: '3 评标专业' }).click();
  const old = page.getByRole('group', { name: '旧专业对应新专业（旧专业不能删除）' });
  await expect(old).toBeVisible();
  const mapping = old.getByLabel('旧专业“工程造价（旧）”对应的新专业');
  // Only what the catalog maps it to (and the prompt).
  await expect(mapping.getByRole('option')).toHaveText(['请选择', '服务类 / 咨询服务 / 工程造价咨询']);
  await expect(old.getByRole('button', { name: '移除' })).toHaveCount(0);
  const chosen = page.getByRole('list', { name: '已选专业' });
  await expect(chosen.getByRole('listitem')).toHaveText(['工程类 / 房屋建筑 / 建筑工程施工 移除']);
  // Unmapped, the form can't be printed: the message says why.
  await page.getByRole('button', { name: '打印表格' }).click();
  await page.getByRole('dialog', { name: '确认打印表格' }).getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('alert')).toContainText('旧专业 L01 不能删除，请为其选择对应的新三级专业');
  await mapping.selectOption({ label: '服务类 / 咨询服务 / 工程造价咨询' });
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存草稿，可随时继续填写。')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('renewal-step3.png'), fullPage: true });
  await page.reload();
  await page.getByRole('navigation', { name: '申报步骤' }).getByRole('button', { name: '3 评标专业' }).click();
  await expect(page.getByLabel('旧专业“工程造价（旧）”对应的新专业')).toHaveValue('C0101');
  await expect(page.getByRole('list', { name: '已选专业' }).getByRole('listitem')).toHaveCount(1);
});
