/**
 * The autocomplete tokens password managers and phones read (issue #15 item
 * 6): the user's own email address or mobile number is their `username`
 * (the input type still says email or tel), new passwords are
 * `new-password`, a step that asks only for a password carries a hidden
 * username, one-time codes are `one-time-code`; an administrator's invite
 * form names someone else, so its fields are plain `email` and `tel-national`.
 * A mobile number that is no username is `tel-national` (issue #16): the
 * country is the picker's, beside it (`tel` once the number carries its own).
 */
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import '../../src/index.js';
import { json, stubFetch, type FetchStub } from '../helpers/fetch-stub.js';
import { ACCOUNT, renderJourney } from '../helpers/render.js';
import { phoneReady, root } from '../helpers/user.js';

/** `name: type/autocomplete` of every input, in order, hidden ones marked. */
const tokens = (el: LitElement) =>
  [...root(el).querySelectorAll('input')].map((input) => `${input.name}${input.hidden ? ' (hidden)' : ''}: ${input.type}/${input.getAttribute('autocomplete')}`);

describe('autocomplete tokens', () => {
  let stub: FetchStub;
  beforeEach(() => {
    stub = stubFetch(() => json(200, {}));
  });
  afterEach(() => stub.restore());

  it('<nid-register>: the identifier is the username, the passwords are new', async () => {
    const email = await renderJourney<LitElement>('nid-register', `${ACCOUNT} fields="firstName mobileNumber"`);
    await phoneReady(email);
    expect(tokens(email)).to.deep.equal([
      'emailAddress: email/username',
      'firstName: text/given-name',
      'mobileNumber: tel/tel-national',
      'newPassword: password/new-password',
      'newPasswordConfirm: password/new-password',
    ]);
    const sms = await renderJourney<LitElement>('nid-register', `${ACCOUNT} auth-type="sms" mobile-default-country="GB"`);
    await phoneReady(sms);
    expect(tokens(sms)[0]).to.equal('mobileNumber: tel/username');
  });

  it('<nid-activate>: the username and the one-time code', async () => {
    const el = await renderJourney<LitElement>('nid-activate', ACCOUNT);
    expect(tokens(el)).to.deep.equal(['emailAddress: email/username', 'code: text/one-time-code']);
  });

  it('<nid-forgot-password>: the username in step 1, a hidden username beside the new passwords in step 2', async () => {
    const step1 = await renderJourney<LitElement>('nid-forgot-password', ACCOUNT);
    expect(tokens(step1)).to.deep.equal(['emailAddress: email/username']);
    const step2 = await renderJourney<LitElement & { code: string }>('nid-forgot-password', `${ACCOUNT} user-id="ada@example.com"`);
    step2.code = 'link-code';
    await step2.updateComplete;
    expect(tokens(step2)).to.deep.equal([
      'username (hidden): text/username',
      'password: password/new-password',
      'password_confirm: password/new-password',
    ]);
    expect(root(step2).querySelector<HTMLInputElement>('input[name="username"]')!.value).to.equal('ada@example.com');
  });

  it('<nid-invite-form>: someone else’s address and number, never a username', async () => {
    const el = await renderJourney<LitElement>('nid-invite-form', 'action="/api/invite" fields="firstName mobileNumber"');
    await phoneReady(el);
    const seen = tokens(el);
    expect(seen).to.include('emailAddress: email/email');
    expect(seen).to.include('mobileNumber: tel/tel-national');
    expect(seen.join()).to.not.contain('username');
  });
});
