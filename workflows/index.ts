// Every workflow the worker serves. Deterministic code only: these files reach the world through activities.
export { healthCheckWorkflow } from './health-check';
export { linkWorkflow } from './link';
export { recordWorkflow } from './record';
export { mergeWorkflow } from './merge';
export { pollerWorkflow } from './poller';
