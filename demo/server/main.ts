/**
 * `npm run demo`: the demo site and the reference Journeys API.
 *
 * Environment: PORT (site, default 4400), API_PORT (default 4401),
 * RESEND_WINDOW_SECONDS (default 60), ACTIVATION_TOKEN_TTL_SECONDS (default
 * 86400), RESET_TOKEN_TTL_SECONDS (default 3600), HOST (default 127.0.0.1),
 * DEMO_CSP=off to serve the pages without a Content-Security-Policy.
 *
 * At start-up it invites invited@example.com (Ada Lovelace) to demo-email, so
 * that the outbox holds an invitation to try the activation completion form.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from './reference-server.js';

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

const ONE_YEAR = 365 * 24 * 60 * 60;

const distDir = fileURLToPath(new URL('../../dist', import.meta.url));

try {
  const server = await startReferenceServer({
    sitePort: intFromEnv('PORT', 4400),
    apiPort: intFromEnv('API_PORT', 4401),
    resendWindowSeconds: intFromEnv('RESEND_WINDOW_SECONDS', 60),
    activationTokenTtlSeconds: intFromEnv('ACTIVATION_TOKEN_TTL_SECONDS', 24 * 60 * 60, 1, ONE_YEAR),
    resetTokenTtlSeconds: intFromEnv('RESET_TOKEN_TTL_SECONDS', 60 * 60, 1, ONE_YEAR),
    host: process.env['HOST'] || '127.0.0.1',
    csp: process.env['DEMO_CSP'] !== 'off',
    distDir,
    log: (line) => console.log(`  ${line}`),
  });
  // A person finds this invitation in the outbox and can try the completion form.
  server.store.inviteAccount({
    clientId: 'demo-email',
    channel: 'email',
    identifier: 'invited@example.com',
    profile: { firstName: 'Ada', lastName: 'Lovelace' },
    redirectUri: `${server.siteUrl}/app.html`,
  });
  console.log(
    `Demo: ${server.siteUrl}/  (reference Journeys API on ${server.apiUrl}, outbox at ${server.siteUrl}/outbox)`,
  );
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
