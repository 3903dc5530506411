/**
 * End to end in Chromium: the demo page with the script-tag bundle, the
 * reference Journeys API, and the outbox. Drives <nid-register> like a user,
 * by accessible names (Playwright locators pierce shadow DOM).
 *
 * Needs the built bundle and Chromium: see harness.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { linkFor, newEmail, openPage, server, useBrowser, type Watched } from './harness.js';

let counter = 0;

useBrowser();

async function openRegister(client: string): Promise<Watched> {
  const watched = await openPage(`/register.html?client=${client}`);
  await watched.page.getByRole('button', { name: 'Create account' }).waitFor();
  return watched;
}

/** Waits for the success message in the element's status region. */
async function expectCheckYourEmail(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: /Check your email/i }).first().waitFor({ state: 'visible' });
}

/** Opens /outbox and returns the activation link of the newest message to `to`. */
function activationLinkFor(page: Page, to: string): Promise<string> {
  return linkFor(page, to, /activate\.html\?token=/);
}

/** Checks the request the element sent, as the contract and the security rules require. */
function assertRegisterRequest(requests: Request[], expectedPassword: string): Record<string, any> {
  const registers = requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/idp/v1/account/register');
  assert.equal(registers.length, 1, 'exactly one register request per submission');
  const request = registers[0]!;
  const headers = request.headers();
  assert.equal(new URL(request.url()).search, '', 'no form data in the URL');
  assert.match(headers['content-type'] ?? '', /^application\/json/);
  assert.ok(headers['idempotency-key'], 'an Idempotency-Key is sent');
  assert.equal(headers['authorization'], undefined, 'no Authorization header from a browser');
  const body = JSON.parse(request.postData() ?? '{}');
  assert.equal(body.password, expectedPassword, 'the password is sent exactly as typed');
  assert.equal(body.response_type, 'code');
  assert.equal(body.client_id !== undefined, true);
  assert.equal(body.redirect_uri, `${server.siteUrl}/app.html`);
  return body;
}

/** The demo's Events panel shows what integrators receive; never the password. */
async function assertEventsPanel(page: Page, secrets: string[]): Promise<void> {
  const events = page.locator('#events');
  await events.getByText('nid-success', { exact: false }).first().waitFor();
  const text = (await events.textContent()) ?? '';
  assert.match(text, /nid-submit/);
  for (const secret of secrets) assert.ok(!text.includes(secret), 'no secret in any event detail');
  const pageText = (await page.locator('body').textContent()) ?? '';
  for (const secret of secrets) assert.ok(!pageText.includes(secret), 'no secret in the page text');
}

describe('register in Chromium', { timeout: 60_000 }, () => {
  it('registers with the minimal client and delivers an activation link', async () => {
    const { page, problems, apiRequests } = await openRegister('demo-minimal');
    const email = newEmail();
    const password = 'correct horse 🐎 battery';

    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Confirm password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectCheckYourEmail(page);

    assertRegisterRequest(apiRequests, password);
    await assertEventsPanel(page, [password]);
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the page');

    const link = await activationLinkFor(page, email);
    assert.ok(link.startsWith(`${server.siteUrl}/activate.html?token=`), link);
    const account = server.store.findAccount('email', email);
    assert.equal(account?.status, 'pending');
    await page.close();
  });

  it('answers an existing account exactly like a new one', async () => {
    const email = newEmail();
    const password = 'another long password';
    for (let attempt = 0; attempt < 2; attempt++) {
      const { page, problems } = await openRegister('demo-minimal');
      await page.getByLabel('Email address', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await page.getByLabel('Confirm password', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await expectCheckYourEmail(page);
      assert.deepEqual(problems, []);
      await page.close();
    }
    const kinds = server.store.outbox().filter((m) => m.to === email).map((m) => m.kind);
    assert.deepEqual(kinds, ['already_registered', 'activation']);
  });

  it('rate limits "send the email again" inside the resend window, with a countdown', async () => {
    const { page, apiRequests } = await openRegister('demo-minimal');
    const email = newEmail();
    const password = 'yet another password';
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Confirm password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectCheckYourEmail(page);

    // Registering started the 60 s window, so the service answers 429 with Retry-After.
    const resend = page.getByRole('button', { name: /send the email again/i });
    await resend.click();
    await page.getByText(/try again in/i).first().waitFor();
    assert.equal(await resend.isDisabled(), true, 'the action is disabled during the wait');
    const resends = apiRequests.filter((r) => new URL(r.url()).pathname === '/idp/v1/account/activate/resend');
    assert.equal(resends.length, 1);
    assert.deepEqual(JSON.parse(resends[0]!.postData() ?? '{}').emailAddress, email);
    assert.equal(server.store.outbox().filter((m) => m.to === email).length, 1, 'nothing sent again');
    await page.close();
  });

  it('shows the service refusing a blocked email domain on the email field, keeping the input', async () => {
    const { page } = await openRegister('demo-minimal');
    const email = `someone.${++counter}@blocked.example`;
    const password = 'a perfectly fine password';
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Confirm password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByText('You are not able to register with this email address').first().waitFor();
    const input = page.getByLabel('Email address', { exact: true });
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await input.inputValue(), email, 'the email is kept');
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), password, 'the password is kept');
    await page.locator('#events').getByText('nid-error').first().waitFor();
    await page.close();
  });

  it('registers with the full demo-email client (names, security questions, consents)', async () => {
    const { page, problems, apiRequests } = await openRegister('demo-email');
    const email = newEmail();
    const password = 'Tr0ub4dor & 3, but longer';
    const answers = ['Rex the first', 'Lyon'];

    await page.getByLabel('First name', { exact: true }).fill('Ada');
    await page.getByLabel('Last name', { exact: true }).fill('Lovelace');
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Security question 1', { exact: true }).selectOption({ label: 'What was the name of your first pet?' });
    await page.getByLabel('Answer 1', { exact: true }).fill(answers[0]!);
    await page.getByLabel('Security question 2', { exact: true }).selectOption({ label: 'In which city were you born?' });
    await page.getByLabel('Answer 2', { exact: true }).fill(answers[1]!);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Confirm password', { exact: true }).fill(password);
    await page.getByRole('checkbox', { name: /terms/i }).check();
    await page.getByRole('checkbox', { name: /privacy/i }).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectCheckYourEmail(page);

    const body = assertRegisterRequest(apiRequests, password);
    assert.deepEqual(body.consents, { terms: true, privacy: true });
    assert.deepEqual(
      body.profile_fields.securityQuestions.map((q: { id: string }) => q.id),
      ['first_pet', 'birth_city'],
    );
    await assertEventsPanel(page, [password, ...answers]);
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the page');

    const account = server.store.findAccount('email', email);
    assert.equal(account?.profile['firstName'], 'Ada');
    assert.equal(account?.profile['lastName'], 'Lovelace');
    assert.deepEqual(account?.securityAnswers.map((a) => a.id), ['first_pet', 'birth_city']);

    const link = await activationLinkFor(page, email);
    assert.ok(link.startsWith(`${server.siteUrl}/activate.html?token=`), link);
    await page.close();
  });
});
