/**
 * `linkflow contract check`: conformance checks of a live Custom CRM implementation against linkflow's published
 * contract (contracts/customcrm/openapi.yaml). The command is client/commands/contract.ts.
 */
export { CONTRACT_CHECKS, type ContractCheck } from './checks';
export {
  CONTRACT_CHECK_IDS,
  formatResult,
  formatSummary,
  runContractChecks,
  selectChecks,
  type CheckResult,
  type CheckStatus,
  type ContractCheckOptions,
  type ContractReport,
} from './runner';
export { ContractHttp, describeExchange, type Exchange } from './http';
