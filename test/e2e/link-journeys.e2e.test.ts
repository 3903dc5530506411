/**
 * End to end in Chromium: the journeys that go through an emailed link.
 * register.html -> outbox -> activate.html -> app.html; forgot-password.html
 * -> outbox -> forgot-password.html (step 2) -> app.html; an invitation ->
 * outbox -> activate.html (completion form) -> app.html. Drives
 * <nid-activate> and <nid-forgot-password> by accessible names (Playwright
 * locators pierce shadow DOM).
 *
 * Needs the built bundle and Chromium: see harness.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  api,
  landedOnApp,
  linkFor,
  newEmail,
  openPage,
  requestsTo,
  server,
  useBrowser,
} from './harness.js';

useBrowser();

const ACTIVATE = '/idp/v1/account/activate';
const FORGOT = '/idp/v1/account/forgot-password';
const RESET = '/idp/v1/account/reset-password';

const activationLink = (page: Page, to: string) => linkFor(page, to, /activate\.html\?token=/);
const resetLink = (page: Page, to: string) => linkFor(page, to, /forgot-password\.html\?token=/);

function bodyOf(request: Request | undefined): Record<string, any> {
  assert.ok(request, 'the request was sent');
  const headers = request.headers();
  assert.equal(new URL(request.url()).search, '', 'no form data in the URL');
  assert.ok(headers['idempotency-key'], 'an Idempotency-Key is sent');
  assert.equal(headers['authorization'], undefined, 'no Authorization header from a browser');
  return JSON.parse(request.postData() ?? '{}');
}

/** Waits for a text in one of the element's live regions (status or alert). */
async function expectMessage(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible' });
}

/** Registers and activates an account through the API: the forgot-password journey needs an active one. */
async function activeAccount(email: string, password: string): Promise<void> {
  const registered = await api('/idp/v1/account/register', {
    client_id: 'demo-minimal',
    redirect_uri: `${server.siteUrl}/app.html`,
    response_type: 'code',
    scope: 'openid',
    state: 'api-state',
    profile_fields: { emailAddress: email },
    password,
  });
  assert.equal(registered.status, 201);
  const link = server.store.outbox().find((m) => m.to === email && m.kind === 'activation')?.link;
  const token = new URL(link ?? '').searchParams.get('token');
  assert.equal((await api(ACTIVATE, { client_id: 'demo-minimal', token })).status, 200);
}

describe('activation in Chromium', { timeout: 90_000 }, () => {
  it('register -> outbox -> activate -> the app, with a code and the register page\'s state', async () => {
    const { page, problems, apiRequests } = await openPage('/register.html?client=demo-minimal');
    await page.getByRole('button', { name: 'Create account' }).waitFor();
    const state = await page.locator('nid-register').getAttribute('state');
    assert.ok(state, 'the register page sets a state');

    const email = newEmail();
    const password = 'correct horse 🐎 battery';
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Confirm password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('status').filter({ hasText: /Check your email/i }).first().waitFor({ state: 'visible' });

    const link = await activationLink(page, email);
    const token = new URL(link).searchParams.get('token');
    await page.goto(link);
    const button = page.getByRole('button', { name: 'Activate account' });
    await button.waitFor();
    assert.ok(!page.url().includes('token='), 'the element removed the token from the address bar');
    assert.equal(new URL(page.url()).searchParams.get('client'), 'demo-minimal', 'other parameters stay');
    assert.equal(requestsTo(apiRequests, ACTIVATE).length, 0, 'nothing is sent before the click');

    await button.click();
    const landed = await landedOnApp(page);
    assert.ok(landed.code.length >= 32 && landed.code !== '(none)', `a code: ${landed.code}`);
    assert.equal(landed.state, state, 'the state the register page sent');

    const activations = requestsTo(apiRequests, ACTIVATE);
    assert.equal(activations.length, 1, 'one request per click');
    assert.deepEqual(bodyOf(activations[0]), { client_id: 'demo-minimal', token });
    assert.equal(server.store.findAccount('email', email)?.status, 'active');
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the pages');
    await page.close();

    // The same link again: already activated, with a way to sign in.
    const again = await openPage(link);
    await again.page.getByRole('button', { name: 'Activate account' }).click();
    await expectMessage(again.page, 'Your account is already activated.');
    const signIn = again.page.getByRole('link', { name: 'Sign in' });
    assert.equal(await signIn.getAttribute('href'), `${server.siteUrl}/sign-in.html`);
    assert.deepEqual(again.problems.filter((p) => !/409/.test(p)), [], 'no errors besides the 409 itself');
    await again.page.close();
  });

  it('says a made-up link is not valid and offers a new one', async () => {
    const { page } = await openPage('/activate.html?token=not-a-real-token&client=demo-minimal');
    await page.getByRole('button', { name: 'Activate account' }).click();
    await expectMessage(page, 'This link is not valid.');
    await page.getByLabel('Email address', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send a new link' }).waitFor();
    await page.close();
  });

  it('an invitation -> outbox -> completion form -> the app, with the invitation\'s state', async () => {
    const email = newEmail();
    const { created } = server.store.inviteAccount({
      clientId: 'demo-email',
      channel: 'email',
      identifier: email,
      profile: { firstName: 'Ada', lastName: 'Lovelace' },
      redirectUri: `${server.siteUrl}/app.html`,
      state: 'invite-e2e-state',
    });
    assert.equal(created, true);

    const { page, problems, apiRequests } = await openPage('/outbox');
    const link = await activationLink(page, email);
    await page.goto(link);
    await page.getByRole('button', { name: 'Activate account' }).click();

    const password = 'Ada’s analytical engine';
    const answers = ['Charles', 'London'];
    const passwordField = page.getByLabel('Password', { exact: true });
    await passwordField.waitFor();
    const firstName = page.getByLabel('First name', { exact: true });
    assert.equal(await firstName.inputValue(), 'Ada');
    assert.equal(await firstName.isEditable(), false, 'given fields are read-only');
    assert.equal(await page.getByLabel('Last name', { exact: true }).inputValue(), 'Lovelace');

    await page.getByLabel('Security question 1', { exact: true }).selectOption({ label: 'What was the name of your first pet?' });
    await page.getByLabel('Answer 1', { exact: true }).fill(answers[0]!);
    await page.getByLabel('Security question 2', { exact: true }).selectOption({ label: 'In which city were you born?' });
    await page.getByLabel('Answer 2', { exact: true }).fill(answers[1]!);
    await passwordField.fill(password);
    await page.getByLabel('Confirm password', { exact: true }).fill(password);
    await page.getByRole('checkbox', { name: 'I accept the terms of use' }).check();
    await page.getByRole('checkbox', { name: 'I have read the privacy notice' }).check();
    await page.getByRole('button', { name: 'Activate account' }).click();

    const landed = await landedOnApp(page);
    assert.ok(landed.code.length >= 32, `a code: ${landed.code}`);
    assert.equal(landed.state, 'invite-e2e-state');

    const [first, completion, ...others] = requestsTo(apiRequests, ACTIVATE);
    assert.equal(others.length, 0);
    assert.equal(bodyOf(first).password, undefined, 'the first click sends only the token');
    const body = bodyOf(completion);
    assert.equal(body.password, password, 'the password is sent exactly as typed');
    assert.deepEqual(body.consents, { terms: true, privacy: true });

    const account = server.store.findAccount('email', email);
    assert.ok(account?.passwordHash);
    assert.equal(account.status, 'active');
    assert.equal(account.profile['firstName'], 'Ada');
    assert.equal(await verifySecret(password, account.passwordHash), true);
    assert.deepEqual(account.securityAnswers.map((a) => a.id), ['first_pet', 'birth_city']);
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the pages');
    await page.close();
  });
});

describe('password reset in Chromium', { timeout: 90_000 }, () => {
  it('forgot -> outbox -> new password -> the app, with a code and the forgot page\'s state', async () => {
    const email = newEmail();
    const oldPassword = 'the old long password';
    await activeAccount(email, oldPassword);

    const { page, problems, apiRequests } = await openPage('/forgot-password.html?client=demo-minimal');
    await page.getByRole('button', { name: 'Send reset link' }).waitFor();
    const state = await page.locator('nid-forgot-password').getAttribute('state');
    assert.ok(state, 'the forgot-password page sets a state');
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expectMessage(page, `If an account exists for ${email}, we have sent a link to reset your password.`);
    await page.getByRole('button', { name: 'Send the link again' }).waitFor();

    const forgot = bodyOf(requestsTo(apiRequests, FORGOT)[0]);
    assert.equal(forgot.emailAddress, email);
    assert.equal(forgot.state, state);
    assert.equal(forgot.redirect_uri, `${server.siteUrl}/app.html`);
    assert.equal(forgot.response_type, 'code');

    const link = await resetLink(page, email);
    await page.goto(link);
    const newPassword = 'a fresh 🔑 passphrase';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password', { exact: true }).fill(newPassword);
    assert.ok(!page.url().includes('token='), 'the element removed the token from the address bar');
    await page.getByRole('button', { name: 'Set new password' }).click();

    const landed = await landedOnApp(page);
    assert.ok(landed.code.length >= 32, `a code: ${landed.code}`);
    assert.equal(landed.state, state, 'the state the forgot-password page sent');

    const reset = bodyOf(requestsTo(apiRequests, RESET)[0]);
    assert.equal(reset.password, newPassword, 'the password is sent exactly as typed');
    assert.equal(reset.client_id, 'demo-minimal');
    const hash = server.store.findAccount('email', email)?.passwordHash;
    assert.ok(hash);
    assert.equal(await verifySecret(newPassword, hash), true);
    assert.equal(await verifySecret(oldPassword, hash), false);
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the pages');
    await page.close();
  });

  it('shows the same message for an address without an account, and sends nothing', async () => {
    const email = newEmail();
    const { page, problems } = await openPage('/forgot-password.html?client=demo-minimal');
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expectMessage(page, `If an account exists for ${email}, we have sent a link to reset your password.`);
    assert.equal(server.store.outbox().filter((m) => m.to === email).length, 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('says a made-up reset link is not valid and offers a new one', async () => {
    const { page } = await openPage('/forgot-password.html?token=not-a-real-token&client=demo-minimal');
    const newPassword = 'whatever long password';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expectMessage(page, 'This link is not valid.');
    await page.getByRole('button', { name: 'Request a new link' }).waitFor();
    await page.close();
  });
});
