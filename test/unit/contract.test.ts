import { expect } from '@open-wc/testing';
import {
  anyObject,
  changePasswordRequest,
  clientSettings,
  errorBody,
  forgotPasswordRequest,
  inviteRequest,
  preRegisterRequest,
  preRegisterResponse,
  registerRequest,
  registerResponse,
  resendVerificationRequest,
  tokenRequest,
  tokenResponse,
} from '../../src/api/contract.js';
import { registerOutcome } from '../../src/api/outcomes.js';

/** A schema's verdict, with zod's issues in the failure message. */
function ok(schema: { safeParse(value: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success, result.success ? '' : JSON.stringify((result.error as { issues?: unknown })?.issues)).to.equal(true);
}
function fails(schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) {
  expect(schema.safeParse(value).success, JSON.stringify(value)).to.equal(false);
}

// The examples of shared/design/journeys-api.md (version 2), and the vendor's answers.

const CLIENT_ID = 'c8462jyq9dnupu2q4j7sfjzvn6c87j92';

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
  password_required: true,
  terms_url: 'https://example.com/terms',
  privacy_url: 'https://example.com/privacy',
  consents: [{ id: 'terms', url: 'https://example.com/terms', field: 'acceptTerms' }, { id: 'marketing' }],
};

/** Section 3's example, with every profile field the elements render. */
const registerExample = () => ({
  client_id: CLIENT_ID,
  auth_type: 'email',
  redirect_uri: 'https://app.example.com/verified',
  locale: 'en-US',
  profile_fields: {
    emailAddress: 'john.smith@example.com',
    firstName: 'John',
    lastName: 'Smith',
    gender: 'male',
    companyName: 'Example Ltd',
    mobileNumber: '+447400123456',
    twoStepMobileNumber: '+447911123456',
    securityQuestions: [{ id: 'first_pet', answer: 'Rex' }],
    newPassword: 'what was typed',
    newPasswordConfirm: 'what was typed',
    acceptTerms: 'true',
  } as Record<string, unknown>,
});

const accountExample = () => ({
  client_id: CLIENT_ID,
  auth_type: 'email',
  user_id: 'john.smith@example.com',
  redirect_uri: 'https://app.example.com/verified',
  locale: 'en-US',
});

const preRegisterExample = () => ({
  profile_fields: {
    firstName: 'John',
    lastName: 'Smith',
    emailAddress: 'john.smith@example.com',
    resourceAccessB2b: 'true',
  },
  client_id: CLIENT_ID,
  locale: 'en-US',
  auth_type: 'email',
  grant_type: 'password',
  redirect_uri: 'https://app.example.com/activated',
  resend: false,
});

describe('api/contract (version 2)', () => {
  describe('the documented bodies and answers parse', () => {
    it('section 2: the service’s error shapes, error_details free-form or null', () => {
      ok(errorBody, { error: 'invalid_form_fields', error_description: 'some inputs are invalid', error_details: { emailAddress: ['Email address is not formatted correctly.'] } });
      ok(errorBody, { error: 'invalid_parameters', error_details: { 'newPassword, newPasswordConfirm': { unexpected_keys: 'Unexpected parameters found in the request.' } } });
      ok(errorBody, { error: 'http_exception', error_details: null, error_description: 'missing_argument Missing Parameter: redirect_uri' });
      ok(errorBody, { error: 'http_exception', error_description: 'Forbidden' });
    });

    it('settings (attributes, the settings property, settings-src)', () => {
      ok(clientSettings, settingsExample);
    });

    it('section 3: register, its three answers, and what each comes to', () => {
      ok(registerRequest, registerExample());
      const uuid = { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' };
      const already = { message: 'An email has been sent to the address on record' };
      const code = { authorization_code: 'ac-1' };
      for (const answer of [uuid, already, code]) ok(registerResponse, answer);
      expect(registerOutcome(uuid)).to.deep.equal({ status: 'verification_sent' });
      expect(registerOutcome(already)).to.deep.equal({ status: 'verification_sent' });
      expect(registerOutcome(code)).to.deep.equal({ status: 'signed_in', authorization_code: 'ac-1' });
      expect(registerOutcome({}), 'none of the documented answers').to.equal(undefined);
    });

    it('section 3: an sms client, the mobile number as the identifier, no password', () => {
      ok(registerRequest, { ...registerExample(), auth_type: 'sms', profile_fields: { mobileNumber: '+447400123456' } });
    });

    it('section 3: resend-verification, answered by any object', () => {
      ok(resendVerificationRequest, accountExample());
      ok(resendVerificationRequest, { ...accountExample(), auth_type: 'sms', user_id: '+447400123456' });
      ok(anyObject, {});
      ok(anyObject, { message: 'An email has been sent to the address on record.' });
    });

    it('sections 4 and 5: the token call, with a PIN or a link’s code', () => {
      const { locale: _locale, ...account } = accountExample();
      ok(tokenRequest, { ...account, grant_type: 'pin', code: '123456' });
      ok(tokenRequest, { ...account, grant_type: 'authorization_code', code: 'xkh5eth948e4ej' });
      ok(tokenResponse, { access_token: 'at', refresh_token: 'rt', id_token: 'x.y.z', token_type: 'Bearer', expires_in: 3600 });
      ok(tokenResponse, {});
    });

    it('section 5: forgot-password and change-password', () => {
      ok(forgotPasswordRequest, accountExample());
      ok(changePasswordRequest, { client_id: CLIENT_ID, password: 'new one', password_confirm: 'new one', locale: 'en-US' });
    });

    it('section 8: pre-register, its answer, and the invite form body', () => {
      ok(preRegisterRequest, preRegisterExample());
      const { resend: _resend, ...withoutResend } = preRegisterExample();
      ok(preRegisterRequest, withoutResend);
      ok(preRegisterResponse, { uuid: '69ed0122-f2d9-4c6e-a636-3670cab4f15f' });
      const { client_id: _id, grant_type: _g, ...invite } = preRegisterExample();
      ok(inviteRequest, invite);
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

    for (const key of ['client_id', 'auth_type', 'redirect_uri', 'locale', 'profile_fields']) {
      it(`register: rejects a body without ${key}`, () => {
        const body: Record<string, unknown> = registerExample();
        delete body[key];
        fails(registerRequest, body);
      });
    }

    it('register: rejects a bad auth_type, redirect_uri, email, empty password, a custom field that is not text', () => {
      fails(registerRequest, { ...registerExample(), auth_type: 'password' });
      fails(registerRequest, { ...registerExample(), redirect_uri: 'not a url' });
      fails(registerRequest, withProfile({ emailAddress: 'john.smith' }));
      fails(registerRequest, withProfile({ newPassword: '' }));
      fails(registerRequest, withProfile({ acceptTerms: true }));
      fails(registerRequest, withProfile({ securityQuestions: [{ id: 'first_pet', answer: '' }] }));
    });

    it('register answer: a key of the wrong type', () => {
      fails(registerResponse, { uuid: 42 });
      fails(registerResponse, { authorization_code: '' });
      fails(registerResponse, []);
    });

    it('account calls: user_id must be an email address or an E.164 number; the token call a known grant and a code', () => {
      fails(resendVerificationRequest, { ...accountExample(), user_id: 'john' });
      fails(resendVerificationRequest, { ...accountExample(), user_id: '07400123456' });
      fails(forgotPasswordRequest, { ...accountExample(), redirect_uri: undefined });
      fails(forgotPasswordRequest, { ...accountExample(), locale: '' });
      const { locale: _locale, ...account } = accountExample();
      fails(tokenRequest, { ...account, grant_type: 'password', code: '1' });
      fails(tokenRequest, { ...account, grant_type: 'pin', code: '' });
      fails(tokenResponse, { access_token: 42 });
      fails(changePasswordRequest, { client_id: CLIENT_ID, password: 'x', locale: 'en-US' });
      fails(anyObject, ['sent']);
      fails(anyObject, 'sent');
    });

    it('pre-register and invite: redirect_uri required, wrong grant_type, auth_type, resend, profile values', () => {
      fails(preRegisterRequest, { ...preRegisterExample(), redirect_uri: undefined });
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
      fails(clientSettings, { password_required: 'no' });
      fails(clientSettings, { consents: [{ url: 'https://example.com' }] });
    });

    it('error shape: needs a non-empty error string', () => {
      fails(errorBody, {});
      fails(errorBody, { error: '' });
      fails(errorBody, { error: 'x', error_details: ['a'] });
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
      const parsed = registerRequest.parse(withPassword(password));
      expect(parsed.profile_fields.newPassword).to.equal(password);
      expect(parsed.profile_fields.newPasswordConfirm).to.equal(password);
      expect(parsed.profile_fields.firstName).to.equal(' Jöhn ');
      const change = changePasswordRequest.parse({ client_id: 'c', password, password_confirm: password, locale: 'en-US' });
      expect([change.password, change.password_confirm]).to.deep.equal([password, password]);
    });

    it('the invite body drops keys the contract does not know (no credentials reach the backend through it)', () => {
      const { client_id: _id, grant_type: _g, ...invite } = preRegisterExample();
      const parsed = inviteRequest.parse({ ...invite, client_secret: 'x', authorization: 'Basic eA==' }) as Record<string, unknown>;
      expect(parsed).not.to.have.property('client_secret');
      expect(parsed).not.to.have.property('authorization');
    });
  });
});

function withPassword(password: string) {
  return { ...registerExample(), profile_fields: { firstName: ' Jöhn ', newPassword: password, newPasswordConfirm: password } };
}
