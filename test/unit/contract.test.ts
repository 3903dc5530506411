import { expect } from '@open-wc/testing';
import {
  acceptedResponse,
  activateRequest,
  activateResponse,
  clientSettings,
  errorBody,
  forgotPasswordRequest,
  inviteRequest,
  preRegisterRequest,
  preRegisterResponse,
  registerRequest,
  registerResponse,
  resendActivationRequest,
  resetPasswordRequest,
  resetPasswordResponse,
} from '../../src/api/contract.js';

/** A schema's verdict, with zod's issues in the failure message. */
function ok(schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success, result.success ? '' : JSON.stringify((result.error as { issues?: unknown })?.issues)).to.equal(true);
}
function fails(schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) {
  expect(schema.safeParse(value).success, JSON.stringify(value)).to.equal(false);
}

// The examples of shared/design/journeys-api.md, verbatim.

const settingsExample = {
  default_locale: 'en-US',
  supported_locales: ['en-US', 'fr-FR', 'de-DE'],
  auth_type: 'email',
  mobile_query_default_flag: true,
  mobile_default_country: 'GB',
  mobile_flag_countries: ['GB', 'US', 'FR', 'DE'],
  register_fields: [
    { name: 'firstName', required: true },
    { name: 'lastName', required: true },
    { name: 'gender', required: false },
    { name: 'companyName', required: false },
    { name: 'mobileNumber', required: false },
    { name: 'twoStepMobileNumber', required: false },
    { name: 'securityQuestions', required: true, count: 2 },
  ],
  security_questions: [{ id: 'first_pet', label: { 'en-US': 'What was the name of your first pet?' } }],
  password_policy: { min_length: 8, max_length: 128 },
  terms_url: 'https://example.com/terms',
  privacy_url: 'https://example.com/privacy',
};

const registerExample = () => ({
  client_id: 'c8462jyq9dnupu2q4j7sfjzvn6c87j92',
  redirect_uri: 'https://app.example.com/callback',
  response_type: 'code',
  scope: 'openid',
  state: 'SWMsxiZSaa',
  ui_locales: 'en-US',
  profile_fields: {
    emailAddress: 'john.smith@example.com',
    firstName: 'John',
    lastName: 'Smith',
    gender: 'male',
    companyName: 'Example Ltd',
    mobileNumber: '+447400123456',
    twoStepMobileNumber: '+447911123456',
    securityQuestions: [{ id: 'first_pet', answer: 'Rex' }],
  },
  password: 'the password exactly as typed',
  consents: { terms: true, privacy: true },
});

const preRegisterExample = () => ({
  profile_fields: {
    firstName: 'John',
    lastName: 'Smith',
    emailAddress: 'john.smith@example.com',
    resourceAccessB2b: 'true',
  },
  client_id: 'c8462jyq9dnupu2q4j7sfjzvn6c87j92',
  locale: 'en-US',
  auth_type: 'email',
  grant_type: 'password',
  redirect_uri: 'https://app.example.com/activated',
  resend: false,
});

describe('api/contract', () => {
  describe('the examples of the contract parse', () => {
    it('section 1: the error shape', () => {
      ok(errorBody, {
        error: 'validation_failed',
        error_description: 'Human-readable text (English, informative only)',
        fields: [{ name: 'emailAddress', code: 'invalid_format', message: '...' }],
      });
      ok(errorBody, { error: 'rate_limited' });
    });

    it('section 3: client settings', () => {
      ok(clientSettings, settingsExample);
      ok(clientSettings, {});
    });

    it('4.1: register request and response', () => {
      ok(registerRequest, registerExample());
      ok(registerResponse, { status: 'activation_pending', delivery: 'email' });
      ok(registerResponse, { status: 'activation_pending', delivery: 'sms' });
    });

    it('4.1: auth_type sms, mobile number as the identifier and no email', () => {
      const body = registerExample();
      const { emailAddress: _, ...profile } = body.profile_fields;
      ok(registerRequest, { ...body, profile_fields: profile });
    });

    it('4.2: activate requests and responses', () => {
      ok(activateRequest, { client_id: 'c8462jyq9dnupu2q4j7sfjzvn6c87j92', token: 'tok' });
      ok(activateRequest, {
        client_id: 'c8462jyq9dnupu2q4j7sfjzvn6c87j92',
        token: 'tok',
        profile_fields: { firstName: 'John' },
        password: 'pw',
        consents: { terms: true },
      });
      ok(activateResponse, { status: 'activated', redirect_uri: 'https://app.example.com/home?code=...&state=...' });
      ok(activateResponse, { status: 'activated' });
      ok(activateResponse, {
        status: 'completion_required',
        profile: { firstName: 'John' },
        fields: [
          { name: 'password', required: true },
          { name: 'mobileNumber', required: false },
        ],
        consents: [{ id: 'terms', url: 'https://example.com/terms', required: true }],
      });
    });

    it('4.2: resend activation', () => {
      ok(resendActivationRequest, { client_id: 'c', emailAddress: 'john.smith@example.com', locale: 'en-US' });
      ok(resendActivationRequest, { client_id: 'c', mobileNumber: '+447400123456', locale: 'en-US' });
      ok(acceptedResponse, {});
    });

    it('4.3: forgot and reset password', () => {
      const { profile_fields: _p, password: _pw, consents: _c, ...oauth } = registerExample();
      ok(forgotPasswordRequest, { ...oauth, emailAddress: 'john.smith@example.com' });
      ok(forgotPasswordRequest, { ...oauth, mobileNumber: '+447400123456' });
      ok(acceptedResponse, { status: 'sent' });
      ok(resetPasswordRequest, { client_id: 'c', token: 't', password: 'new password' });
      ok(resetPasswordResponse, { status: 'password_reset', redirect_uri: 'https://app.example.com/' });
      ok(resetPasswordResponse, { status: 'password_reset' });
    });

    it('4.4: pre-register, its answer, and the invite form body', () => {
      ok(preRegisterRequest, preRegisterExample());
      ok(preRegisterResponse, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' });
      const { client_id: _id, grant_type: _g, ...invite } = preRegisterExample();
      ok(inviteRequest, invite);
      ok(inviteRequest, { ...invite, resend: true, redirect_uri: undefined });
    });
  });

  describe('invalid bodies fail', () => {
    const withProfile = (fields: Record<string, unknown>) => {
      const body = registerExample();
      return { ...body, profile_fields: { ...body.profile_fields, ...fields } };
    };

    for (const number of ['07400123456', '447400123456', '+0447400123456', '+44 7400 123456', '+44-7400-123456', '+4474001234567890', '+1', '', '+44740012345a']) {
      it(`rejects mobile number ${JSON.stringify(number)} (not E.164)`, () => {
        fails(registerRequest, withProfile({ mobileNumber: number }));
        fails(registerRequest, withProfile({ twoStepMobileNumber: number }));
      });
    }

    it('accepts E.164 bounds', () => {
      ok(registerRequest, withProfile({ mobileNumber: '+12' }));
      ok(registerRequest, withProfile({ mobileNumber: '+123456789012345' }));
    });

    for (const gender of ['Male', 'MALE', 'other', 'nonbinary', '', 'non-binary']) {
      it(`rejects gender ${JSON.stringify(gender)}`, () => {
        fails(registerRequest, withProfile({ gender }));
      });
    }

    it('accepts the four genders', () => {
      for (const gender of ['female', 'male', 'non_binary', 'prefer_not_to_say']) ok(registerRequest, withProfile({ gender }));
    });

    for (const key of ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'profile_fields', 'password']) {
      it(`register: rejects a body without ${key}`, () => {
        const body: Record<string, unknown> = registerExample();
        delete body[key];
        fails(registerRequest, body);
      });
    }

    it('register: rejects empty state, a response_type other than code, a bad email, an empty password', () => {
      fails(registerRequest, { ...registerExample(), state: '' });
      fails(registerRequest, { ...registerExample(), response_type: 'token' });
      fails(registerRequest, { ...registerExample(), redirect_uri: 'not a url' });
      fails(registerRequest, { ...registerExample(), prompt: 'select_account' });
      fails(registerRequest, { ...registerExample(), code_challenge_method: 'S512' });
      fails(registerRequest, withProfile({ emailAddress: 'john.smith' }));
      fails(registerRequest, { ...registerExample(), password: '' });
      fails(registerRequest, { ...registerExample(), consents: { terms: 'yes' } });
      fails(registerRequest, withProfile({ securityQuestions: [{ id: 'first_pet', answer: '' }] }));
    });

    it('register response: wrong status or delivery', () => {
      fails(registerResponse, {});
      fails(registerResponse, { status: 'activated', delivery: 'email' });
      fails(registerResponse, { status: 'activation_pending', delivery: 'post' });
    });

    it('resend activation: exactly one identifier', () => {
      fails(resendActivationRequest, { client_id: 'c', locale: 'en-US' });
      fails(resendActivationRequest, { client_id: 'c', emailAddress: 'a@example.com', mobileNumber: '+447400123456' });
      fails(resendActivationRequest, { client_id: 'c', mobileNumber: '07400123456' });
      fails(resendActivationRequest, { emailAddress: 'a@example.com' });
    });

    it('forgot password: exactly one identifier', () => {
      const { profile_fields: _p, password: _pw, consents: _c, ...oauth } = registerExample();
      fails(forgotPasswordRequest, oauth);
      fails(forgotPasswordRequest, { ...oauth, emailAddress: 'a@example.com', mobileNumber: '+447400123456' });
      const { state: _s, ...withoutState } = oauth;
      fails(forgotPasswordRequest, { ...withoutState, emailAddress: 'a@example.com' });
    });

    it('activate response: unknown status, completion without fields', () => {
      fails(activateResponse, { status: 'done' });
      fails(activateResponse, { status: 'completion_required' });
      fails(activateResponse, {});
    });

    it('pre-register and invite: wrong grant_type, auth_type, resend, profile values', () => {
      fails(preRegisterRequest, { ...preRegisterExample(), grant_type: 'client_credentials' });
      fails(preRegisterRequest, { ...preRegisterExample(), auth_type: 'password' });
      fails(preRegisterRequest, { ...preRegisterExample(), resend: 'false' });
      fails(preRegisterRequest, { ...preRegisterExample(), profile_fields: { resourceAccessB2b: true } });
      const { client_id: _id, grant_type: _g, ...invite } = preRegisterExample();
      fails(inviteRequest, { ...invite, resend: undefined });
      fails(inviteRequest, { ...invite, locale: '' });
      fails(preRegisterResponse, {});
      fails(preRegisterResponse, { uuid: '' });
    });

    it('settings: wrong types', () => {
      fails(clientSettings, { auth_type: 'password' });
      fails(clientSettings, { mobile_flag_countries: 'GB US' });
      fails(clientSettings, { mobile_query_default_flag: 'true' });
      fails(clientSettings, { register_fields: [{ name: '' }] });
      fails(clientSettings, { register_fields: [{ name: 'securityQuestions', count: 0 }] });
      fails(clientSettings, { password_policy: { min_length: 7.5 } });
    });

    it('error shape: needs a non-empty error string', () => {
      fails(errorBody, {});
      fails(errorBody, { error: '' });
      fails(errorBody, { error: 'x', fields: [{ name: 'a' }] });
    });
  });

  describe('what passes through unchanged', () => {
    it('registerRequest keeps an extra top-level key (a captcha token from nid-submit)', () => {
      const parsed = registerRequest.parse({ ...registerExample(), captcha: 'tok-123', 'cf-turnstile-response': { a: 1 } });
      expect(parsed.captcha).to.equal('tok-123');
      expect(parsed['cf-turnstile-response']).to.deep.equal({ a: 1 });
    });

    it('passwords and names are neither trimmed nor normalised', () => {
      const password = '  pass word \u{1F511} e\u0301 \t';
      const parsed = registerRequest.parse({ ...registerExample(), password, profile_fields: { firstName: ' Jöhn ' } });
      expect(parsed.password).to.equal(password);
      expect(parsed.password.length).to.equal(password.length);
      expect(parsed.profile_fields.firstName).to.equal(' Jöhn ');
      expect(resetPasswordRequest.parse({ client_id: 'c', token: 't', password }).password).to.equal(password);
    });

    it('the invite body drops keys the contract does not know (no credentials reach the backend through it)', () => {
      const { client_id: _id, grant_type: _g, ...invite } = preRegisterExample();
      const parsed = inviteRequest.parse({ ...invite, client_secret: 'x', authorization: 'Basic eA==' }) as Record<string, unknown>;
      expect(parsed).not.to.have.property('client_secret');
      expect(parsed).not.to.have.property('authorization');
    });
  });
});
