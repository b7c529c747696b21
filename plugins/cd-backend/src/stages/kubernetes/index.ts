import type { StageDefinition } from '@internal/plugin-cd-node';
import type { KubernetesClientFactory } from '../../kubernetes';
import { deleteManifestStage } from './deleteManifest';
import { deployManifestStage } from './deployManifest';
import { scaleManifestStage } from './scaleManifest';

/** The Kubernetes manifest stages (Spinnaker field names), over the configured accounts. */
export function kubernetesStages(deps: { clients: KubernetesClientFactory }): StageDefinition[] {
  return [deployManifestStage(deps), scaleManifestStage(deps), deleteManifestStage(deps)];
}

export { deployManifestStage, scaleManifestStage, deleteManifestStage };
