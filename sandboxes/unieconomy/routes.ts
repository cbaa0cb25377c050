/**
 * The HTTP face of the sandbox. One server plays both hosts of the real platform: the identity server
 * (`/.well-known/openid-configuration`, `/connect/token`) and the AppFramework API (`/api/init/companies`,
 * `/api/biz/customers`, `/api/biz/departments`). Paths match without regard to case, as ASP.NET routes do, so
 * one catch-all route dispatches them.
 *
 * Every API call needs `Authorization: Bearer <token>` (else 401 with ASP.NET's "Authorization has been denied
 * for this request."), and every `/api/biz` call the company's `CompanyKey` header. GUESS: a missing or unknown
 * CompanyKey is 403 (the guides say only that the header is required).
 *
 * Rate limit (GUESS: no source documents one): a fixed one-minute window per client, counted after
 * authentication; over it, 429 with `Retry-After` in seconds and a `{Message}` body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Company } from '../../generated/unieconomy';
import type { WindowRateLimiter } from '../common/rate-limiter';
import type { SandboxStore } from '../common/store';
import { AUTHORIZATION_DENIED, badRequest, noRoute, UniApiError } from './api-error';
import { bearerClient, discoveryDocument, issueToken, type IdentitySettings } from './identity';
import { compareRecords, parseExpand, parseListQuery, parseSelect, project, queryParameters } from './query';
import {
  CATALOGUES,
  createCustomer,
  createDepartment,
  deleteCustomer,
  deleteDepartment,
  listCustomers,
  listDepartments,
  requireCustomer,
  requireDepartment,
  updateCustomer,
  updateDepartment,
  type EntityName,
  type Json,
  type WriteOptions,
} from './repository';

export interface RouteOptions {
  store: SandboxStore;
  identity: IdentitySettings;
  company: Company;
  /** The limiter in force (a changed limit replaces it). */
  limiter: () => WindowRateLimiter;
  /** The server's root URL once it listens (the issuer of its discovery document). */
  root: () => string;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface EntityRoutes {
  list: (store: SandboxStore) => Json[];
  get: (store: SandboxStore, id: string) => Json;
  create: (store: SandboxStore, body: unknown, options: WriteOptions) => Json;
  update: (store: SandboxStore, id: string, body: unknown, options: WriteOptions) => Json;
  remove: (store: SandboxStore, id: string, options: WriteOptions) => void;
  /** Expandable objects the entity's stored view carries (dropped from answers unless expanded). */
  expandable: string[];
}

const ENTITIES: Record<string, { entity: EntityName; routes: EntityRoutes }> = {
  customers: {
    entity: 'Customer',
    routes: {
      list: listCustomers,
      get: requireCustomer,
      create: createCustomer,
      update: updateCustomer,
      remove: deleteCustomer,
      expandable: ['Info'],
    },
  },
  departments: {
    entity: 'Department',
    routes: {
      list: listDepartments,
      get: requireDepartment,
      create: createDepartment,
      update: updateDepartment,
      remove: deleteDepartment,
      expandable: [],
    },
  },
};

/** The record as the query asked for it: unexpanded objects dropped, then `select` applied. */
function present(record: Json, expandable: string[], search: URLSearchParams, entity: EntityName): Json {
  const parameters = queryParameters(search);
  const expand = parseExpand(parameters);
  const shown: Json = { ...record };
  for (const name of expandable) if (!expand.has(name.toLowerCase())) delete shown[name];
  return project(shown, parseSelect(parameters, CATALOGUES[entity]));
}

function dispatchBiz(
  store: SandboxStore,
  method: string,
  segments: string[],
  search: URLSearchParams,
  body: unknown,
  actor: string,
): Answer | undefined {
  const [collection, id, ...rest] = segments;
  const target = collection === undefined ? undefined : ENTITIES[collection];
  if (!target || rest.length > 0) return undefined;
  const { entity, routes } = target;
  if (queryParameters(search).has('action'))
    throw badRequest(`The action '${queryParameters(search).get('action') ?? ''}' is not served by this sandbox.`);
  const show = (record: Json): Json => present(record, routes.expandable, search, entity);
  if (id === undefined) {
    if (method === 'GET') {
      const query = parseListQuery(search, CATALOGUES[entity]);
      const records = routes.list(store).filter(query.filter).sort(compareRecords(query.order));
      return { status: 200, body: records.slice(query.skip, query.skip + query.top).map(show) };
    }
    if (method === 'POST') return { status: 201, body: show(routes.create(store, requireBody(body), { actor })) };
    return undefined;
  }
  if (!/^\d+$/.test(id)) return undefined;
  if (method === 'GET') return { status: 200, body: show(routes.get(store, id)) };
  if (method === 'PUT') return { status: 200, body: show(routes.update(store, id, requireBody(body), { actor })) };
  if (method === 'DELETE') {
    routes.remove(store, id, { actor });
    return { status: 200 };
  }
  return undefined;
}

function requireBody(body: unknown): unknown {
  if (body === undefined || body === null || body === '') throw badRequest('The request body is empty.');
  return body;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  if (answer.body === undefined) return reply.send();
  return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer.body));
}

const errorAnswer = (error: UniApiError, headers?: Record<string, string>): Answer => ({
  status: error.status,
  body: error.body(),
  ...(headers ? { headers } : {}),
});

export function registerUniEconomyRoutes(app: FastifyInstance, options: RouteOptions): void {
  const { store, identity, company } = options;

  // JSON bodies (an empty one is no body), and the identity server's form posts.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    /^(application\/json|application\/[\w.-]+\+json|text\/json)\b/i,
    { parseAs: 'string' },
    (_request, body, done) => {
      const text = body.toString();
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(Object.assign(new UniApiError(400, 'The request body is not valid JSON.'), { statusCode: 400 }));
      }
    },
  );
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body.toString()),
  );

  app.setErrorHandler((error: { statusCode?: number; message?: string }, _request, reply) => {
    if (error instanceof UniApiError) return send(reply, errorAnswer(error));
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    return send(reply, {
      status,
      body: { Message: status === 500 ? 'An error has occurred.' : (error.message ?? 'Bad request') },
    });
  });

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const url = new URL(request.url, 'http://sandbox');
      const segments = url.pathname
        .split('/')
        .filter(Boolean)
        .map((segment) => decodeURIComponent(segment).toLowerCase());
      const path = segments.join('/');
      const method = request.method;

      if (path === '.well-known/openid-configuration' && method === 'GET')
        return send(reply, { status: 200, body: discoveryDocument(options.root()) });
      if (path === 'connect/token' && method === 'POST') {
        const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
        const answer = issueToken(store, identity, form);
        return send(reply, { status: answer.status, body: answer.body, headers: { 'cache-control': 'no-store' } });
      }
      if (segments[0] !== 'api') return send(reply, errorAnswer(noRoute(url.pathname)));

      const client = bearerClient(store, header(request, 'authorization'));
      if (client === null)
        return send(reply, {
          status: 401,
          body: { Message: AUTHORIZATION_DENIED },
          headers: { 'www-authenticate': 'Bearer' },
        });
      const waitMs = options.limiter().take(client);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        return send(reply, {
          status: 429,
          body: { Message: `Too many requests. Try again in ${seconds} seconds.` },
          headers: { 'retry-after': String(seconds) },
        });
      }
      try {
        if (path === 'api/init/companies' && method === 'GET') return send(reply, { status: 200, body: [company] });
        if (segments[1] !== 'biz') throw noRoute(url.pathname);
        const companyKey = header(request, 'companykey');
        if (companyKey === undefined || companyKey.trim() === '')
          throw new UniApiError(403, 'The CompanyKey header is required: it names the company the request is for.');
        if (companyKey.trim().toLowerCase() !== company.Key.toLowerCase())
          throw new UniApiError(403, 'No company with this CompanyKey is available to this client.');
        const answer = dispatchBiz(store, method, segments.slice(2), url.searchParams, request.body, client);
        if (!answer) throw noRoute(url.pathname);
        return send(reply, answer);
      } catch (error) {
        if (error instanceof UniApiError) return send(reply, errorAnswer(error));
        throw error;
      }
    },
  });
}
