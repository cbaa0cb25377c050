/**
 * A record that needs others first (an order its customer and items, a contact person its company) asks their
 * links for their targets by signal and waits for each answer: four actions and a timer per dependency. When
 * every one of them is linked already, their targets are read from the links' search attributes instead and the
 * record is written in the same activity (docs/DECISIONS.md 87). One that is not linked yet is asked by update
 * and waited for briefly (95); only those that did not answer in time are demanded by signal.
 */
import type { TargetRef } from '../model/sync-state';
import { describeDependency } from '../model/dependency';
import type { DependencyRequest } from '../model/workflow-inputs';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from './link-activities';

/** The target a dependency's link holds now, or undefined when it holds none (or cannot say). */
export type LinkedTargetLookup = (dependency: DependencyRequest) => Promise<TargetRef | undefined>;

/**
 * Asks a dependency's link for its target and waits a short while for the answer (an update): the target, or
 * undefined when it gave none in time (the workflow then demands it by signal and waits in its own code).
 */
export type DependencyEnsurer = (dependency: DependencyRequest) => Promise<TargetRef | undefined>;

/**
 * Resolves what a pass asked for from the dependencies' links. All known: the pass runs again with their targets.
 * Some unknown on the first pass: only those are demanded (the workflow waits for them; the pass after their
 * answers looks the others up again). Some unknown on the pass after the answers (a dependency relinked by hand
 * meanwhile): the record parks with the reason, as when a dependency answers that it has no target.
 */
export async function withKnownDependencies(
  input: ProcessLinkEventsInput,
  result: ProcessLinkEventsResult,
  lookUp: LinkedTargetLookup,
  passAgain: (input: ProcessLinkEventsInput) => Promise<ProcessLinkEventsResult>,
  ensure?: DependencyEnsurer,
): Promise<ProcessLinkEventsResult> {
  if (result.dependencies.length === 0) return result;
  const afterAnswers = Object.keys(input.resolvedRefs).length > 0 || input.dependencyProblem !== undefined;
  const found = await Promise.all(
    result.dependencies.map(async (dependency) => {
      const linked = await lookUp(dependency);
      // Not linked yet (an organisation created on demand): asked and waited for here, briefly, before the
      // workflow's demand-and-answer round (docs/DECISIONS.md 95). Never on the pass after the answers.
      const target = linked ?? (afterAnswers || ensure === undefined ? undefined : await ensure(dependency));
      return { dependency, target };
    }),
  );
  const known: Record<string, TargetRef> = {};
  for (const { dependency, target } of found) if (target) known[dependency.key] = target;
  const unknown = found.filter(({ target }) => target === undefined).map(({ dependency }) => dependency);
  if (unknown.length > 0 && !afterAnswers) return { ...result, dependencies: unknown };
  // The first pass's read (an order's) goes with the second, as the workflow's own second pass does.
  const read = { lastSnapshot: result.state.lastSnapshot, lastSnapshotReadAt: result.state.lastSnapshotReadAt };
  const again = await passAgain({
    ...input,
    state: { ...input.state, ...read },
    resolvedRefs: { ...input.resolvedRefs, ...known },
    ...(unknown.length > 0
      ? {
          dependencyProblem: [
            ...(input.dependencyProblem === undefined ? [] : [input.dependencyProblem]),
            ...unknown.map((dependency) => `${describeDependency(dependency)}, which is not linked any more`),
          ].join('; '),
        }
      : {}),
  });
  // Everything it referred to was resolved: a pass that still asks for more would leave the link waiting.
  if (again.dependencies.length > 0) {
    return {
      ...again,
      state: {
        ...again.state,
        status: 'parked',
        parkedReason: `${again.dependencies.map(describeDependency).join('; ')}, which did not resolve`,
      },
      dependencies: [],
    };
  }
  return again;
}
