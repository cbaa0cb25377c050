/**
 * The HTTP face of the sandbox: APIM in front (subscription key, rate limit), the OAuth token endpoint, and
 * the v2 API routes. Paths match without regard to case, as PowerOffice's do; one catch-all fastify route
 * dispatches them so that the casing rule holds everywhere.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WindowRateLimiter } from '../common/rate-limiter';
import type { SandboxStore } from '../common/store';
import {
  checkBearer,
  INVALID_SUBSCRIPTION_KEY,
  issueToken,
  MISSING_SUBSCRIPTION_KEY,
  type PowerOfficeCredentials,
} from './auth';
import { parseListQuery } from './list-query';
import { badRequest, notFound, PowerOfficeProblem } from './problems';
import {
  addSalesOrderLine,
  createRecord,
  deleteRecord,
  deleteSalesOrderLine,
  getSalesOrderLine,
  getSalesOrderLines,
  listRecords,
  patchRecord,
  patchSalesOrderLine,
  presentRecord,
  requireRecord,
} from './repository';
import { POWEROFFICE_RESOURCES, RESOURCES, type Dto, type PowerOfficeResource } from './resources';

export interface RouteOptions {
  store: SandboxStore;
  credentials: PowerOfficeCredentials;
  limiter: WindowRateLimiter;
  tokenTtlSeconds: number;
}

type Reply = { status: number; body?: unknown };

interface Request {
  method: string;
  segments: string[];
  search: URLSearchParams;
  body: unknown;
  path: string;
}

const INT64 = /^\d{1,18}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const withoutLines = (order: Dto): Dto => {
  const header: Dto = { ...order };
  delete header.SalesOrderLines;
  return header;
};

function resourceOf(segment: string | undefined): PowerOfficeResource | undefined {
  return POWEROFFICE_RESOURCES.find((resource) => resource.toLowerCase() === segment?.toLowerCase());
}

function requireBody(body: unknown): unknown {
  if (body === undefined || body === null || body === '')
    throw badRequest('Invalid request body', 'A non-empty request body is required.');
  return body;
}

/** Validates a path id as the route constraint would ({id:long} or {id:guid}); a mismatch is no route at all. */
function pathId(resource: PowerOfficeResource | 'SalesOrderLines', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const kind = resource === 'SalesOrderLines' ? 'uuid' : RESOURCES[resource].idKind;
  return (kind === 'uuid' ? UUID : INT64).test(value) ? value : undefined;
}

/** The API routes under /v2; undefined when nothing matches. */
function dispatchApi(store: SandboxStore, request: Request): Reply | undefined {
  const [first, second, third, fourth, ...rest] = request.segments;
  const resource = resourceOf(first);
  if (!resource || rest.length > 0) return undefined;
  const method = request.method;
  const list = (items: Dto[]): Reply => (items.length === 0 ? { status: 204 } : { status: 200, body: items });

  if (resource === 'ContactPersons') {
    const contactId = pathId('Customers', second);
    const id = pathId('ContactPersons', third);
    if (second === undefined && method === 'GET')
      return list(listRecords(store, resource, parseListQuery(resource, request.search)));
    if (contactId === undefined || fourth !== undefined) return undefined;
    if (third === undefined && method === 'POST')
      return {
        status: 201,
        body: createRecord(store, resource, requireBody(request.body), { contactId, viaApi: true }),
      };
    if (id === undefined) return undefined;
    if (method === 'GET') return { status: 200, body: presentRecord(requireRecord(store, resource, id, contactId)) };
    if (method === 'PATCH')
      return { status: 200, body: patchRecord(store, resource, id, requireBody(request.body), { contactId }) };
    if (method === 'DELETE') {
      deleteRecord(store, resource, id, { contactId });
      return { status: 200 };
    }
    return undefined;
  }

  if (resource === 'SalesOrders') {
    if (second?.toLowerCase() === 'complete' && third === undefined && method === 'POST') {
      return { status: 201, body: createRecord(store, resource, requireBody(request.body), { viaApi: true }) };
    }
    const id = pathId(resource, second);
    if (second !== undefined && id === undefined) return undefined;
    if (id !== undefined && third?.toLowerCase() === 'complete' && fourth === undefined && method === 'GET') {
      return { status: 200, body: presentRecord(requireRecord(store, resource, id)) };
    }
    if (id !== undefined && third?.toLowerCase() === 'lines') {
      if (fourth === undefined && method === 'GET') return list(getSalesOrderLines(store, id));
      if (fourth === undefined && method === 'POST')
        return { status: 201, body: addSalesOrderLine(store, id, requireBody(request.body)) };
      const lineId = pathId('SalesOrderLines', fourth);
      if (lineId === undefined) return undefined;
      if (method === 'GET') return { status: 200, body: getSalesOrderLine(store, id, lineId) };
      if (method === 'PATCH')
        return { status: 200, body: patchSalesOrderLine(store, id, lineId, requireBody(request.body)) };
      if (method === 'DELETE') {
        deleteSalesOrderLine(store, id, lineId);
        return { status: 200 };
      }
      return undefined;
    }
    if (third !== undefined) return undefined;
    if (id === undefined) {
      return method === 'GET'
        ? list(listRecords(store, resource, parseListQuery(resource, request.search)).map(withoutLines))
        : undefined;
    }
    if (method === 'GET') return { status: 200, body: withoutLines(presentRecord(requireRecord(store, resource, id))) };
    if (method === 'PATCH')
      return { status: 200, body: withoutLines(patchRecord(store, resource, id, requireBody(request.body))) };
    if (method === 'DELETE') {
      deleteRecord(store, resource, id);
      return { status: 200 };
    }
    return undefined;
  }

  if (third !== undefined) return undefined;
  if (second === undefined) {
    if (method === 'GET') return list(listRecords(store, resource, parseListQuery(resource, request.search)));
    if (method === 'POST')
      return {
        status: RESOURCES[resource].createStatus,
        body: createRecord(store, resource, requireBody(request.body), { viaApi: true }),
      };
    return undefined;
  }
  const id = pathId(resource, second);
  if (id === undefined) return undefined;
  if (method === 'GET') return { status: 200, body: presentRecord(requireRecord(store, resource, id)) };
  if (method === 'PATCH') return { status: 200, body: patchRecord(store, resource, id, requireBody(request.body)) };
  if (method === 'DELETE') {
    deleteRecord(store, resource, id);
    return { status: 200 };
  }
  return undefined;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(reply: FastifyReply, result: Reply, contentType = 'application/json; charset=utf-8'): FastifyReply {
  reply.code(result.status);
  if (result.body === undefined) return reply.send();
  return reply.header('content-type', contentType).send(JSON.stringify(result.body));
}

/** Registers the body parsers PowerOffice accepts and the catch-all route. */
export function registerPowerOfficeRoutes(app: FastifyInstance, options: RouteOptions): void {
  const { store, credentials, limiter } = options;
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
  // Go accepts application/json, text/json and application/*+json; an empty body (a DELETE sent with a JSON
  // content type) is no body rather than an error.
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
    const problem = new PowerOfficeProblem(
      status,
      status === 500 ? 'An unexpected error occurred.' : 'Invalid request',
      error.message ?? 'Unknown error',
    );
    void send(
      reply,
      { status, body: problem.body(request.url.split('?')[0] ?? '') },
      'application/problem+json; charset=utf-8',
    );
  });

  app.route({
    method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      const url = new URL(request.url, 'http://sandbox');
      const subscriptionKey =
        header(request, 'ocp-apim-subscription-key') ?? url.searchParams.get('subscription-key') ?? undefined;
      if (!subscriptionKey)
        return send(reply, { status: 401, body: { statusCode: 401, message: MISSING_SUBSCRIPTION_KEY } });
      if (subscriptionKey !== credentials.subscriptionKey)
        return send(reply, { status: 401, body: { statusCode: 401, message: INVALID_SUBSCRIPTION_KEY } });
      const waitMs = limiter.take(subscriptionKey);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        return send(reply, {
          status: 429,
          body: { statusCode: '429', message: `Rate limit is exceeded. Try again in ${seconds} seconds.` },
        });
      }

      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (
        segments.length === 2 &&
        segments[0]?.toLowerCase() === 'oauth' &&
        segments[1]?.toLowerCase() === 'token' &&
        request.method === 'POST'
      ) {
        const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
        const result = issueToken(store, credentials, header(request, 'authorization'), form, options.tokenTtlSeconds);
        return send(reply.header('cache-control', 'no-store'), { status: result.ok ? 200 : 400, body: result.body });
      }
      if (segments[0]?.toLowerCase() !== 'v2')
        return send(reply, { status: 404, body: { statusCode: 404, message: 'Resource not found' } });

      const refusal = checkBearer(store, header(request, 'authorization'));
      if (refusal) return send(reply.header('www-authenticate', refusal), { status: 401 });
      try {
        const result = dispatchApi(store, {
          method: request.method,
          segments: segments.slice(1),
          search: url.searchParams,
          body: request.body,
          path: url.pathname,
        });
        if (!result) throw notFound('Route', `${request.method} ${url.pathname}`);
        return send(reply, result);
      } catch (error) {
        if (error instanceof PowerOfficeProblem)
          return send(
            reply,
            { status: error.status, body: error.body(url.pathname) },
            'application/problem+json; charset=utf-8',
          );
        throw error;
      }
    },
  });
}
