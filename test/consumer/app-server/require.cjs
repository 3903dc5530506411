// A CommonJS backend: require() of the package's ES modules (Node >= 20.19 / 22.12),
// no separate CommonJS build. Prints what one invite request got, with a stub service.
const { createPreRegisterHandler } = require('nid-journeys/server');
const oauth = require('nid-journeys/oauth');

const calls = [];
const handler = createPreRegisterHandler({
  baseDomain: 'https://id.example.com',
  clientId: 'consumer-client',
  clientSecret: 'consumer-secret',
  redirectUri: 'https://app.example.com/activated',
  authorize: () => true,
  fetch: async (url, init) => {
    calls.push({ url: String(url), authorization: new Headers(init.headers).get('authorization') });
    return new Response(JSON.stringify({ uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' }), { status: 201 });
  },
});

const request = new Request('https://app.example.com/api/invite', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Origin: 'https://app.example.com' },
  body: JSON.stringify({ profile_fields: { emailAddress: 'cjs@example.com' }, locale: 'en-US', auth_type: 'email', resend: false }),
});
handler(request).then(async (response) => {
  const oauthApi = { completeJourney: typeof oauth.completeJourney, hostedJourneys: Array.isArray(oauth.hostedJourneys) };
  console.log(JSON.stringify({ status: response.status, body: await response.json(), calls, oauth: oauthApi }));
});
