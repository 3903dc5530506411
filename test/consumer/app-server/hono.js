// Hono on Node: the invite route mounted in a Hono app, driven through `app.fetch`
// (what @hono/node-server calls for each request). Prints one JSON line per request.
import { Hono } from 'hono';
import { invite } from './route.js';

const app = new Hono();
let logs = [];
app.post('/api/invite', async (c) => {
  const result = await invite(c.req.raw);
  logs = result.logs;
  return result.response;
});

for (const request of JSON.parse(process.argv[2])) {
  const response = await app.fetch(new Request(request.url, { method: 'POST', headers: request.headers, body: request.body }));
  console.log(JSON.stringify({ status: response.status, body: await response.json(), logs }));
}
