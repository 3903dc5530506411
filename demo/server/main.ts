/**
 * `npm run demo`: the demo site and the reference Journeys API.
 *
 * Environment: PORT (site, default 4400), API_PORT (default 4401),
 * RESEND_WINDOW_SECONDS (default 60), HOST (default 127.0.0.1),
 * DEMO_CSP=off to serve the pages without a Content-Security-Policy.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from './reference-server.js';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be an integer between 0 and 65535, got "${raw}".`);
    process.exit(2);
  }
  return value;
}

const distDir = fileURLToPath(new URL('../../dist', import.meta.url));

try {
  const server = await startReferenceServer({
    sitePort: intFromEnv('PORT', 4400),
    apiPort: intFromEnv('API_PORT', 4401),
    resendWindowSeconds: intFromEnv('RESEND_WINDOW_SECONDS', 60),
    host: process.env['HOST'] || '127.0.0.1',
    csp: process.env['DEMO_CSP'] !== 'off',
    distDir,
    log: (line) => console.log(`  ${line}`),
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
