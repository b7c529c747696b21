import type { StageDefinition } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import { bakeManifestStage, BakeOptions } from './bakeManifest';
import { clusterSizePrecondition } from './clusterSizePrecondition';
import { deleteManifestStage } from './deleteManifest';
import { deployManifestStage } from './deployManifest';
import { disableManifestStage, enableManifestStage } from './enableDisableManifest';
import { findArtifactsFromResourceStage } from './findArtifactsFromResource';
import { patchManifestStage } from './patchManifest';
import { runJobManifestStage } from './runJobManifest';
import { scaleManifestStage } from './scaleManifest';
import { undoRolloutManifestStage } from './undoRolloutManifest';

export interface KubernetesStagesOptions {
  clients: KubernetesClientFactory;
  /** bakeManifest's `cd.bake.allowedPaths`. */
  bake?: BakeOptions;
}

/** The Kubernetes manifest stages (Spinnaker field names), over the configured accounts. */
export function kubernetesStages(deps: KubernetesStagesOptions): StageDefinition[] {
  return [
    deployManifestStage(deps),
    scaleManifestStage(deps),
    deleteManifestStage(deps),
    patchManifestStage(deps),
    undoRolloutManifestStage(deps),
    disableManifestStage(deps),
    enableManifestStage(deps),
    runJobManifestStage(deps),
    bakeManifestStage(deps.bake),
    findArtifactsFromResourceStage(deps),
  ];
}

export {
  bakeManifestStage,
  clusterSizePrecondition,
  deleteManifestStage,
  deployManifestStage,
  disableManifestStage,
  enableManifestStage,
  findArtifactsFromResourceStage,
  patchManifestStage,
  runJobManifestStage,
  scaleManifestStage,
  undoRolloutManifestStage,
};
export type { BakeOptions };
export { prepareManifest, deployOrder } from './prepare';
export type { PreparedManifest, PrepareOptions } from './prepare';
export { KubeApi, FIELD_MANAGER } from './kubeApi';
export { textManifests, usesArtifact } from './manifestSource';
export { trafficManagementOf } from './trafficStrategy';
