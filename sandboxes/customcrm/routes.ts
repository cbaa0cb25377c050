/**
 * The HTTP face of the Custom CRM sandbox: the contract's endpoints directly under the root, and a few admin
 * routes of its own under `/__sandbox/` (the webhook target and its deliveries).
 *
 *   GET    /<resource>        the change-ordered listing: `{ items, nextCursor }`
 *   POST   /<resource>        create: 201 + Location, or 200 with the record that has the body's externalId
 *   GET    /<resource>/<id>   one record (tombstones too)
 *   PATCH  /<resource>/<id>   JSON merge patch
 *   DELETE /<resource>/<id>   tombstone (optional in the contract; the sandbox has it for tests)
 *
 * Every API request needs `Authorization: Bearer <apiKey>` and counts against the key's rate limit. Every
 * error is an RFC 7807 problem, unless the `plainErrors` deviation is on.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CUSTOMCRM_RESOURCES, type CustomCrmResource } from '../../generated/customcrm';
import { ADMIN_PREFIX } from '../common/http';
import type { WindowRateLimiter } from '../common/rate-limiter';
import { parseListRequest } from './list-query';
import type { CustomCrmSandboxConfig } from './options';
import { CustomCrmProblem } from './problems';
import type { CustomCrmRepository } from './repository';
import type { WebhookSender } from './webhooks';

export interface RouteOptions {
  repository: CustomCrmRepository;
  config: CustomCrmSandboxConfig;
  webhooks: WebhookSender;
  /** Read per request: the fault configuration may replace it at run time. */
  limiter: () => WindowRateLimiter;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Writes a problem, or the broken shape the `plainErrors` deviation asks for. */
export function sendProblem(
  reply: FastifyReply,
  problem: CustomCrmProblem,
  instance: string,
  plainErrors: boolean,
): FastifyReply {
  reply.code(problem.status);
  if (plainErrors) return reply.header('content-type', JSON_TYPE).send(JSON.stringify({ error: problem.detail }));
  return reply.header('content-type', PROBLEM_TYPE).send(JSON.stringify(problem.body(instance)));
}

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? '';

const webhookTargetSchema = z.object({ url: z.url().nullable() });

export function registerCustomCrmRoutes(app: FastifyInstance, options: RouteOptions): void {
  const { repository, config } = options;
  const plainErrors = config.deviations.includes('plainErrors');
  const fail = (reply: FastifyReply, request: FastifyRequest, problem: CustomCrmProblem): FastifyReply =>
    sendProblem(reply, problem, pathOf(request), plainErrors);

  // JSON and merge-patch bodies; anything else is refused by fastify with 415, turned into a problem below.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/(json|merge-patch\+json)\s*(;.*)?$/i,
    { parseAs: 'string' },
    (_request, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => {
      const text = body.toString();
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new CustomCrmProblem('invalid-request', 'the body is not valid JSON'));
      }
    },
  );

  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    if (error instanceof CustomCrmProblem) return fail(reply, request, error);
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status === 415) {
      return fail(
        reply,
        request,
        new CustomCrmProblem(
          'unsupported-media-type',
          'send application/json (or application/merge-patch+json for PATCH)',
        ),
      );
    }
    if (status >= 400 && status < 500) {
      return fail(reply, request, new CustomCrmProblem('invalid-request', error.message ?? 'bad request', [], status));
    }
    return fail(reply, request, new CustomCrmProblem('server-error', 'the sandbox failed to answer'));
  });

  // The contract's Date header comes from the clock that stamps updatedAt: here the sandbox's own (a test's).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', new Date(config.now()).toUTCString());
  });

  app.setNotFoundHandler((request, reply) =>
    fail(reply, request, new CustomCrmProblem('not-found', `no such path: ${request.method} ${pathOf(request)}`)),
  );

  // Authentication and the rate limit, before the body is read: a refused request costs nothing more.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(ADMIN_PREFIX)) return undefined;
    const authorization = request.headers.authorization;
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (key === undefined) {
      reply.header('www-authenticate', 'Bearer realm="customcrm"');
      return fail(reply, request, new CustomCrmProblem('unauthorized', 'send Authorization: Bearer <API key>'));
    }
    if (key !== config.apiKey) {
      reply.header('www-authenticate', 'Bearer realm="customcrm", error="invalid_token"');
      return fail(reply, request, new CustomCrmProblem('unauthorized', 'the API key is not known'));
    }
    const waitMs = options.limiter().take(key);
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      reply.header('retry-after', String(seconds));
      return fail(
        reply,
        request,
        new CustomCrmProblem(
          'rate-limited',
          `more than ${options.limiter().limit} requests in ${options.limiter().windowMs / 1000} s; retry after ${seconds} s`,
        ),
      );
    }
    return undefined;
  });

  const methodNotAllowed = (allow: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('allow', allow);
    return fail(reply, request, new CustomCrmProblem('method-not-allowed', `${request.method} is not allowed here`));
  };

  for (const resource of CUSTOMCRM_RESOURCES) {
    const itemPath = `/${resource}/:id`;
    const idOf = (request: FastifyRequest): string => (request.params as { id: string }).id;

    app.get(`/${resource}`, async (request, reply) => {
      const search = new URL(request.url, 'http://sandbox').searchParams;
      const page = repository.list(resource, parseListRequest(resource, search));
      return reply.header('content-type', JSON_TYPE).send(JSON.stringify(page));
    });

    app.post(`/${resource}`, async (request, reply) => {
      const { record, created } = repository.create(resource, request.body);
      if (created) reply.code(201).header('location', `/${resource}/${record.id}`);
      else reply.code(200);
      return reply.header('content-type', JSON_TYPE).send(JSON.stringify(record));
    });

    app.get(itemPath, async (request, reply) =>
      reply.header('content-type', JSON_TYPE).send(JSON.stringify(repository.require(resource, idOf(request)))),
    );

    app.patch(itemPath, async (request, reply) =>
      reply
        .header('content-type', JSON_TYPE)
        .send(JSON.stringify(repository.patch(resource, idOf(request), request.body))),
    );

    app.delete(itemPath, async (request, reply) => {
      repository.remove(resource, idOf(request));
      return reply.code(204).send();
    });

    app.route({ method: ['PUT', 'PATCH', 'DELETE'], url: `/${resource}`, handler: methodNotAllowed('GET, POST') });
    app.route({ method: ['POST', 'PUT'], url: itemPath, handler: methodNotAllowed('GET, PATCH, DELETE') });
  }

  app.get(`${ADMIN_PREFIX}/webhook`, async () => ({ url: options.webhooks.target() }));
  app.put(`${ADMIN_PREFIX}/webhook`, async (request) => {
    const { url } = webhookTargetSchema.parse(request.body ?? {});
    options.webhooks.configure(url);
    return { url };
  });
  app.get(`${ADMIN_PREFIX}/webhook/deliveries`, async () => options.webhooks.deliveries());
}

export const isCustomCrmResource = (value: string): value is CustomCrmResource =>
  (CUSTOMCRM_RESOURCES as readonly string[]).includes(value);
