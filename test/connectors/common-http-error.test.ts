import { describeHttpError, errorForStatus, httpError } from '../../connectors/common/http-error';
import {
  AuthError,
  ConflictError,
  ConnectorError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
} from '../../connectors/errors';

const system = { system: 'example', label: 'Example' };
const context = { bodyText: '', retryAfterHeader: null, request: 'PATCH /things/7' };

describe('describeHttpError', () => {
  test('names the system, the request, the status, the record and the API’s words', () => {
    const { message, details } = describeHttpError(
      system,
      { ...context, status: 400, record: 'things/7' },
      { apiMessage: 'Name: required', code: 'invalid', field: 'name' },
    );
    expect(message).toBe('Example PATCH /things/7 → 400: things/7: Name: required');
    expect(details).toEqual({ system: 'example', status: 400, code: 'invalid', record: 'things/7', field: 'name' });
  });

  test('says the status when the body said nothing, and leaves out the details it lacks', () => {
    const { message, details } = describeHttpError(system, { ...context, status: 502 }, { apiMessage: undefined });
    expect(message).toBe('Example PATCH /things/7 → 502: HTTP 502');
    expect(details).toEqual({ system: 'example', status: 502 });
  });
});

describe('errorForStatus', () => {
  const typeOf = (status: number): ConnectorError =>
    errorForStatus('m', { system: 'example', status }, { ...context, status });

  test.each([
    [401, AuthError],
    [403, AuthError],
    [404, NotFoundError],
    [409, ConflictError],
    [400, ValidationError],
    [422, ValidationError],
    [408, TransientError],
    [500, TransientError],
    [503, TransientError],
    [429, RateLimitedError],
  ])('%i becomes %p', (status, type) => {
    expect(typeOf(status)).toBeInstanceOf(type);
  });

  test('other statuses stay plain, non-retryable ConnectorErrors', () => {
    const error = typeOf(418);
    expect(error.constructor).toBe(ConnectorError);
    expect(error.retryable).toBe(false);
  });

  test('429 waits as the header or, failing that, the body asks; 5xx only as the header asks', () => {
    const fromHeader = errorForStatus('m', { system: 'example' }, { status: 429, bodyText: '', retryAfterHeader: '3' });
    expect(fromHeader).toBeInstanceOf(RateLimitedError);
    expect((fromHeader as RateLimitedError).retryAfterMs).toBe(3000);
    const fromBody = errorForStatus(
      'm',
      { system: 'example' },
      { status: 429, bodyText: 'Rate limit is exceeded. Try again in 2 seconds.', retryAfterHeader: null },
    );
    expect((fromBody as RateLimitedError).retryAfterMs).toBe(2000);
    const unavailable = errorForStatus(
      'm',
      { system: 'example' },
      { status: 503, bodyText: 'Try again in 2 seconds.', retryAfterHeader: null },
    );
    expect((unavailable as TransientError).retryAfterMs).toBeUndefined();
    const told = errorForStatus('m', { system: 'example' }, { status: 503, bodyText: '', retryAfterHeader: '4' });
    expect((told as TransientError).retryAfterMs).toBe(4000);
  });
});

test('httpError is describe and map in one', () => {
  const error = httpError(system, { ...context, status: 404, record: 'things/7' }, { apiMessage: 'gone' });
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error.message).toBe('Example PATCH /things/7 → 404: things/7: gone');
  expect(error.record).toBe('things/7');
  expect(error.system).toBe('example');
});
