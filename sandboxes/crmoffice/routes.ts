/**
 * The HTTP face of the CRMOffice sandbox: the OAuth server under its own prefix (the real one is on another
 * host), and the API with its resources directly under the root, as the public connector calls them
 * (`companies`, `users`; `contacts` by the same pattern).
 *
 * API routes (GUESSES beyond `GET /companies` and `GET /users`, README.md):
 *   GET /companies | /contacts          list: `{ items, totalCount }`, paged per the `paging` option
 *   POST /companies | /contacts         create: 201 with the record and a Location header
 *   GET|PUT|PATCH|DELETE /<resource>/<id>
 *   GET /users                          a bare array of users
 * Every API call needs `Authorization: Bearer <access token>` (401 with `WWW-Authenticate` otherwise) and counts
 * against the user's rate limit (429 with `Retry-After` beyond it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WindowRateLimiter } from '../common/rate-limiter';
import type { SandboxStore } from '../common/store';
import { authorize, token, verifyAccessToken, type OAuthServerSettings } from './oauth';
import type { CrmOfficeSandboxConfig } from './options';
import { CrmOfficeProblem, notFound, validationProblem } from './problems';
import {
  countRecords,
  createRecord,
  deleteRecord,
  isCrmOfficeResource,
  listRecords,
  patchRecord,
  replaceRecord,
  requireRecord,
  type CrmOfficeResource,
} from './repository';

export interface RouteOptions {
  store: SandboxStore;
  config: CrmOfficeSandboxConfig;
  oauth: OAuthServerSettings;
  /** Read per request: the fault configuration may replace it at run time. */
  limiter: () => WindowRateLimiter;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  if (answer.body === undefined) return reply.send();
  return reply.header('content-type', JSON_TYPE).send(JSON.stringify(answer.body));
}

export function sendProblem(reply: FastifyReply, problem: CrmOfficeProblem, instance: string): FastifyReply {
  return reply
    .code(problem.status)
    .header('content-type', PROBLEM_TYPE)
    .send(JSON.stringify(problem.body(instance)));
}

/** A query value as ASP.NET binds an int: absent → undefined, not a whole number → a 400 naming it. */
function intParameter(search: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = search.get(name);
  if (raw === null || raw === '') return undefined;
  const field = name.charAt(0).toUpperCase() + name.slice(1);
  if (!/^\d+$/.test(raw)) throw validationProblem({ [field]: [`The value '${raw}' is not valid for ${field}.`] });
  const value = Number(raw);
  if (value < min || value > max) {
    throw validationProblem({ [field]: [`The field ${field} must be between ${min} and ${max}.`] });
  }
  return value;
}

/** Which slice of the list the query asks for, per the sandbox's paging style. */
function listSlice(
  config: CrmOfficeSandboxConfig,
  search: URLSearchParams,
): { offset: number; limit: number | undefined } {
  const max = config.maxPageSize;
  if (config.paging === 'skipTake') {
    const offset = intParameter(search, 'skip', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    // A skip without a take reads to the end (SQLite's LIMIT -1).
    return { offset, limit: intParameter(search, 'take', 1, max) ?? (offset > 0 ? -1 : undefined) };
  }
  if (config.paging === 'pageNumber') {
    const page = intParameter(search, 'page', 1, Number.MAX_SAFE_INTEGER);
    const size = intParameter(search, 'pageSize', 1, max);
    if (size === undefined) return { offset: 0, limit: undefined };
    return { offset: ((page ?? 1) - 1) * size, limit: size };
  }
  return { offset: 0, limit: undefined };
}

function dispatchApi(
  options: RouteOptions,
  method: string,
  segments: string[],
  search: URLSearchParams,
  body: unknown,
): Answer | undefined {
  const { store, config } = options;
  const [first, id, ...rest] = segments;
  if (rest.length > 0 || first === undefined) return undefined;
  if (first === 'users' && id === undefined && method === 'GET') {
    return { status: 200, body: [{ id: options.oauth.user.id, userName: options.oauth.user.userName }] };
  }
  if (!isCrmOfficeResource(first)) return undefined;
  const resource: CrmOfficeResource = first;
  if (id === undefined) {
    if (method === 'GET') {
      const items = listRecords(store, resource, listSlice(config, search));
      return { status: 200, body: { items, totalCount: countRecords(store, resource) } };
    }
    if (method === 'POST') {
      const created = createRecord(store, resource, body, config.idStyle);
      return { status: 201, body: created, headers: { location: `/${resource}/${String(created.id)}` } };
    }
    return { status: 405, headers: { allow: 'GET, POST' } };
  }
  if (method === 'GET') return { status: 200, body: requireRecord(store, resource, id) };
  if (method === 'PUT') return { status: 200, body: replaceRecord(store, resource, id, body, config.idStyle) };
  if (method === 'PATCH') {
    if (!config.patchSupported) return { status: 405, headers: { allow: 'GET, PUT, DELETE' } };
    return { status: 200, body: patchRecord(store, resource, id, body, config.idStyle) };
  }
  if (method === 'DELETE') {
    deleteRecord(store, resource, id);
    return { status: 204 };
  }
  return { status: 405, headers: { allow: `GET, PUT, ${config.patchSupported ? 'PATCH, ' : ''}DELETE` } };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function registerCrmOfficeRoutes(app: FastifyInstance, options: RouteOptions): void {
  const { store, config } = options;
  const prefix = config.authPathPrefix;

  const parseJson = (
    _request: FastifyRequest,
    body: string | Buffer,
    done: (error: Error | null, value?: unknown) => void,
  ): void => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 }));
    }
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    /^(application\/json|application\/[\w.-]+\+json|text\/json)\b/i,
    { parseAs: 'string' },
    parseJson,
  );
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    const problem =
      status === 400
        ? validationProblem({ $: [error.message ?? 'The request is invalid.'] })
        : new CrmOfficeProblem(
            status,
            status === 500 ? 'An error occurred while processing your request.' : 'Bad Request',
          );
    void sendProblem(reply, problem, request.url.split('?')[0] ?? '');
  });

  app.get(`${prefix}/connect/authorize`, async (request, reply) => {
    const url = new URL(request.url, 'http://sandbox');
    const answer = authorize(store, options.oauth, url.searchParams);
    if (answer.kind === 'redirect') return reply.code(302).header('location', answer.location).send();
    return reply
      .code(answer.status)
      .header('content-type', 'text/html; charset=utf-8')
      .send(`<!doctype html><title>CRMOffice sandbox</title><h1>Error</h1><p>${escapeHtml(answer.message)}</p>`);
  });

  app.post(`${prefix}/connect/token`, async (request, reply) => {
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
    const answer = token(store, options.oauth, header(request, 'authorization'), form);
    return send(reply, { ...answer, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
  });

  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const url = new URL(request.url, 'http://sandbox');
      const bearer = /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
      if (bearer === undefined) return send(reply, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
      const verified = verifyAccessToken(store, bearer, options.oauth.issuer);
      if (!verified.ok) {
        const challenge = `Bearer error="invalid_token", error_description="${verified.reason}"`;
        return send(reply, { status: 401, headers: { 'www-authenticate': challenge } });
      }
      if (!verified.claims.scope.split(' ').includes('crmoffice')) {
        return send(reply, { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope"' } });
      }
      const waitMs = options.limiter().take(verified.claims.sub);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        const problem = new CrmOfficeProblem(
          429,
          'Too Many Requests',
          `Rate limit exceeded. Retry after ${seconds} seconds.`,
        );
        return sendProblem(reply.header('retry-after', String(seconds)), problem, url.pathname);
      }
      try {
        const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        const answer = dispatchApi(options, request.method, segments, url.searchParams, request.body);
        if (!answer) throw notFound('Route', `${request.method} ${url.pathname}`);
        return send(reply, answer);
      } catch (error) {
        if (error instanceof CrmOfficeProblem) return sendProblem(reply, error, url.pathname);
        throw error;
      }
    },
  });
}
