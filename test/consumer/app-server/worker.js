// A Cloudflare Workers script (module syntax): the invite route, its log lines in a header for the test.
import { invite } from './route.js';

export default {
  async fetch(request) {
    const { response, logs } = await invite(request);
    const headers = new Headers(response.headers);
    headers.set('x-log', encodeURIComponent(JSON.stringify(logs)));
    return new Response(response.body, { status: response.status, headers });
  },
};
