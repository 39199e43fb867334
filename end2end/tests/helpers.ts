import { APIRequestContext, expect, Locator, Page } from '@playwright/test';
import { randomInt } from 'node:crypto';

// Test data that passes the real rules. Each test makes its own person, so tests never share a phone,
// a user name or an ID number (the server keeps one database for the whole run).
let counter = 0;
function unique(): number {
  counter += 1;
  return (Date.now() % 1_000_000) * 100 + ((process.pid % 10) * 10 + counter) % 100;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A valid resident ID number (GB 11643) for a birth date and a sequence. */
/** The smallest PDF that parses (one empty page, a true cross-reference table): uploads are parsed. */
export const ONE_PAGE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n0 4\n0000000000 65535 f \n' +
    '0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n' +
    'startxref\n164\n%%EOF\n',
);

export function idNumber(birth: string, sequence: number): string {
  const body = `110105${birth}${String(sequence % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  return body + CHECK[sum % 11];
}

export interface Person {
  realName: string;
  idNumber: string;
  phone: string;
  username: string;
  password: string;
}

export function newPerson(): Person {
  const n = unique();
  // The ID number from independent random parts: deriving it from `n` left only 9,000 different
  // numbers, and two journeys of one run could draw the same one.
  const birth = `19${randomInt(70, 100)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  return {
    realName: '测试用户',
    idNumber: idNumber(birth, randomInt(0, 1000)),
    phone: `139${String(n).padStart(8, '0').slice(-8)}`,
    username: `user_${n}`,
    password: `Kx#${n}ab`,
  };
}

interface OutboxMessage { id: number; phone: string; body: string }

/** The newest code the built-in SMS provider "sent" to this phone, from the development outbox. */
export async function latestCode(request: APIRequestContext, phone: string, after = 0, timeout = 10_000): Promise<string> {
  let found: string | undefined;
  await expect(async () => {
    const messages: OutboxMessage[] = await (await request.get('/dev/outbox.json')).json();
    // The newest message with a code: notices (an exam scheduled) may arrive in between.
    const message = messages.find((m) => m.phone === phone && m.id > after && /验证码 \d{6}/.test(m.body));
    found = message?.body.match(/验证码 (\d{6})/)?.[1];
    expect(found, `an SMS to ${phone}`).toBeTruthy();
  }).toPass({ timeout });
  return found!;
}

export async function newestOutboxId(request: APIRequestContext): Promise<number> {
  const messages: OutboxMessage[] = await (await request.get('/dev/outbox.json')).json();
  return messages.length ? messages[0].id : 0;
}

/** Registers through the API (for journeys that start with an existing account). */
export async function registerViaApi(request: APIRequestContext, person: Person): Promise<void> {
  const sent = await request.post('/api/auth/send-code', { data: { phone: person.phone, purpose: 'Register' } });
  expect(sent.ok(), await sent.text()).toBeTruthy();
  const code = await latestCode(request, person.phone);
  const response = await request.post('/api/auth/register', {
    data: {
      input: {
        real_name: person.realName, id_type: 'resident', id_number: person.idNumber, phone: person.phone,
        sms_code: code, username: person.username, password: person.password, password_again: person.password,
        security_question: '我的小学校名', security_answer: '实验小学', accept_policies: true,
      },
    },
  });
  expect(response.ok(), await response.text()).toBeTruthy();
  // The API context keeps the new session cookie: sign out so later steps start signed out.
  await request.post('/api/auth/sign-out', { data: {} });
}

export async function signInWithPassword(page: Page, identifier: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名 / 手机号 / 证件号码').fill(identifier);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/**
 * Presses “获取验证码” in `scope` and returns the code that arrived. A phone that got a code a moment ago
 * is refused with a countdown (the resend rule), so wait for the button to come back and press again.
 */
export async function requestCode(scope: Page | Locator, request: APIRequestContext, phone: string): Promise<string> {
  const before = await newestOutboxId(request);
  let code: string | undefined;
  await expect(async () => {
    const button = scope.getByRole('button', { name: '获取验证码' });
    await expect(button).toBeEnabled({ timeout: 8_000 });
    await button.click();
    code = await latestCode(request, phone, before, 3_000);
  }).toPass({ timeout: 40_000 });
  return code!;
}

/** The value a person reads beside a label in a definition list (状态 → 待处理). */
export function valueBeside(scope: Page | Locator, term: string): Locator {
  return scope.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
}

/** The separate consent to face processing on /identity: the camera opens only once it is given. */
export async function agreeToFaceProcessing(page: Page): Promise<void> {
  const consent = page.getByRole('group', { name: '人脸信息处理规则' });
  await expect(consent).toContainText('人脸信息属于敏感个人信息');
  await expect(page.getByRole('button', { name: '拍照' })).toHaveCount(0);
  await consent.getByRole('button', { name: '同意处理我的人脸信息并打开摄像头' }).click();
  await expect(consent).toHaveCount(0);
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A valid unified social credit code (GB 32100-2015) with these 17 leading characters. */
export function uscc(first17: string): string {
  const sum = [...first17].reduce((acc, c, i) => acc + USCC_ALPHABET.indexOf(c) * USCC_WEIGHTS[i], 0);
  return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Fills /orgs/register (the signed-in person becomes the organization's admin) and presses 注册单位. */
export async function submitOrgRegistration(page: Page, fullName: string, code: string, role: string): Promise<void> {
  await page.goto('/orgs/register');
  await page.getByLabel('单位全称').fill(fullName);
  await page.getByLabel('统一社会信用代码').fill(code);
  await page.getByLabel('法定代表人姓名').fill('王法人');
  await page.getByLabel('法定代表人类型').selectOption('legal_person');
  await page.getByLabel('联系电话').fill('0731-12345678');
  await page.getByLabel(role).check();
  await page.getByRole('button', { name: '注册单位' }).click();
}
