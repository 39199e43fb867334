import { Browser, expect, Page, test } from '@playwright/test';
import { signInWithPassword } from './helpers';

// Every page in English: the words the site itself writes (headings, buttons, labels, table heads, hints,
// messages) carry no Chinese. What people and the exam office typed (names, titles, catalog entries) is
// data and stays as typed: it is listed by the elements that show it (`dd`, `td`, links to records).
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

async function generatedChinese(page: Page): Promise<string[]> {
  return page.evaluate((cjk) => {
    const pattern = new RegExp(cjk);
    const found: string[] = [];
    const chrome = 'h1, button, label, legend, th, dt, .hint, .alert, [role="tab"], nav a, figcaption, .tag';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(chrome))) {
      if (el.closest('[hidden], .langs, dd, td, .data, option') || !el.offsetParent) continue;
      // Only the element's own words, not those of data shown inside it.
      const own = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('');
      if (pattern.test(own)) found.push(`${el.tagName.toLowerCase()}: ${own.trim()}`);
    }
    return found;
  }, CJK.source);
}

async function sweep(browser: Browser, who: [string, string], paths: string[]): Promise<void> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, who[0], who[1]);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('button', { name: 'English' }).click();
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
    await expect(page.locator('main h1').first()).toBeVisible();
    expect(await generatedChinese(page), `${who[0]} ${path}`).toEqual([]);
  }
  await page.context().close();
}

test('the candidate\'s pages in English', async ({ browser }) => {
  await sweep(browser, ['demo_candidate', 'Candidate#2026'], [
    '/account', '/identity', '/exams', '/certificates', '/training', '/registration', '/applications', '/tickets',
    '/me/notifications', '/orgs/mine', '/orgs/register',
  ]);
});

test('the staff pages in English', async ({ browser }) => {
  await sweep(browser, ['demo_support', 'Support#2026'], ['/support', '/support/identity', '/support/appeals', '/support/outbox', '/support/audit', '/support/orgs']);
  await sweep(browser, ['demo_admin', 'Admin#2026x'], ['/admin', '/admin/config', '/admin/list/users', '/admin/sso']);
  await sweep(browser, ['demo_examiner', 'Examiner#2026'], ['/exam-admin']);
  await sweep(browser, ['demo_reviewer1', 'Reviewer#2026'], ['/review']);
});
