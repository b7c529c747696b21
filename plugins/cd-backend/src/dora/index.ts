export { changeTime, deploysToProduction, isRollback, ROLLBACK_STAGE_TYPES, type DoraExecution } from './classify';
export { computeDoraMetrics, median, startOfWeek, type DoraWindow } from './computeDoraMetrics';
export { DoraService, type DoraQuery } from './DoraService';
export { ExecutionHistory } from './ExecutionHistory';
export { productionAccountPredicate } from './productionAccounts';
