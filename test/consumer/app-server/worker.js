// A Cloudflare Workers script (module syntax) with the three server helpers a site mounts: the
// invite route, the relay of the elements' calls and the sign-in start of the backend for
// frontend. The helpers' log lines go back in a header, for the test.
import { createCallbackHandler, createJourneysRelay } from 'nid-journeys/server';
import { invite } from './route.js';

export default {
  async fetch(request, env) {
    const logs = [];
    const log = (line) => logs.push(line);
    const { pathname } = new URL(request.url);
    let response;
    if (pathname === '/api/invite') {
      const result = await invite(request);
      response = result.response;
      logs.push(...result.logs);
    } else if (pathname.startsWith('/api/nid/')) {
      // Cloudflare names the client's address in CF-Connecting-IP.
      const relay = createJourneysRelay({ baseDomain: env.UPSTREAM, prefix: '/api/nid', trustProxy: (r) => r.headers.get('cf-connecting-ip') ?? '', log });
      response = await relay(request);
    } else {
      const auth = createCallbackHandler({
        baseDomain: env.UPSTREAM,
        clientId: 'consumer-client',
        clientSecret: 'consumer-secret',
        redirectUri: 'https://app.example.com/auth/callback',
        cookieSecret: 'a cookie secret of at least thirty-two bytes, for the test',
        afterSignIn: '/account',
        log,
      });
      response = await auth.start(request);
    }
    const headers = new Headers(response.headers);
    headers.set('x-log', encodeURIComponent(JSON.stringify(logs)));
    return new Response(response.body, { status: response.status, headers });
  },
};
