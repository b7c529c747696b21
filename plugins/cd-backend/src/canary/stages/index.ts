import type { StageDefinition } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import type { CanaryConfigStore } from '../configs';
import type { MetricSourceRegistry } from '../metrics';
import { cleanupCanaryStage, deployCanaryStage } from './canaryDeployment';
import { kayentaCanaryStage } from './kayentaCanary';
import { shiftTrafficStage } from './shiftTraffic';

export interface CanaryStagesDeps {
  clients: KubernetesClientFactory;
  configs: Pick<CanaryConfigStore, 'get' | 'getByName'>;
  metrics: MetricSourceRegistry;
}

/** The canary stage types: deployCanary, shiftTraffic, kayentaCanary, cleanupCanary. */
export function canaryStages(deps: CanaryStagesDeps): StageDefinition[] {
  return [
    deployCanaryStage(deps),
    shiftTrafficStage(deps),
    kayentaCanaryStage(deps),
    cleanupCanaryStage(deps),
  ];
}

export { deployCanaryStage, cleanupCanaryStage, removeCanary } from './canaryDeployment';
export type { CanaryDeploymentOutput } from './canaryDeployment';
export { kayentaCanaryStage } from './kayentaCanary';
export { shiftTrafficStage } from './shiftTraffic';
export { parseKayentaCanarySettings, intervalWindow } from './kayentaCanarySettings';
export { trafficRules, cidrRegex } from './trafficRules';
export type { UserGroup, UserGroupMatch, BackendWeight } from './trafficRules';
