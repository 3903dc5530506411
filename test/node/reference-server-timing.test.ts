/**
 * Forgot-password takes as long for an unknown identifier as for an account
 * in any state (issue #15.4: the review measured existing accounts about
 * 0.3 ms slower, which told them apart).
 *
 * Measured over real HTTP, as someone probing the API would: pairs of
 * requests (an account, an unknown identifier), interleaved and in
 * alternating order, so that whatever else loads the machine hits both sides
 * alike. The verdict (timing-stats.ts) compares the medians and the lower
 * deciles of the two sides: it fails when either differs by more than noise
 * explains and more than 0.1 ms or 10%. When a large difference is still
 * within the noise of a busy machine, more pairs are measured (up to
 * MAX_ROUNDS, none started after EXTRA_ROUNDS_UNTIL_MS), which narrows it;
 * a very busy machine gets fewer pairs per round (ROUND_MS) and so a wider
 * noise bound, rather than a test that runs for half a minute.
 * A 0.3 ms busy loop on the account branch fails it.
 */
import assert from 'node:assert/strict';
import { before, describe, it, type TestContext } from 'node:test';
import { activeAccount, forgotBody, logLines, mobile, paths, pendingAccount, pinOf, register, server, smsRegisterBody, token, tokenBody, useReferenceServer } from './harness.js';
import { alike, clear, compare, summary, type Comparison } from './timing-stats.js';

// No message window: every request of the run does its full work (none is a 429).
useReferenceServer({ resendWindowSeconds: 0 });

/** Pairs measured per round, after the warm-up ones (JIT, connection pool). */
const PAIRS = 150;
/** A round that has lasted ROUND_MS ends once it has MIN_PAIRS. */
const MIN_PAIRS = 80;
const ROUND_MS = 2000;
const WARM_UP_PAIRS = 20;
const MAX_ROUNDS = 3;
/** No further round starts after this long (ms). */
const EXTRA_ROUNDS_UNTIL_MS = 2500;

/** One forgot-password call's round trip (ms), its body prepared beforehand; it must answer 200. */
async function timedForgot(body: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.apiUrl}${paths.forgotPassword}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body,
  });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  assert.equal(response.status, 200);
  return elapsed;
}

interface Samples {
  known: number[];
  unknown: number[];
}

/** `count` interleaved pairs (fewer after ROUND_MS), the order alternating, the identifiers taken in turn. */
async function measurePairs(count: number, knownBodies: readonly string[], unknownBodies: readonly string[], into: Samples): Promise<void> {
  const deadline = performance.now() + ROUND_MS;
  for (let i = 0; i < count && (i < MIN_PAIRS || performance.now() < deadline); i++) {
    const known = knownBodies[i % knownBodies.length]!;
    const unknown = unknownBodies[i % unknownBodies.length]!;
    if (i % 2 === 0) {
      into.known.push(await timedForgot(known));
      into.unknown.push(await timedForgot(unknown));
    } else {
      into.unknown.push(await timedForgot(unknown));
      into.known.push(await timedForgot(known));
    }
  }
}

/** Rounds of pairs until the verdict is clear (negligible, or beyond the noise), or the limits. */
async function measure(knownBodies: readonly string[], unknownBodies: readonly string[]): Promise<Comparison> {
  const started = performance.now();
  await measurePairs(WARM_UP_PAIRS, knownBodies, unknownBodies, { known: [], unknown: [] });
  const samples: Samples = { known: [], unknown: [] };
  for (let round = 1; ; round++) {
    await measurePairs(PAIRS, knownBodies, unknownBodies, samples);
    const comparison = compare(samples.known, samples.unknown);
    if (clear(comparison) || round === MAX_ROUNDS || performance.now() - started > EXTRA_ROUNDS_UNTIL_MS) return comparison;
  }
}

function assertAlike(t: TestContext, comparison: Comparison): void {
  t.diagnostic(summary(comparison));
  assert.ok(alike(comparison), `forgot-password tells accounts apart: ${summary(comparison)}`);
}

/** Same-length identifiers on both sides, so that parsing and lookups cost alike. */
const address = (prefix: 'have' | 'none', n: number) => `${prefix}-${n}-${process.pid}@example.com`;

describe('forgot-password timing (issue #15.4)', () => {
  const emailKnown: string[] = [];
  const emailUnknown: string[] = [];
  const smsKnown: string[] = [];
  const smsUnknown: string[] = [];

  before(async () => {
    // Every state an account can be in: verified, waiting for its PIN, invited (no password yet).
    await activeAccount(address('have', 1));
    await pendingAccount(address('have', 2));
    server.invite({ clientId: 'demo-minimal', channel: 'email', identifier: address('have', 3), profile: {} });
    for (let n = 1; n <= 3; n++) {
      emailKnown.push(JSON.stringify(forgotBody(address('have', n))));
      emailUnknown.push(JSON.stringify(forgotBody(address('none', n))));
    }
    const sms = { client_id: 'demo-sms', auth_type: 'sms' };
    const pending = mobile();
    const active = mobile();
    for (const number of [pending, active]) assert.equal((await register(smsRegisterBody(number))).status, 200);
    assert.equal((await token(tokenBody(active, pinOf(active), { ...sms }))).status, 200);
    for (const number of [pending, active]) smsKnown.push(JSON.stringify(forgotBody(number, sms)));
    for (const number of [mobile(), mobile()]) smsUnknown.push(JSON.stringify(forgotBody(number, sms)));
  });

  it('by email: active, pending and invited accounts take as long as unknown addresses', async (t) => {
    assertAlike(t, await measure(emailKnown, emailUnknown));
  });

  it('by SMS: pending and active accounts take as long as unknown numbers', async (t) => {
    assertAlike(t, await measure(smsKnown, smsUnknown));
  });

  it('sends nothing to an unknown identifier, and logs it without the identifier', () => {
    const unknown = new Set([...emailUnknown, ...smsUnknown].map((body) => (JSON.parse(body) as { user_id: string }).user_id.toLowerCase()));
    assert.deepEqual(server.store.outbox().filter((message) => unknown.has(message.to)), []);
    assert.ok(logLines.some((line) => line === 'outbox: password reset email not sent (no such account)'));
    assert.ok(logLines.some((line) => line === 'outbox: password reset sms not sent (no such account)'));
    for (const identifier of unknown) assert.ok(!logLines.some((line) => line.includes(identifier)), 'no identifier in the log');
  });

  it('the verdict tells a real difference from noise', () => {
    // Deterministic "measurements": 1 ms plus up to 1 ms of spread, and a slow tail on every fifth.
    const spread = (i: number) => ((i * 7919) % 101) / 100 + (i % 5 === 0 ? 5 : 0);
    const unknown = Array.from({ length: PAIRS }, (_, i) => 1 + spread(i));
    const same = Array.from({ length: PAIRS }, (_, i) => 1 + spread(i + 37));
    assert.ok(alike(compare(same, unknown)));
    assert.ok(!alike(compare(same.map((time) => time + 0.3), unknown)), '0.3 ms slower is told apart');
    assert.ok(!alike(compare(unknown, same.map((time) => time + 0.3))), 'and faster too');
    assert.ok(alike(compare(same.map((time) => time + 0.05), unknown)), '0.05 ms is negligible');
  });
});
