// A consumer's invite route, as the README shows it, shared by the Workers
// script and the Hono app of server-runtimes.test.ts. The identity service is
// the test's stub, named by the request's `?upstream=` (a test's shortcut: a
// real route has its base domain in its configuration).
import { createPreRegisterHandler } from 'nid-journeys/server';

/** The response, and the helper's log lines. */
export async function invite(request) {
  const logs = [];
  const handler = createPreRegisterHandler({
    baseDomain: new URL(request.url).searchParams.get('upstream'),
    clientId: 'consumer-client',
    clientSecret: 'consumer-secret',
    redirectUri: 'https://app.example.com/activated',
    authorize: () => true,
    log: (line) => logs.push(line),
  });
  return { response: await handler(request), logs };
}
