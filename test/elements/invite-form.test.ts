/** <nid-invite-form>: the administrator's form, the request to the integrator's route, success and failures. */
import { expect } from '@open-wc/testing';
import type { NidInviteForm } from '../../src/elements/invite-form/nid-invite-form.js';
import { hang, json, raw, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import {
  alertText,
  click,
  control,
  errorOf,
  fill,
  focused,
  press,
  query,
  recordEvents,
  root,
  statusText,
  type,
} from '../helpers/user.js';
import { ACTION_URL, INVITED, UUID, renderInvite, sentBody, submitButton } from './invite-form-fixture.js';

async function fillInvite(el: NidInviteForm, email = 'ada@example.com'): Promise<void> {
  await fill(el, control(el, 'First name'), 'Ada');
  await fill(el, control(el, 'Last name'), 'Lovelace');
  await fill(el, control(el, 'Email address'), email);
}

describe('<nid-invite-form>', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(INVITED);
  });
  afterEach(() => stub.restore());

  it('renders the invitation form: names, email, language, "send again"; no password, nothing sent', async () => {
    const el = await renderInvite();
    expect(control(el, 'First name').required).to.equal(true);
    expect(control(el, 'Last name').required).to.equal(true);
    expect(control(el, 'Email address').type).to.equal('email');
    const language = control<HTMLSelectElement>(el, 'Language');
    expect(language.value).to.equal('en-US');
    expect(language.querySelector('option[value="de-DE"]')?.textContent).to.equal('Deutsch (Deutschland)');
    expect(language.querySelector('option[value="de-DE"]')?.getAttribute('lang')).to.equal('de-DE');
    expect(language.querySelector('option[value=""]'), 'a language is always chosen').to.equal(null);
    expect(control(el, 'Send the invitation again if this person was already invited').checked).to.equal(false);
    expect(submitButton(el).textContent!.trim()).to.equal('Send invitation');
    expect(root(el).querySelector('input[type="password"]')).to.equal(null);
    expect(stub.calls).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('sends the invitation to its action with the keyboard alone, then clears the form for the next one', async () => {
    const el = await renderInvite();
    const events = recordEvents(el);
    await type(el, control(el, 'Email address'), 'ada@example.com');
    await type(el, control(el, 'First name'), 'Ada');
    await type(el, control(el, 'Last name'), 'Lovelace');
    await press(el, 'Enter');

    expect(stub.calls).to.have.length(1);
    const call = stub.calls[0]!;
    expect(call.url).to.equal(ACTION_URL);
    expect(call.method).to.equal('POST');
    expect(call.headers.get('Content-Type')).to.equal('application/json');
    expect(call.headers.has('Idempotency-Key')).to.equal(false);
    expect(call.headers.has('Authorization')).to.equal(false);
    expect(call.init?.credentials ?? 'same-origin', 'the page’s own cookies, never a third party’s').to.equal('same-origin');
    expect(sentBody(call)).to.deep.equal({
      profile_fields: { emailAddress: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
      locale: 'en-US',
      auth_type: 'email',
      resend: false,
    });

    expect(events.map((event) => event.type)).to.deep.equal(['nid-submit', 'nid-success']);
    expect((events[0] as CustomEvent).detail).to.deep.equal({ journey: 'invite', body: sentBody(call) });
    expect((events[1] as CustomEvent).detail).to.deep.equal({ uuid: UUID });
    expect(statusText(el)).to.equal('Invitation sent to ada@example.com.');
    expect(control(el, 'First name').value).to.equal('');
    expect(control(el, 'Email address').value).to.equal('');
    expect(errorOf(el, control(el, 'First name')), 'a cleared form shows no errors').to.equal('');
    expect(focused(el), 'ready to type the next invitation').to.equal(control(el, 'Email address'));
    await expect(el).to.be.accessible();

    // The next invitation is a new request.
    await fillInvite(el, 'grace@example.com');
    await click(el, submitButton(el));
    expect(stub.calls).to.have.length(2);
    expect(statusText(el)).to.equal('Invitation sent to grace@example.com.');
  });

  it('keeps the chosen language and sends "send again" when ticked', async () => {
    const el = await renderInvite();
    const language = control<HTMLSelectElement>(el, 'Language');
    language.value = 'fr-CA';
    language.dispatchEvent(new Event('change'));
    await fillInvite(el);
    await click(el, control(el, 'Send the invitation again if this person was already invited'));
    await click(el, submitButton(el));
    expect(sentBody(stub.calls[0])).to.include({ locale: 'fr-CA', resend: true });
    expect(control<HTMLSelectElement>(el, 'Language').value, 'the next invitation is likely in the same language').to.equal('fr-CA');
    expect(control(el, 'Send the invitation again if this person was already invited').checked).to.equal(false);
  });

  it('sends redirect-uri when it is set', async () => {
    const el = await renderInvite(`action="/api/invite" redirect-uri="https://app.example.com/welcome"`);
    await fillInvite(el);
    await click(el, submitButton(el));
    expect(sentBody(stub.calls[0]).redirect_uri).to.equal('https://app.example.com/welcome');
  });

  it('checks the form before sending: every error on its field, focus on the first', async () => {
    const el = await renderInvite();
    await fill(el, control(el, 'Email address'), 'not an email');
    await click(el, submitButton(el));
    expect(stub.calls).to.have.length(0);
    expect(errorOf(el, control(el, 'First name'))).to.equal('This field is required.');
    expect(errorOf(el, control(el, 'Last name'))).to.equal('This field is required.');
    expect(errorOf(el, control(el, 'Email address'))).to.equal('Email address is not formatted correctly');
    expect(focused(el)).to.equal(control(el, 'Email address'));
    await expect(el).to.be.accessible();
  });

  it('puts the service’s field errors on their fields and keeps every value', async () => {
    // What the server helper answers for an address that exists (contract section 8).
    stub.respond(() =>
      json(422, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: { emailAddress: ['An account with this identifier already exists.'] } }),
    );
    const el = await renderInvite();
    const events = recordEvents(el, ['nid-error']);
    await fillInvite(el);
    await click(el, submitButton(el));
    expect(errorOf(el, control(el, 'Email address'))).to.equal('An account with these details already exists.');
    expect(focused(el)).to.equal(control(el, 'Email address'));
    expect(control(el, 'First name').value).to.equal('Ada');
    expect(statusText(el)).to.not.contain('Invitation sent');
    expect((events[0] as CustomEvent).detail).to.deep.equal({
      code: 'invalid_form_fields',
      status: 422,
      fields: [{ name: 'emailAddress', code: 'already_exists' }],
    });
    await expect(el).to.be.accessible();
  });

  it('says so when the route does not authorize the administrator (403 access_denied)', async () => {
    stub.respond(() => json(403, { error: 'access_denied' }));
    const el = await renderInvite();
    await fillInvite(el);
    await click(el, submitButton(el));
    expect(alertText(el)).to.equal('You are not allowed to do this. Sign in again, then try again.');
    expect(control(el, 'Email address').value).to.equal('ada@example.com');
    await expect(el).to.be.accessible();
  });

  it('waits out a 429 (a resend inside the window) with a countdown, sending nothing meanwhile', async () => {
    stub.respond(() => json(429, { error: 'rate_limited' }, { 'Retry-After': '45' }));
    const el = await renderInvite();
    await fillInvite(el);
    await click(el, control(el, 'Send the invitation again if this person was already invited'));
    await click(el, submitButton(el));
    expect(query(el, '[part="countdown"]').textContent).to.equal('Try again in 45 seconds.');
    expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
    await click(el, submitButton(el));
    expect(stub.calls).to.have.length(1);
    expect(control(el, 'Send the invitation again if this person was already invited').checked).to.equal(true);
    await expect(el).to.be.accessible();
  });

  const failures: [string, () => Response | Promise<Response>, string][] = [
    ['503', () => json(503, { error: 'service_unavailable' }), 'We are unable to process your request right now. Please try again later.'],
    ['a proxy’s HTML 502', () => raw(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' }), 'We are unable to process your request right now. Please try again later.'],
    ['200 that is not the contract’s', () => json(200, { ok: true }), 'We are unable to process your request right now. Please try again later.'],
    ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), 'We are unable to process your request right now. Please try again later.'],
    ['the route’s own 400', () => json(400, { error: 'invalid_request', error_description: 'Missing or malformed parameter: locale.' }), 'Something went wrong. Please try again.'],
  ];
  for (const [name, answer, message] of failures) {
    it(`after ${name}: the message, every value kept, one request`, async () => {
      stub.respond(answer);
      const el = await renderInvite();
      await fillInvite(el);
      await click(el, submitButton(el));
      expect(alertText(el)).to.equal(message);
      expect(stub.calls).to.have.length(1);
      expect(control(el, 'First name').value).to.equal('Ada');
      expect(control(el, 'Email address').value).to.equal('ada@example.com');
      expect(statusText(el)).to.not.contain('Invitation sent');
    });
  }

  it('times out by request-timeout and is sent again only when the administrator asks', async () => {
    stub.respond(hang);
    const el = await renderInvite(`action="/api/invite" request-timeout="50"`);
    await fillInvite(el);
    await click(el, submitButton(el));
    await new Promise((resolve) => setTimeout(resolve, 120));
    await el.updateComplete;
    expect(alertText(el)).to.equal('We are unable to process your request right now. Please try again later.');
    expect(stub.calls).to.have.length(1);
    stub.respond(INVITED);
    await click(el, submitButton(el));
    expect(stub.calls).to.have.length(2);
    expect(statusText(el)).to.equal('Invitation sent to ada@example.com.');
  });
});
