/**
 * `npm run demo`: the demo site and the reference Journeys API.
 *
 * Environment:
 * - PORT (site, default 4400), API_PORT (default 4401), HOST (default 127.0.0.1);
 * - ENV_ID (default `demo`): a call with another `?env_id=` gets 400 invalid_domain;
 * - RESEND_WINDOW_SECONDS (default 60): between two messages of one kind to one identifier;
 * - VERIFICATION_CODE_TTL_SECONDS (default 900): how long a verification PIN works;
 * - RESET_CODE_TTL_SECONDS (default 3600): how long a password reset PIN or link works;
 * - INVITATION_TTL_SECONDS (default 86400): how long an invitation link works;
 * - ID_TOKEN_TTL_SECONDS (default 3600): how long an ID token of the hosted /token is valid;
 * - DEMO_CSP=off to serve the pages without a Content-Security-Policy.
 *
 * Command line: `--allow-outbox` serves the outbox (live codes) even when HOST
 * is a network address such as 0.0.0.0, with a loud warning on stderr;
 * without it the outbox is served only on loopback (outbox-exposure.ts).
 * (`npm run demo -- --allow-outbox`: `npm start` cannot pass it through.)
 *
 * At start-up it invites invited@example.com (Ada Lovelace) to demo-email, so
 * that the outbox holds an invitation to try the hosted activation stand-in.
 *
 * The API origin also serves the hosted screens (/authorize, /register,
 * /forgot-password, /personal-details) and the OpenID Connect endpoints
 * (discovery at /.well-known/openid-configuration, /token, /userinfo,
 * /endsession), with an RS256 key generated at each start.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENV_ID_PATTERN } from '../../src/api/endpoints.js';
import { DEFAULT_ENV_ID, startReferenceServer } from './reference-server.js';

function intFromEnv(name: string, fallback: number, min = 0, max = 65535): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`${name} must be an integer between ${min} and ${max}, got "${raw}".`);
    process.exit(2);
  }
  return value;
}

function envIdFromEnv(): string {
  const value = process.env['ENV_ID'] || DEFAULT_ENV_ID;
  if (!ENV_ID_PATTERN.test(value)) {
    console.error('ENV_ID must be 1 to 128 letters, digits, "-" or "_".');
    process.exit(2);
  }
  return value;
}

const ONE_YEAR = 365 * 24 * 60 * 60;

const USAGE = 'Usage: npm run demo [-- --allow-outbox]   (environment: see demo/server/main.ts)';

/** The command line: only `--allow-outbox`; anything else stops with the usage (a typo must not pass silently). */
function allowOutboxFromArgs(args: readonly string[]): boolean {
  const unknown = args.filter((arg) => arg !== '--allow-outbox');
  if (unknown.length > 0) {
    console.error(`Unknown argument: ${unknown.join(' ')}\n${USAGE}`);
    process.exit(2);
  }
  return args.includes('--allow-outbox');
}

const distDir = fileURLToPath(new URL('../../dist', import.meta.url));

try {
  const server = await startReferenceServer({
    sitePort: intFromEnv('PORT', 4400),
    apiPort: intFromEnv('API_PORT', 4401),
    envId: envIdFromEnv(),
    resendWindowSeconds: intFromEnv('RESEND_WINDOW_SECONDS', 60, 0, ONE_YEAR),
    verificationCodeTtlSeconds: intFromEnv('VERIFICATION_CODE_TTL_SECONDS', 15 * 60, 1, ONE_YEAR),
    resetCodeTtlSeconds: intFromEnv('RESET_CODE_TTL_SECONDS', 60 * 60, 1, ONE_YEAR),
    invitationTtlSeconds: intFromEnv('INVITATION_TTL_SECONDS', 24 * 60 * 60, 1, ONE_YEAR),
    idTokenTtlSeconds: intFromEnv('ID_TOKEN_TTL_SECONDS', 60 * 60, 1, ONE_YEAR),
    host: process.env['HOST'] || '127.0.0.1',
    allowOutbox: allowOutboxFromArgs(process.argv.slice(2)),
    csp: process.env['DEMO_CSP'] !== 'off',
    distDir,
    log: (line) => console.log(`  ${line}`),
  });
  // A person finds this invitation in the outbox and can try the hosted activation stand-in.
  server.invite({
    clientId: 'demo-email',
    channel: 'email',
    identifier: 'invited@example.com',
    profile: { firstName: 'Ada', lastName: 'Lovelace' },
  });
  const outbox = server.outbox ? `outbox at ${server.siteUrl}/outbox` : 'outbox off: not on loopback, see --allow-outbox';
  console.log(`Demo: ${server.siteUrl}/  (reference Journeys API on ${server.apiUrl}, env_id ${server.envId}, ${outbox})`);
  console.log(`OpenID Connect issuer: ${server.apiUrl} (discovery: ${server.apiUrl}/.well-known/openid-configuration)`);
  if (!existsSync(`${distDir}/nid-journeys.js`)) {
    console.log('Note: dist/nid-journeys.js is missing, so the pages cannot show the elements: run npm run build.');
  }
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
