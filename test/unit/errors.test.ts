import { expect } from '@open-wc/testing';
import { DEFAULT_RETRY_AFTER_SECONDS, JourneyError, parseRetryAfter, type JourneyErrorKind } from '../../src/api/errors.js';
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

  describe('errorFromResponse (transport)', () => {
    it('reads the contract error shape', () => {
      const body = JSON.stringify({
        error: 'validation_failed',
        error_description: 'One or more fields are invalid',
        fields: [{ name: 'emailAddress', code: 'invalid_format', message: 'Email address is not formatted correctly' }],
      });
      const error = errorFromResponse(400, body, null);
      expect(error).to.be.instanceOf(JourneyError);
      expect(error).to.be.instanceOf(Error);
      expect(error.name).to.equal('JourneyError');
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(400);
      expect(error.code).to.equal('validation_failed');
      expect(error.description).to.equal('One or more fields are invalid');
      expect(error.fields).to.deep.equal([
        { name: 'emailAddress', code: 'invalid_format', message: 'Email address is not formatted correctly' },
      ]);
      expect(error.retryAfter).to.equal(undefined);
      expect(error.retryable).to.equal(false);
    });

    it('falls back to a code from the status for bodies that are not the error shape', () => {
      expect(errorFromResponse(429, '', null).code).to.equal('rate_limited');
      expect(errorFromResponse(503, '<html>down</html>', null).code).to.equal('service_unavailable');
      expect(errorFromResponse(502, '<html>Bad gateway</html>', null).code).to.equal('server_error');
      expect(errorFromResponse(500, '{"message":"boom"}', null).code).to.equal('server_error');
      expect(errorFromResponse(404, 'Not Found', null).code).to.equal('http_error');
      expect(errorFromResponse(400, '{"error":""}', null).code).to.equal('http_error');
      expect(errorFromResponse(400, 'null', null).code).to.equal('http_error');
      expect(errorFromResponse(400, '{"error": 42}', null).code).to.equal('http_error');
    });

    it('gives a 429 a wait: the header, else the default', () => {
      expect(errorFromResponse(429, '', '12').retryAfter).to.equal(12);
      expect(errorFromResponse(429, '', null).retryAfter).to.equal(DEFAULT_RETRY_AFTER_SECONDS);
      expect(errorFromResponse(429, '', 'soon').retryAfter).to.equal(DEFAULT_RETRY_AFTER_SECONDS);
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

  describe('JourneyError.retryable', () => {
    const cases: [JourneyErrorKind, number | undefined, boolean][] = [
      ['timeout', undefined, true],
      ['network', undefined, true],
      ['malformed', 200, true],
      ['http', 500, true],
      ['http', 502, true],
      ['http', 503, true],
      ['http', 400, false],
      ['http', 404, false],
      ['http', 409, false],
      ['http', 429, false],
      ['config', undefined, false],
      ['aborted', undefined, false],
    ];
    for (const [kind, status, expected] of cases) {
      it(`${kind}${status ? ` ${status}` : ''} -> ${expected}`, () => {
        expect(new JourneyError({ kind, code: 'x', ...(status ? { status } : {}) }).retryable).to.equal(expected);
      });
    }
  });
});
