import fs from 'fs';
import os from 'os';
import path from 'path';
import { onPath } from './bake/render';
import { bakeManifestStage } from './bakeManifest';
import { useTestbed } from './__testUtils__/testbed';

jest.setTimeout(120_000);

const allowedRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bake-allowed-'));
const bed = useTestbed({
  namespace: 'bake',
  stageOptions: { bake: { allowedPaths: [allowedRoot] } },
});

const files = {
  'base/kustomization.yaml':
    'resources: [rs.yaml]\ncommonLabels: { team: shop }\n',
  'base/rs.yaml': [
    'apiVersion: apps/v1',
    'kind: ReplicaSet',
    'metadata: { name: baked }',
    'spec:',
    '  replicas: ${parameters.replicas}',
    '  selector: { matchLabels: { app: baked } }',
    '  template:',
    '    metadata: { labels: { app: baked } }',
    '    spec: { containers: [{ name: main, image: pause }] }',
  ].join('\n'),
};

describe('bakeManifest', () => {
  it('bakes inline files with kustomize into an artifact that deployManifest deploys, evaluating its expressions', async () => {
    const execution = await bed.runStages(
      [
        {
          refId: '1',
          name: 'bake',
          type: 'bakeManifest',
          templateRenderer: 'KUSTOMIZE',
          files,
          kustomizeFilePath: 'base/kustomization.yaml',
          outputName: 'shop-manifests',
          expectedArtifacts: [
            {
              id: 'baked-1',
              matchArtifact: {
                type: 'embedded/base64',
                name: 'shop-manifests',
              },
            },
          ],
          // The expressions are for the deploy to evaluate, not the bake.
          skipExpressionEvaluation: true,
        },
        {
          refId: '2',
          name: 'deploy',
          type: 'deployManifest',
          requisiteStageRefIds: ['1'],
          account: 'dev',
          namespaceOverride: 'bake',
          source: 'artifact',
          manifestArtifactId: 'baked-1',
        },
      ],
      { replicas: 2 },
    );
    expect(execution.status).toBe('SUCCEEDED');
    const [artifact] = bed.h.stage(execution, 'bake').outputs
      .artifacts as Array<Record<string, string>>;
    expect(artifact).toMatchObject({
      type: 'embedded/base64',
      name: 'shop-manifests',
      id: 'baked-1',
    });
    expect(Buffer.from(artifact.reference, 'base64').toString()).toContain(
      'team: shop',
    );
    const rs = await bed.kube(
      'GET',
      '/apis/apps/v1/namespaces/bake/replicasets/baked-v000',
    );
    expect(rs.spec.replicas).toBe(2);
    expect(rs.metadata.labels.team).toBe('shop');
    expect(rs.status.readyReplicas).toBe(2);
  });

  it('reads a directory under cd.bake.allowedPaths and refuses one outside', async () => {
    const dir = path.join(allowedRoot, 'app');
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(
        path.join(dir, name),
        content.replace('${parameters.replicas}', '1'),
      );
    }
    const ok = await bed.runStage({
      type: 'bakeManifest',
      templateRenderer: 'KUSTOMIZE',
      inputPath: dir,
      kustomizeFilePath: 'base',
    });
    expect(ok.execution.status).toBe('SUCCEEDED');
    expect((ok.stage.outputs.artifacts as unknown[]).length).toBe(1);

    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bake-outside-'));
    const refused = await bed.runStage({
      type: 'bakeManifest',
      templateRenderer: 'KUSTOMIZE',
      inputPath: outside,
    });
    expect(refused.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(refused.stage.exception)).toContain(
      'is outside the directories allowed by cd.bake.allowedPaths',
    );

    const escape = await bed.runStage({
      type: 'bakeManifest',
      templateRenderer: 'KUSTOMIZE',
      inputPath: path.join(dir, '..', '..'),
    });
    expect(escape.execution.status).toBe('TERMINAL');
  });

  it('reports kustomize errors', async () => {
    const { execution, stage } = await bed.runStage({
      type: 'bakeManifest',
      templateRenderer: 'KUSTOMIZE',
      files: { 'kustomization.yaml': 'resources: [missing.yaml]\n' },
    });
    expect(execution.status).toBe('TERMINAL');
    expect(JSON.stringify(stage.exception)).toContain(
      'kubectl kustomize failed',
    );
  });

  const helmInstalled = Boolean(onPath('helm'));

  // Which of the two applies depends on the host: helm is optional.
  if (!helmInstalled) {
    it('says helm is not installed when HELM3 is asked for without helm on PATH', async () => {
      const { execution, stage } = await bed.runStage({
        type: 'bakeManifest',
        templateRenderer: 'HELM3',
        files: { 'Chart.yaml': 'name: x\nversion: 0.1.0\n' },
      });
      expect(execution.status).toBe('TERMINAL');
      expect(JSON.stringify(stage.exception)).toContain(
        'HELM3 rendering needs the helm binary, which is not installed',
      );
    });
  } else {
    it('renders a chart with helm template and the overrides', async () => {
      const rendered = await bed.runStage({
        type: 'bakeManifest',
        templateRenderer: 'HELM3',
        files: {
          'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 0.1.0\n',
          'templates/cm.yaml':
            'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{ .Release.Name }} }\ndata: { v: {{ .Values.v | quote }} }\n',
        },
        overrides: { v: 'on' },
        outputName: 'rel',
      });
      expect(rendered.execution.status).toBe('SUCCEEDED');
      const [artifact] = rendered.stage.outputs.artifacts as Array<{
        reference: string;
      }>;
      expect(Buffer.from(artifact.reference, 'base64').toString()).toContain(
        'name: rel',
      );
    });
  }

  it('validates its fields with their paths', () => {
    const stage = bakeManifestStage();
    expect(
      stage.validate!(
        {
          refId: '1',
          type: 'bakeManifest',
          templateRenderer: 'HELM2',
          files: { '../x': 'a' },
        } as any,
        's',
      ),
    ).toEqual([
      {
        path: 's.templateRenderer',
        message: 'must be one of KUSTOMIZE, HELM3',
      },
      {
        path: 's.files["../x"]',
        message: 'must be a relative path without ..',
      },
    ]);
    expect(
      stage.validate!({ refId: '1', type: 'bakeManifest' } as any, 's'),
    ).toEqual([
      { path: 's.templateRenderer', message: 'is required' },
      {
        path: 's.inputPath',
        message:
          'give either inputPath (a directory on the backend host) or files (path → content)',
      },
    ]);
  });
});
