/**
 * The API shell under `/api/v2`: HTTP Basic with the API key (empty password), the per-site rate limit,
 * form and query parsing, idempotent POSTs, and errors in Chargebee's shape. Resource routes register
 * plain handlers through `ApiRouter` and never see fastify.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WindowRateLimiter } from '../common/rate-limiter';
import {
  authenticationFailed,
  ChargebeeApiError,
  internalError,
  invalidRequest,
  methodNotSupported,
  rateLimited,
} from './api-error';
import { parseForm, queryOf, type FormTree } from './form';
import { fingerprintOf, IDEMPOTENCY_HEADER, IdempotencyStore, REPLAYED_HEADER } from './idempotency';
import type { SiteConfig } from './site';

export const API_PATH = '/api/v2';

export interface ApiRequest {
  params: FormTree;
  /** The `{id}` path segment, '' on routes without one. */
  id: string;
}
export type ApiHandler = (request: ApiRequest) => unknown;

export interface ApiRouter {
  get(path: string, handler: ApiHandler): void;
  post(path: string, handler: ApiHandler): void;
}

export function sendError(reply: FastifyReply, error: ChargebeeApiError): FastifyReply {
  return reply.code(error.status).header('content-type', 'application/json; charset=utf-8').send(error.body());
}

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? decoded : decoded.slice(0, colon);
}

function idOf(request: FastifyRequest): string {
  const params = request.params as Record<string, unknown> | undefined;
  const id = params?.id;
  return typeof id === 'string' ? id : '';
}

export function installApi(
  app: FastifyInstance,
  site: SiteConfig,
  limiter: () => WindowRateLimiter,
  idempotency: IdempotencyStore,
): ApiRouter {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(API_PATH)) return undefined;
    if (apiKeyOf(request) !== site.apiKey) return sendError(reply, authenticationFailed());
    const waitMs = limiter().take(site.site);
    if (waitMs > 0)
      return sendError(reply.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000)))), rateLimited());
    return undefined;
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ChargebeeApiError) return sendError(reply, error);
    const status =
      typeof (error as { statusCode?: unknown }).statusCode === 'number'
        ? (error as { statusCode: number }).statusCode
        : 500;
    if (status >= 400 && status < 500)
      return sendError(reply, invalidRequest(`The request could not be read: ${(error as Error).message}`));
    return sendError(reply, internalError());
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new ChargebeeApiError(
        404,
        'resource_not_found',
        `Sorry, we couldn't find that resource: ${request.method} ${request.url.split('?')[0] ?? ''} is not an API endpoint.`,
        undefined,
        'invalid_request',
      ),
    ),
  );

  app.route({
    method: ['PUT', 'PATCH', 'DELETE'],
    url: `${API_PATH}/*`,
    handler: async (request, reply) => sendError(reply, methodNotSupported(request.method)),
  });

  return {
    get(path, handler) {
      app.get(API_PATH + path, async (request) =>
        handler({ params: parseForm(queryOf(request.raw.url ?? '')), id: idOf(request) }),
      );
    },
    post(path, handler) {
      app.post(API_PATH + path, async (request, reply) => {
        const body = request.body === undefined || request.body === null ? '' : request.body;
        if (typeof body !== 'string')
          throw invalidRequest('Send parameters form-encoded (application/x-www-form-urlencoded).');
        const key = request.headers[IDEMPOTENCY_HEADER];
        const run = () => handler({ params: parseForm(body), id: idOf(request) });
        if (typeof key !== 'string' || key === '') return run();
        const fingerprint = fingerprintOf(request.url.split('?')[0] ?? '', body);
        const stored = idempotency.replay(key, fingerprint);
        if (stored !== undefined) {
          reply.header(REPLAYED_HEADER, 'true');
          return stored;
        }
        const answer = run();
        idempotency.remember(key, fingerprint, answer);
        return answer;
      });
    },
  };
}
