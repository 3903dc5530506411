/**
 * End to end in Chromium: register.html with the script-tag bundle, the
 * reference identity API and its outbox. Registers like a user (Playwright
 * locators pierce shadow DOM and find fields by their accessible names),
 * reads the verification PIN from /outbox.json and verifies with the
 * `<nid-activate>` under the form, which the register form handed the
 * identifier to (contract v2 sections 3 and 4).
 *
 * Needs the built bundle and Chromium: see harness.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Locator, Page, Request } from 'playwright-core';
import { verifySecret } from '../../demo/server/secrets.js';
import {
  PATHS,
  assertNoSecrets,
  bodyOf,
  expectText,
  newEmail,
  newMobile,
  openPage,
  outbox,
  pinFor,
  requestsTo,
  server,
  useBrowser,
  watchAccessTokens,
  type Watched,
  signInOnHostedScreen,
} from './harness.js';

let counter = 0;

useBrowser();

const CHECK_EMAIL = 'Check your email: we sent you a message to verify your account.';
const CHECK_PHONE = 'Check your phone: we sent you a text message to verify your account.';

async function openRegister(client: string): Promise<Watched & { form: Locator }> {
  const watched = await openPage(`/register.html?client=${client}`);
  const form = watched.page.locator('nid-register');
  await form.getByRole('button', { name: 'Create account' }).waitFor();
  return { ...watched, form };
}

async function fillMinimal(form: Locator, email: string, password: string): Promise<void> {
  await form.getByLabel('Email address', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByLabel('Confirm password', { exact: true }).fill(password);
}

/** The one register request of the page, checked as contract v2 section 3 says. */
function registerBody(requests: Request[], client: string, authType: 'email' | 'sms'): Record<string, any> {
  const registers = requestsTo(requests, PATHS.register);
  assert.equal(registers.length, 1, 'exactly one register request per submission');
  const body = bodyOf(registers[0]);
  const { profile_fields: profile, ...rest } = body;
  assert.deepEqual(rest, { client_id: client, auth_type: authType, redirect_uri: `${server.siteUrl}/app.html`, locale: 'en-US' });
  assert.equal(typeof profile, 'object');
  return profile;
}

/** The status region of an element (the outcome is announced there). */
const statusOf = (element: Locator) => element.getByRole('status');

/** Enters the PIN into the <nid-activate> on the page and verifies; returns the verify form. */
async function verifyWithPin(page: Page, pin: string): Promise<Locator> {
  const verify = page.locator('nid-activate');
  await verify.getByLabel('Verification code', { exact: true }).fill(pin);
  await verify.getByRole('button', { name: 'Verify account' }).click();
  await statusOf(verify).filter({ hasText: 'Your account is verified.' }).waitFor();
  assert.equal(await verify.getByRole('link', { name: 'Sign in' }).getAttribute('href'), `${server.siteUrl}/auth/sign-in`);
  return verify;
}

/** The token request of the verification, as contract v2 section 4 says. */
function assertVerifyRequest(requests: Request[], expected: Record<string, string>): void {
  const tokens = requestsTo(requests, PATHS.token);
  assert.equal(tokens.length, 1, 'one token request per click');
  assert.deepEqual(bodyOf(tokens[0]), { grant_type: 'pin', redirect_uri: `${server.siteUrl}/app.html`, ...expected });
}

describe('register, then verify with the code, in Chromium', { timeout: 90_000 }, () => {
  it('email (demo-email, every field): register -> PIN from /outbox.json -> verify on the page -> "Your account is verified."', async () => {
    const watched = await openRegister('demo-email');
    const { page, form, problems, apiRequests } = watched;
    const tokens = watchAccessTokens(watched);
    const email = newEmail();
    const password = 'Tr0ub4dor & 3, but longer 🐎';
    const answers = ['Rex the first', 'Lyon'];

    await form.getByLabel('First name', { exact: true }).fill('Ada');
    await form.getByLabel('Last name', { exact: true }).fill('Lovelace');
    await form.getByLabel('Email address', { exact: true }).fill(email);
    await form.getByLabel('Security question 1', { exact: true }).selectOption({ label: 'What was the name of your first pet?' });
    await form.getByLabel('Answer 1', { exact: true }).fill(answers[0]!);
    await form.getByLabel('Security question 2', { exact: true }).selectOption({ label: 'In which city were you born?' });
    await form.getByLabel('Answer 2', { exact: true }).fill(answers[1]!);
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByLabel('Confirm password', { exact: true }).fill(password);
    await form.getByRole('checkbox', { name: /terms of use/ }).check();
    await form.getByRole('checkbox', { name: /privacy notice/ }).check();
    assert.equal(await page.locator('#verify-section').isVisible(), false, 'the verification form waits for the registration');
    await form.getByRole('button', { name: 'Create account' }).click();
    await statusOf(form).filter({ hasText: CHECK_EMAIL }).waitFor();
    await form.getByRole('button', { name: 'Send the email again' }).waitFor();

    const profile = registerBody(apiRequests, 'demo-email', 'email');
    assert.equal(profile.emailAddress, email);
    assert.equal(profile.firstName, 'Ada');
    assert.equal(profile.newPassword, password, 'the password is sent exactly as typed');
    assert.equal(profile.newPasswordConfirm, password);
    assert.equal(profile.acceptTerms, 'true', 'the terms consent goes in its profile field');
    assert.deepEqual(profile.securityQuestions.map((q: { id: string }) => q.id), ['first_pet', 'birth_city']);
    assert.equal(server.store.findAccount('email', email)?.status, 'pending');
    assert.equal(requestsTo(apiRequests, PATHS.token).length, 0);

    // The verification form under the register form knows the address.
    await page.locator('#verify-section').waitFor({ state: 'visible' });
    const verify = page.locator('nid-activate');
    assert.equal(await verify.getByLabel('Email address', { exact: true }).inputValue(), email, 'the address carried over');
    const pin = await pinFor(email);
    await verifyWithPin(page, pin);
    assertVerifyRequest(apiRequests, { client_id: 'demo-email', auth_type: 'email', user_id: email, code: pin });

    const account = server.store.findAccount('email', email);
    assert.equal(account?.status, 'active');
    assert.ok(account.passwordHash && (await verifySecret(password, account.passwordHash)));
    assert.deepEqual(account.consents, { terms: true });

    const events = (await page.locator('#events').textContent()) ?? '';
    assert.match(events, /nid-success \(register\)[\s\S]*"verification_sent"/);
    assert.match(events, /nid-success \(activate\)[\s\S]*"verified"/);
    assert.equal(tokens.length, 1, 'the token call answered an access token (looked for below)');
    await assertNoSecrets(watched, [password, ...answers, pin, ...tokens]);

    // The loop's end: "Sign in" leads through the site's backend to the hosted sign-in, and back signed in.
    await verify.getByRole('link', { name: 'Sign in' }).click();
    await signInOnHostedScreen(page, email, password);
    await page.getByText(`Signed in as Ada Lovelace (${email})`).waitFor();
    assert.deepEqual(problems, [], 'no errors and no CSP violations on the page');
    await page.close();
  });

  it('sms (demo-sms): register with a mobile number -> PIN by text message -> verify -> "Your account is verified."', async () => {
    const watched = await openRegister('demo-sms');
    const { page, form, problems, apiRequests } = watched;
    const tokens = watchAccessTokens(watched);
    const mobile = newMobile();
    const password = 'a phone-first passphrase';

    await form.getByLabel('First name', { exact: true }).fill('Grace');
    await form.getByLabel('Last name', { exact: true }).fill('Hopper');
    await form.getByRole('textbox', { name: 'Mobile number' }).fill(mobile.typed);
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByLabel('Confirm password', { exact: true }).fill(password);
    await form.getByRole('checkbox', { name: /terms of use/ }).check();
    await form.getByRole('checkbox', { name: /privacy notice/ }).check();
    await form.getByRole('button', { name: 'Create account' }).click();
    await statusOf(form).filter({ hasText: CHECK_PHONE }).waitFor();
    await form.getByRole('button', { name: 'Send the text message again' }).waitFor();

    const profile = registerBody(apiRequests, 'demo-sms', 'sms');
    assert.equal(profile.mobileNumber, mobile.e164, 'the number in E.164');
    assert.equal(Object.keys(profile).some((key) => /terms|privacy|consent/i.test(key)), false, 'consents without a field gate but are not sent');
    const [message] = (await outbox()).filter((m) => m.to === mobile.e164);
    assert.equal(message?.channel, 'sms');
    assert.equal(message.kind, 'verification');

    await page.locator('#verify-section').waitFor({ state: 'visible' });
    const pin = await pinFor(mobile.e164);
    await verifyWithPin(page, pin);
    assertVerifyRequest(apiRequests, { client_id: 'demo-sms', auth_type: 'sms', user_id: mobile.e164, code: pin });
    assert.equal(server.store.findAccount('sms', mobile.e164)?.status, 'active');
    await assertNoSecrets(watched, [password, pin, ...tokens]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('answers an address that already has an account exactly like a new one', async () => {
    const known = newEmail();
    server.store.createAccount({
      clientId: 'demo-minimal',
      channel: 'email',
      identifier: known,
      status: 'active',
      profile: { emailAddress: known },
      securityAnswers: [],
      consents: {},
    });
    const seen: { status: string; events: string; view: string }[] = [];
    for (const email of [newEmail(), known]) {
      const { page, form, problems } = await openRegister('demo-minimal');
      await fillMinimal(form, email, 'another long password');
      await form.getByRole('button', { name: 'Create account' }).click();
      await statusOf(form).filter({ hasText: CHECK_EMAIL }).waitFor();
      await page.locator('#events .nid-success').first().waitFor();
      seen.push({
        status: ((await statusOf(form).textContent()) ?? '').trim(),
        events: ((await page.locator('#events .nid-success pre').first().textContent()) ?? '').trim(),
        view: await form.evaluate((element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
      });
      assert.deepEqual(problems, []);
      await page.close();
    }
    assert.deepEqual(seen[1], seen[0], 'the same view, status and event for a new and a known address');
    assert.match(seen[0]!.events, /"verification_sent"/);
    const kinds = (await outbox()).filter((m) => m.to === known).map((m) => m.kind);
    assert.deepEqual(kinds, ['already_registered'], 'only the owner learns of the attempt, and gets no code');
  });

  it('verifies on activate.html in the same tab: the address carries over, a wrong code stays in its field', async () => {
    const watched = await openRegister('demo-minimal');
    const { page, form, problems, apiRequests } = watched;
    const email = newEmail();
    const password = 'correct horse battery stapler';
    await fillMinimal(form, email, password);
    await form.getByRole('button', { name: 'Create account' }).click();
    await statusOf(form).filter({ hasText: CHECK_EMAIL }).waitFor();

    await page.getByRole('link', { name: 'Already have a verification code?' }).click();
    await page.waitForURL((url) => url.pathname === '/activate.html' && url.searchParams.get('client') === 'demo-minimal');
    const verify = page.locator('nid-activate');
    const identifier = verify.getByLabel('Email address', { exact: true });
    await identifier.waitFor();
    assert.equal(await identifier.inputValue(), email, 'the register page handed the address over (sessionStorage)');

    const pin = await pinFor(email);
    const wrong = pin === '000000' ? '111111' : '000000';
    const code = verify.getByLabel('Verification code', { exact: true });
    await code.fill(wrong);
    await verify.getByRole('button', { name: 'Verify account' }).click();
    await expectText(verify, 'This code is not valid or has expired.');
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    assert.equal(await code.inputValue(), wrong, 'the typed code is kept');
    assert.equal(server.store.findAccount('email', email)?.status, 'pending');

    await code.fill(pin);
    await verify.getByRole('button', { name: 'Verify account' }).click();
    await statusOf(verify).filter({ hasText: 'Your account is verified.' }).waitFor();
    assert.equal(requestsTo(apiRequests, PATHS.token).length, 2);
    assert.equal(server.store.findAccount('email', email)?.status, 'active');
    await assertNoSecrets(watched, [password, pin, wrong]);
    assert.deepEqual(problems.filter((p) => !/\b422\b/.test(p)), [], 'no errors besides the 422 of the wrong code');
    await page.close();
  });

  it('rate limits "Send the email again" inside the resend window, with a countdown', async () => {
    const { page, form, apiRequests, problems } = await openRegister('demo-minimal');
    const email = newEmail();
    await fillMinimal(form, email, 'yet another password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await statusOf(form).filter({ hasText: CHECK_EMAIL }).waitFor();

    // Registering started the 60 s window, so the service answers 429 with Retry-After.
    const resend = form.getByRole('button', { name: 'Send the email again' });
    await resend.click();
    await form.getByRole('timer').filter({ hasText: /Try again in/i }).waitFor();
    assert.equal(await resend.getAttribute('aria-disabled'), 'true', 'the action is disabled during the wait');
    const resends = requestsTo(apiRequests, PATHS.resend);
    assert.equal(resends.length, 1);
    assert.deepEqual(bodyOf(resends[0]), {
      client_id: 'demo-minimal',
      auth_type: 'email',
      user_id: email,
      redirect_uri: `${server.siteUrl}/app.html`,
      locale: 'en-US',
    });
    assert.equal((await outbox()).filter((m) => m.to === email).length, 1, 'nothing sent again');
    assert.deepEqual(problems.filter((p) => !/\b429\b/.test(p)), [], 'no errors besides the 429 itself');
    await page.close();
  });

  it('shows the service refusing a blocked email domain on the email field, keeping the input', async () => {
    const { page, form } = await openRegister('demo-minimal');
    const email = `someone.${++counter}@blocked.example`;
    const password = 'a perfectly fine password';
    await fillMinimal(form, email, password);
    await form.getByRole('button', { name: 'Create account' }).click();

    await expectText(form, 'You are not able to register with this email address');
    const input = form.getByLabel('Email address', { exact: true });
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await input.inputValue(), email, 'the email is kept');
    assert.equal(await form.getByLabel('Password', { exact: true }).inputValue(), password, 'the password is kept');
    await page.locator('#events .nid-error').first().waitFor();
    assert.match((await page.locator('#events .nid-error pre').first().textContent()) ?? '', /"invalid_form_fields"/, 'error codes are not redacted');
    await page.close();
  });

  it('the passwordless client: no password, signed in at once, the authorization code only in the event (redacted in the log)', async () => {
    const watched = await openRegister('demo-passwordless');
    const { page, form, problems, apiRequests } = watched;
    assert.equal(await page.locator('nid-register').getAttribute('password'), 'none');
    assert.equal(await form.getByLabel('Password', { exact: true }).count(), 0, 'no password fields');
    assert.equal(await page.locator('nid-activate').count(), 0, 'nothing to verify');
    // What the page's own nid-success listener receives (the demo's log shows it redacted).
    await page.evaluate(() =>
      document.addEventListener('nid-success', (event) => Object.assign(window, { e2eDetail: (event as CustomEvent).detail }), { once: true }),
    );
    const email = newEmail();
    await form.getByLabel('Email address', { exact: true }).fill(email);
    await form.getByRole('button', { name: 'Create account' }).click();
    await statusOf(form).filter({ hasText: 'Your account has been created.' }).waitFor();
    await page.locator('#signed-in-note').waitFor({ state: 'visible' });

    const profile = registerBody(apiRequests, 'demo-passwordless', 'email');
    assert.deepEqual(profile, { emailAddress: email }, 'no password keys (the service would refuse them)');
    const detail = (await page.evaluate(() => (window as unknown as { e2eDetail: Record<string, unknown> }).e2eDetail)) ?? {};
    assert.equal(detail['status'], 'signed_in');
    const code = detail['authorization_code'];
    assert.ok(typeof code === 'string' && code.length >= 32, 'the page gets the authorization code');
    assert.equal(server.store.findAuthorizationCode(code)?.accountId, server.store.findAccount('email', email)?.id);
    assert.equal(server.store.findAccount('email', email)?.status, 'active');
    assert.equal((await outbox()).filter((m) => m.to === email).length, 0, 'no message');

    assert.match((await page.locator('#events .nid-success pre').first().textContent()) ?? '', /"authorization_code": "\[redacted\]"/);
    await assertNoSecrets(watched, [code]);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
