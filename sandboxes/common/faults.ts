/**
 * Fault injection shared by the sandboxes: a share of 5xx answers, extra latency, dropped connections and a
 * rate-limit override. Set at start-up and changed at run time through `POST /__sandbox/faults`.
 */
import { z } from 'zod';

export const faultConfigSchema = z.object({
  /** Share of requests answered with a 5xx error, 0..1. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Extra latency added to every request, ms. */
  latencyMs: z.number().int().min(0).default(0),
  /** Share of requests whose connection is dropped without an answer, 0..1. */
  dropRate: z.number().min(0).max(1).default(0),
  /** Replaces the sandbox's rate limit (requests per its window); null keeps the real limit. */
  rateLimit: z.number().int().positive().nullable().default(null),
});
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export const noFaults = (): FaultConfig => faultConfigSchema.parse({});

/** What to do with one request, decided from the configuration and a random draw. */
export type FaultDecision = { kind: 'none' } | { kind: 'error' } | { kind: 'drop' };

export function decideFault(config: FaultConfig, random: () => number = Math.random): FaultDecision {
  const draw = random();
  if (draw < config.dropRate) return { kind: 'drop' };
  if (draw < config.dropRate + config.errorRate) return { kind: 'error' };
  return { kind: 'none' };
}
