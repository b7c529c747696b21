export { startApiServer } from './server';
export type { ApiServer, ApiServerOptions } from './server';
export { ApiHandler } from './handler';
export type { ApiHandlerOptions } from './handler';
export type { PodLogSource, PodLogOptions, FaultInjector, InjectedFault } from './types';
export { RuleFaultInjector, faultRuleProblem } from './faultRules';
export type { FaultRule, FaultHit } from './faultRules';
