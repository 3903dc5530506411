/**
 * No answer is stored and replayed (issue #15.4). Under contract v1 the
 * reference server kept each answer under the request's Idempotency-Key,
 * whatever the body: the same key with a bogus token replayed another
 * account's answer. Contract v2 has no Idempotency-Key and the server keeps
 * no answers, so every request is judged on its own body. These tests run
 * the old attack against each call that answers something worth stealing (a
 * session or reset access token, an invitation's uuid) and fail if any
 * answer comes back for a request that did not earn it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activeAccount,
  assertAnswer,
  codeOf,
  email,
  forgotBody,
  forgotPassword,
  latestMessage,
  pendingAccount,
  preRegister,
  resetPage,
  server,
  token,
  tokenBody,
  useReferenceServer,
  type Result,
} from './harness.js';

useReferenceServer();

const CODE_REFUSED = {
  error: 'invalid_form_fields',
  error_description: 'some inputs are invalid',
  error_details: { code: ['The code is not valid or has expired.'] },
};

/** A six-digit PIN that is not `pin`. */
const otherPin = (pin: string) => String((Number(pin) + 1) % 1_000_000).padStart(6, '0');

/** The victim's answer appears nowhere in the attacker's, and nothing says "replayed". */
function assertNotReplayed(attack: Result, victim: Result): void {
  assertAnswer(attack, 422, CODE_REFUSED);
  assert.ok(!attack.text.includes(victim.json.access_token), "the victim's access token is not in the answer");
  for (const header of ['idempotent-replayed', 'idempotency-key', 'x-idempotent-replay']) assert.equal(attack.headers.get(header), null, header);
}

describe('no stored answers: the same Idempotency-Key never replays an answer (issue #15.4)', () => {
  it("a verification PIN: a bogus PIN with the victim's key gets its own 422, not the victim's access token", async () => {
    const key = { 'Idempotency-Key': 'shared-key-verification' };
    const { address, pin } = await pendingAccount();
    const victim = await token(tokenBody(address, pin), key);
    assert.equal(victim.status, 200, victim.text);
    assert.ok(victim.json.access_token);

    // The old attack: the same key, the same account, a wrong code.
    assertNotReplayed(await token(tokenBody(address, otherPin(pin)), key), victim);
    // Another account's request with the victim's key: its own answer too.
    const { address: attacker, pin: attackerPin } = await pendingAccount();
    assertNotReplayed(await token(tokenBody(attacker, otherPin(attackerPin)), key), victim);
    // And the victim's very request again: the PIN is used up, so it is refused, not answered from a store.
    assertNotReplayed(await token(tokenBody(address, pin), key), victim);
  });

  it("a reset link's code: a bogus code with the victim's key gets its own 422, not the victim's reset token", async () => {
    const key = { 'Idempotency-Key': 'shared-key-reset' };
    const { address } = await activeAccount();
    assert.equal((await forgotPassword(forgotBody(address), key)).status, 200);
    const code = codeOf(latestMessage(address, 'password_reset').link);
    const exchange = (userId: string, value: string) =>
      token(tokenBody(userId, value, { grant_type: 'authorization_code', redirect_uri: resetPage() }), key);
    const victim = await exchange(address, code);
    assert.equal(victim.status, 200, victim.text);

    assertNotReplayed(await exchange(address, `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`), victim);
    assertNotReplayed(await exchange(email(), 'bogus-code'), victim);
    assertNotReplayed(await exchange(address, code), victim);
  });

  it('pre-register: the same key with another invitee creates another invitation (its own uuid)', async () => {
    const key = { 'Idempotency-Key': 'shared-key-invite' };
    const body = (address: string) => ({
      profile_fields: { firstName: 'Ann', lastName: 'Lee', emailAddress: address },
      client_id: 'demo-email',
      locale: 'en-GB',
      auth_type: 'email',
      grant_type: 'password',
      redirect_uri: `${server.siteUrl}/app.html`,
    });
    const first = email();
    const second = email();
    const one = await preRegister(body(first), key);
    const two = await preRegister(body(second), key);
    assert.equal(one.status, 201, one.text);
    assert.equal(two.status, 201, two.text);
    assert.notEqual(two.json.uuid, one.json.uuid);
    assert.equal(two.json.uuid, server.store.findAccount('email', second)?.id);
    // The first invitee again, same key, without `resend`: the account exists now, so the answer is a refusal.
    assert.equal((await preRegister(body(first), key)).status, 422);
  });
});
