/**
 * Starts the Custom CRM sandbox on loopback: the contract's API at `http://127.0.0.1:<port>` (resources directly
 * under the root), the shared admin API under `/__sandbox/`, state in SQLite.
 */
import type { AddressInfo } from 'node:net';
import { CUSTOMCRM_CONTRACT_VERSION, CUSTOMCRM_PAGE_LIMIT } from '../../generated/customcrm';
import { faultConfigSchema } from '../common/faults';
import { createSandboxHttp, type RunningSandbox } from '../common/http';
import { WindowRateLimiter } from '../common/rate-limiter';
import { SandboxStore } from '../common/store';
import { RecordClock } from './clock';
import { customCrmSandboxOptionsSchema, type CustomCrmSandboxOptions } from './options';
import { CustomCrmProblem } from './problems';
import { CustomCrmRepository } from './repository';
import { registerCustomCrmRoutes, sendProblem } from './routes';
import { WebhookSender } from './webhooks';

/** A running Custom CRM sandbox, with its records and webhook sender at hand for the seed and for tests. */
export interface CustomCrmSandbox extends RunningSandbox {
  repository: CustomCrmRepository;
  webhooks: WebhookSender;
}

const repositories = new WeakMap<RunningSandbox, CustomCrmRepository>();

/** The repository of a sandbox started here (the plug-in's seed gets the sandbox as a plain RunningSandbox). */
export function repositoryOf(sandbox: RunningSandbox): CustomCrmRepository {
  const repository = repositories.get(sandbox);
  if (!repository) throw new Error(`${sandbox.name} is not a Custom CRM sandbox started by startCustomCrmSandbox`);
  return repository;
}

export async function startCustomCrmSandbox(options: CustomCrmSandboxOptions): Promise<CustomCrmSandbox> {
  const config = customCrmSandboxOptionsSchema.parse(options);
  const faults = faultConfigSchema.parse(config.faults);
  const store = new SandboxStore(config.dataFile);
  const repository = new CustomCrmRepository(
    store,
    new RecordClock(config.now, config.clockResolutionMs),
    config.deviations,
  );
  const webhooks = new WebhookSender(config.webhookSecret, config.webhookUrl, config.now);
  repository.onChange((change) => webhooks.notify(change));
  const plainErrors = config.deviations.includes('plainErrors');
  // A changed limit or a reset starts a fresh window, so a test that lowers the limit counts from zero.
  const limitOf = (rateLimit: number | null): number => rateLimit ?? config.rateLimitPerMinute;
  let limiter = new WindowRateLimiter(limitOf(faults.rateLimit), config.rateLimitWindowMs);
  const http = createSandboxHttp({
    name: 'customcrm',
    store,
    faults,
    renderInjectedError: (reply) =>
      sendProblem(
        reply.header('retry-after', '1'),
        new CustomCrmProblem('server-error', 'injected fault: the service is unavailable', [], 503),
        '',
        plainErrors,
      ),
    onFaultsChanged: (changed) => {
      limiter = new WindowRateLimiter(limitOf(changed.rateLimit), config.rateLimitWindowMs);
    },
    onReset: () => {
      limiter = new WindowRateLimiter(limiter.limit, config.rateLimitWindowMs);
    },
  });
  registerCustomCrmRoutes(http.app, { repository, config, webhooks, limiter: () => limiter });
  try {
    await http.app.listen({ port: config.port, host: config.host });
  } catch (error) {
    store.close();
    throw error;
  }
  const { port } = http.app.server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;
  const limit = limitOf(faults.rateLimit);
  const perWindow = config.rateLimitWindowMs === 60_000 ? 'minute' : `${config.rateLimitWindowMs / 1000} s`;
  const sandbox: CustomCrmSandbox = {
    name: 'customcrm',
    baseUrl: root,
    credentials: { apiKey: config.apiKey, webhookSecret: config.webhookSecret },
    settings: {
      contractVersion: CUSTOMCRM_CONTRACT_VERSION,
      rateLimitPerMinute: Math.round((limit * 60_000) / config.rateLimitWindowMs),
      rateLimit: `${limit} requests/${perWindow} per API key`,
      maxPageSize: CUSTOMCRM_PAGE_LIMIT.maximum,
      webhookAdminUrl: `${root}/__sandbox/webhook`,
      clockResolutionMs: config.clockResolutionMs,
      deviations: config.deviations.length === 0 ? 'none' : config.deviations.join(','),
      dataFile: config.dataFile,
    },
    store,
    http,
    repository,
    webhooks,
    close: async () => {
      webhooks.close();
      await http.app.close();
      store.close();
    },
  };
  repositories.set(sandbox, repository);
  return sandbox;
}
