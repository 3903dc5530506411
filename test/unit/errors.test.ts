import { expect } from '@open-wc/testing';
import { DEFAULT_RETRY_AFTER_SECONDS, JourneyError, parseRetryAfter } from '../../src/api/errors.js';
import { errorFromFetchFailure, errorFromResponse as errorInitFromResponse } from '../../src/api/transport.js';

const errorFromResponse = (...args: Parameters<typeof errorInitFromResponse>) => new JourneyError(errorInitFromResponse(...args));

/** Thursday 15 January 2026, 12:00:00 UTC. */
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

describe('api/errors', () => {
  describe('parseRetryAfter', () => {
    const cases: [string | null | undefined, number | undefined][] = [
      // delay-seconds
      ['120', 120],
      ['0', 0],
      ['1', 1],
      [' 30 ', 30],
      ['007', 7],
      ['86400', 86400],
      // capped at a day
      ['86401', 86400],
      ['31536000', 86400],
      ['99999999999999999999999', 86400],
      // HTTP dates, relative to NOW
      ['Thu, 15 Jan 2026 12:01:30 GMT', 90],
      ['Thu, 15 Jan 2026 12:00:01 GMT', 1],
      ['Thu, 15 Jan 2026 12:00:00 GMT', 0],
      ['Thu, 15 Jan 2026 11:00:00 GMT', 0],
      ['Wed, 01 Jan 2020 00:00:00 GMT', 0],
      ['Fri, 16 Jan 2026 12:00:00 GMT', 86400],
      ['Fri, 01 Jan 2100 00:00:00 GMT', 86400],
      // the two obsolete HTTP-date forms, also GMT
      ['Thursday, 15-Jan-26 12:01:30 GMT', 90],
      ['Thu Jan 15 12:01:30 2026', 90],
      ['Thu Jan  5 12:00:00 2026', 0],
      // unreadable: only the three HTTP-date forms count, whatever Date.parse would make of them
      ['abc 1 12:00', undefined],
      ['Jan 12:00', undefined],
      ['Thu, 15 Jan 2026 12:01:30', undefined],
      ['Thu, 15 Jan 2026 12:01:30 PST', undefined],
      ['Thu, 32 Jan 2026 12:00:00 GMT', undefined],
      ['Thu, 15 Foo 2026 12:00:00 GMT', undefined],
      ['2026-01-15T12:01:30Z', undefined],
      ['1.5', undefined],
      ['-3', undefined],
      ['+3', undefined],
      ['1e3', undefined],
      ['0x10', undefined],
      ['soon', undefined],
      // digits only are delay-seconds (RFC 9110 10.2.3), never a year
      ['2026', 2026],
      ['2026-01-15', undefined],
      ['3 minutes', undefined],
      ['', undefined],
      ['   ', undefined],
      [null, undefined],
      [undefined, undefined],
    ];
    for (const [header, expected] of cases) {
      it(`${JSON.stringify(header) ?? 'undefined'} -> ${expected ?? 'undefined'}`, () => {
        expect(parseRetryAfter(header, NOW)).to.equal(expected);
      });
    }

    it('rounds a partial second up', () => {
      expect(parseRetryAfter('Thu, 15 Jan 2026 12:01:30 GMT', NOW + 500)).to.equal(90);
      expect(parseRetryAfter('Thu, 15 Jan 2026 12:01:30 GMT', NOW + 1)).to.equal(90);
    });

    it('uses the current time by default', () => {
      const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
      const seconds = parseRetryAfter(inTwoMinutes);
      expect(seconds).to.be.within(115, 120);
    });
  });

  describe('errorFromResponse (contract section 2)', () => {
    const body = (value: unknown) => JSON.stringify(value);

    it('reads 422 invalid_form_fields into field errors, the known messages as codes', () => {
      const error = errorFromResponse(
        422,
        body({
          error: 'invalid_form_fields',
          error_description: 'some inputs are invalid',
          error_details: {
            emailAddress: ['Email address is not formatted correctly.'],
            'newPassword, newPasswordConfirm': ['  PASSWORDS DO NOT MATCH '],
            firstName: ['First name is too long.', 'a second message'],
            message: 'Password is not formatted correctly.',
            ignored: { nested: 'not a message' },
          },
        }),
        null,
      );
      expect(error).to.be.instanceOf(JourneyError);
      expect(error).to.be.instanceOf(Error);
      expect(error.name).to.equal('JourneyError');
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(422);
      expect(error.code).to.equal('invalid_form_fields');
      expect(error.description).to.equal('some inputs are invalid');
      expect(error.fields).to.deep.equal([
        { name: 'emailAddress', code: 'invalid_format', message: 'Email address is not formatted correctly.' },
        { name: 'newPassword', code: 'mismatch', message: '  PASSWORDS DO NOT MATCH ' },
        { name: 'newPasswordConfirm', code: 'mismatch', message: '  PASSWORDS DO NOT MATCH ' },
        { name: 'firstName', code: 'service_message', message: 'First name is too long.' },
        { name: 'message', code: 'weak_password', message: 'Password is not formatted correctly.' },
      ]);
      expect(error.retryAfter).to.equal(undefined);
    });

    it('knows every message of the table, and the helper’s "already exists"', () => {
      const codeOf = (message: string) => errorFromResponse(422, body({ error: 'invalid_form_fields', error_details: { x: [message] } }), null).fields[0]!.code;
      expect(codeOf('Email address is not formatted correctly.')).to.equal('invalid_format');
      expect(codeOf('Email address is not formatted correctly')).to.equal('invalid_format');
      expect(codeOf('You are not able to register with this email address')).to.equal('not_allowed');
      expect(codeOf('Passwords do not match')).to.equal('mismatch');
      expect(codeOf('Password is not formatted correctly.')).to.equal('weak_password');
      expect(codeOf('Current password is incorrect. Please try again.')).to.equal('wrong_password');
      expect(codeOf('An account with this identifier already exists.')).to.equal('already_exists');
      expect(codeOf('Something new')).to.equal('service_message');
    });

    it('reads 422 invalid_parameters as invalid_request with the parameters and what is wrong, never a value', () => {
      const error = errorFromResponse(
        422,
        body({
          error: 'invalid_parameters',
          error_details: {
            client_id: { missing: 'required' },
            auth_type: 'field required',
            redirect_uri: { invalid: 'invalid value' },
            'newPassword, newPasswordConfirm': { unexpected_keys: 'Unexpected parameters found in the request.' },
            'bad name with spaces and a value: hunter2': { invalid: 'x' },
          },
        }),
        null,
      );
      expect(error.code).to.equal('invalid_request');
      expect(error.fields).to.deep.equal([]);
      expect(error.details).to.deep.equal({
        client_id: 'missing',
        auth_type: 'missing',
        redirect_uri: 'invalid',
        newPassword: 'unexpected',
        newPasswordConfirm: 'unexpected',
      });
    });

    it('treats a user message the service files under invalid_parameters (change-password) as a field error', () => {
      const error = errorFromResponse(422, body({ error: 'invalid_parameters', error_details: { message: 'Passwords do not match' } }), null);
      expect(error.code).to.equal('invalid_form_fields');
      expect(error.fields).to.deep.equal([{ name: 'message', code: 'mismatch', message: 'Passwords do not match' }]);
    });

    it('reads a missing parameter from the description when the details are null', () => {
      for (const error of ['missing_argument', 'http_exception']) {
        const parsed = errorFromResponse(422, body({ error, error_details: null, error_description: 'missing_argument Missing Parameter: redirect_uri' }), null);
        expect(parsed.code, error).to.equal('invalid_request');
        expect(parsed.details).to.deep.equal({ redirect_uri: 'missing' });
      }
    });

    it('keeps a 422 error of the service’s own (unverified_user)', () => {
      expect(errorFromResponse(422, body({ error: 'unverified_user' }), null).code).to.equal('unverified_user');
    });

    it('maps the other documented statuses', () => {
      expect(errorFromResponse(400, body({ error: 'http_exception', error_description: 'Invalid json format' }), null).code).to.equal('bad_request');
      const domain = errorFromResponse(400, body({ error: 'Invalid_domain', error_description: 'Invalid API usage' }), null);
      expect([domain.code, domain.details]).to.deep.equal(['invalid_request', { env_id: 'invalid' }]);
      expect(errorFromResponse(401, body({ error: 'http_exception', error_description: 'Unauthorized' }), null).code).to.equal('unauthorized');
      expect(errorFromResponse(403, body({ error: 'http_exception', error_description: 'Forbidden' }), null).code).to.equal('invalid_client');
      expect(errorFromResponse(403, body({ error: 'access_denied' }), null).code).to.equal('access_denied');
      expect(errorFromResponse(404, 'Not Found', null).code).to.equal('not_found');
    });

    it('gives every status its code whatever the body (HTML, garbage, the wrong shape)', () => {
      expect(errorFromResponse(429, '', null).code).to.equal('rate_limited');
      expect(errorFromResponse(503, '<html>down</html>', null).code).to.equal('service_unavailable');
      expect(errorFromResponse(502, '<html>Bad gateway</html>', null).code).to.equal('server_error');
      expect(errorFromResponse(500, '{"message":"boom"}', null).code).to.equal('server_error');
      expect(errorFromResponse(422, '<html>', null).code).to.equal('invalid_request');
      expect(errorFromResponse(418, '{"error":""}', null).code).to.equal('http_error');
      expect(errorFromResponse(400, 'null', null).code).to.equal('bad_request');
      expect(errorFromResponse(422, '{"error": 42}', null).code).to.equal('invalid_request');
    });

    it('gives a 429 a wait: the header, else the default; other statuses none', () => {
      expect(errorFromResponse(429, '', '12').retryAfter).to.equal(12);
      expect(errorFromResponse(429, '', null).retryAfter).to.equal(DEFAULT_RETRY_AFTER_SECONDS);
      expect(errorFromResponse(429, '', 'soon').retryAfter).to.equal(DEFAULT_RETRY_AFTER_SECONDS);
      expect(errorFromResponse(503, '', '12').retryAfter).to.equal(undefined);
      expect(DEFAULT_RETRY_AFTER_SECONDS).to.equal(30);
    });
  });

  describe('errorFromFetchFailure (transport)', () => {
    it('tells timeout, abort and network failure apart', () => {
      expect(errorFromFetchFailure(new TypeError('Failed to fetch'), false).kind).to.equal('network');
      expect(errorFromFetchFailure(new TypeError('Failed to fetch'), true).kind).to.equal('timeout');
      expect(errorFromFetchFailure(new DOMException('t', 'TimeoutError'), false).kind).to.equal('timeout');
      expect(errorFromFetchFailure(new DOMException('a', 'AbortError'), false).kind).to.equal('aborted');
      expect(errorFromFetchFailure('anything', false).code).to.equal('network_error');
      // The caller's own abort reason (a string, an Error) is still an abort, not a network failure.
      expect(errorFromFetchFailure('gone', false, true).kind).to.equal('aborted');
      expect(errorFromFetchFailure(new Error('removed'), false, true).kind).to.equal('aborted');
    });
  });
});
