import { buildJsonPatch, guardedJsonPatch, sameAtPointer } from '../../connectors/poweroffice-go/json-patch';
import { errorFromResponse, parseErrorBody, tokenErrorFromResponse } from '../../connectors/poweroffice-go/errors';
import { parsePowerOfficeTimestamp, toPowerOfficeTimestamp } from '../../connectors/poweroffice-go/timestamps';
import { powerOfficeConfigFromEnv } from '../../connectors/poweroffice-go/config';
import {
  AuthError,
  ConflictError,
  NotFoundError,
  RateLimitedError,
  TransientError,
  ValidationError,
} from '../../connectors/errors';

describe('buildJsonPatch', () => {
  const previous = {
    Name: 'Acme',
    PhoneNumber: null,
    MailAddress: { City: 'Oslo', ZipCode: '0150' },
    ContactGroupIds: [1],
  };

  test('sends only changed fields: replace for existing ones, add for new ones, nested paths for objects', () => {
    const patch = buildJsonPatch(
      {
        Name: 'Acme',
        PhoneNumber: '2222 6666',
        MailAddress: { City: 'Bergen', ZipCode: '0150' },
        WebsiteUrl: 'https://acme.no',
      },
      previous,
    );
    expect(patch).toEqual([
      { op: 'replace', path: '/PhoneNumber', value: '2222 6666' },
      { op: 'replace', path: '/MailAddress/City', value: 'Bergen' },
      { op: 'add', path: '/WebsiteUrl', value: 'https://acme.no' },
    ]);
  });

  test('a guarded patch first tests the value read at each path it replaces; an added member has nothing to test', () => {
    const patch = buildJsonPatch(
      { phoneNumber: '2222 6666', MailAddress: { City: 'Bergen' }, WebsiteUrl: 'x' },
      previous,
    );
    expect(guardedJsonPatch(patch, previous)).toEqual([
      { op: 'test', path: '/phoneNumber', value: null },
      { op: 'test', path: '/MailAddress/City', value: 'Oslo' },
      ...patch,
    ]);
    expect(guardedJsonPatch(patch, undefined)).toEqual(patch);
    expect(sameAtPointer(previous, '/mailaddress/city', 'Oslo')).toBe(true);
    expect(sameAtPointer(previous, '/Missing', null)).toBe(true);
    expect(sameAtPointer({ ...previous, Name: 'Other' }, '/Name', 'Acme')).toBe(false);
  });

  test('nothing changed gives an empty patch; arrays are replaced whole; previous keys match case-insensitively', () => {
    expect(buildJsonPatch({ name: 'Acme', ContactGroupIds: [1] }, previous)).toEqual([]);
    expect(buildJsonPatch({ ContactGroupIds: [1, 2] }, previous)).toEqual([
      { op: 'replace', path: '/ContactGroupIds', value: [1, 2] },
    ]);
  });

  test('without previous every change is sent as replace', () => {
    expect(buildJsonPatch({ Name: 'X' }, undefined)).toEqual([{ op: 'replace', path: '/Name', value: 'X' }]);
  });
});

describe('PowerOffice timestamps', () => {
  test('keeps whole ms for the cursor and the 100 ns fraction in the precise value', () => {
    const instant = parsePowerOfficeTimestamp('2021-09-30T08:03:00.1234567Z');
    expect(instant?.ms).toBe(Date.parse('2021-09-30T08:03:00.123Z'));
    expect(instant!.precise - instant!.ms).toBeCloseTo(0.4567, 3);
    expect(parsePowerOfficeTimestamp('2021-09-30T10:03:00+02:00')?.ms).toBe(Date.parse('2021-09-30T08:03:00Z'));
    expect(parsePowerOfficeTimestamp('yesterday')).toBeUndefined();
    expect(toPowerOfficeTimestamp(Date.parse('2021-09-30T08:03:00.123Z') + 0.9)).toBe('2021-09-30T08:03:00.123Z');
  });
});

describe('PowerOffice error bodies', () => {
  const context = { retryAfterHeader: null, request: 'POST /Customers', record: 'Customers/(new)' };

  test('ProblemDetails in either casing, with an errors map, becomes a ValidationError naming the field', () => {
    const body = JSON.stringify({
      Title: 'Customer validation error(s)',
      Detail: 'Invalid e-mail',
      Errors: { '$.EmailAddress': ['Not an e-mail address'] },
    });
    const error = errorFromResponse({ ...context, status: 400, bodyText: body });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('EmailAddress');
    expect(error.message).toContain('Customer validation error(s): Invalid e-mail');
    expect(error.message).toContain('EmailAddress: Not an e-mail address');
    expect(error.message).toContain('Customers/(new)');
    expect(parseErrorBody('{"title":"t","detail":"d"}')).toMatchObject({ title: 't', detail: 'd' });
  });

  test('status codes map to typed errors; 429 carries the wait from the APIM message', () => {
    expect(errorFromResponse({ ...context, status: 404, bodyText: '{"title":"Object(s) not found"}' })).toBeInstanceOf(
      NotFoundError,
    );
    expect(errorFromResponse({ ...context, status: 409, bodyText: '' })).toBeInstanceOf(ConflictError);
    expect(errorFromResponse({ ...context, status: 403, bodyText: '' })).toBeInstanceOf(AuthError);
    expect(errorFromResponse({ ...context, status: 503, bodyText: 'oops' })).toBeInstanceOf(TransientError);
    const limited = errorFromResponse({
      ...context,
      status: 429,
      bodyText: '{"statusCode":"429","message":"Rate limit is exceeded. Try again in 2 seconds."}',
    });
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(2000);
    const oauth = tokenErrorFromResponse({
      ...context,
      status: 400,
      bodyText: '{"error":"invalid_client","error_description":"Client integration not found."}',
    });
    expect(oauth).toBeInstanceOf(AuthError);
    expect(oauth.code).toBe('invalid_client');
    expect(oauth.message).toContain('Client integration not found.');
  });
});

describe('powerOfficeConfigFromEnv', () => {
  test('reads the keys with production defaults and names a missing variable', () => {
    const config = powerOfficeConfigFromEnv({
      POWEROFFICE_APPLICATION_KEY: 'a',
      POWEROFFICE_CLIENT_KEY: 'c',
      POWEROFFICE_SUBSCRIPTION_KEY: 's',
    });
    expect(config.baseUrl).toBe('https://goapi.poweroffice.net/v2');
    expect(config.tokenUrl).toBe('https://goapi.poweroffice.net/OAuth/Token');
    expect(config.requestsPerSecond).toBe(10);
    expect(() => powerOfficeConfigFromEnv({ POWEROFFICE_APPLICATION_KEY: 'a', POWEROFFICE_CLIENT_KEY: 'c' })).toThrow(
      /POWEROFFICE_SUBSCRIPTION_KEY/,
    );
    expect(
      powerOfficeConfigFromEnv({
        POWEROFFICE_APPLICATION_KEY: 'a',
        POWEROFFICE_CLIENT_KEY: 'c',
        POWEROFFICE_SUBSCRIPTION_KEY: 's',
        POWEROFFICE_REQUESTS_PER_SECOND: '4',
      }).requestsPerSecond,
    ).toBe(4);
  });
});
