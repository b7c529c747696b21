import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { StageRegistry } from '../engine';
import { KubernetesClientFactory } from '../kubernetes';
import { validatePipelineConfig } from '../pipelines';
import { genericStages } from '../stages';
import { kubernetesStages } from '../stages/kubernetes';
import { parseKayentaCanaryConfig } from './judge';
import { MetricSourceRegistry } from './metrics';
import { canaryStages } from './stages';

const root = path.resolve(__dirname, '../../../..');

describe('the demo', () => {
  const registry = new StageRegistry();
  const clients = new KubernetesClientFactory([]);
  registry.add(
    ...genericStages({ webhook: { allowedHosts: [] }, childPipelines: {} as never }),
    ...kubernetesStages({ clients }),
    ...canaryStages({ clients, configs: { get: async () => undefined, getByName: async () => undefined }, metrics: new MetricSourceRegistry() }),
  );
  const pipelines = parseAllDocuments(fs.readFileSync(path.join(root, 'examples/pipelines/demo-app.yaml'), 'utf8')).map(d => d.toJS());

  it('starts with the canary release, and every pipeline is valid with the canary stages registered', () => {
    expect(pipelines.map(p => p.name)).toEqual(['Canary release', 'Release with approval', 'Deploy to local cluster']);
    for (const pipeline of pipelines) {
      expect({ name: pipeline.name, issues: validatePipelineConfig(pipeline, registry).issues }).toEqual({ name: pipeline.name, issues: [] });
    }
    const canary = pipelines[0];
    expect(canary.stages.map((s: { type: string }) => s.type)).toEqual([
      'deployCanary', 'shiftTraffic', 'kayentaCanary', 'shiftTraffic', 'kayentaCanary', 'manualJudgment', 'deployManifest', 'cleanupCanary',
    ]);
    expect(canary.stages[6].trafficManagement).toEqual({
      enabled: true,
      options: { strategy: 'redblack', services: ['service demo-app'], enableTraffic: true, namespace: 'default' },
    });
  });

  it('has a valid default canary configuration for demo-app on the local cluster metric source', () => {
    const parsed = parseKayentaCanaryConfig(fs.readFileSync(path.join(root, 'examples/canary/demo-app.json'), 'utf8'));
    expect(parsed.success && parsed.config.metrics.map(m => m.query.type)).toEqual(['localCluster', 'localCluster', 'localCluster']);
  });
});
