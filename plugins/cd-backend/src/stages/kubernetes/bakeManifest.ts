import type { StageDefinition, TaskContext, TaskResult } from '@internal/plugin-cd-node';
import type { StageConfig, ValidationIssue } from '@internal/plugin-cd-common';
import { requireField } from '../validation';
import { Artifact, EMBEDDED } from './artifacts';
import { allowedDirectory, BakeInput, fileIssues, subPath, writeInlineFiles } from './bake/inputs';
import { renderHelm, renderKustomize } from './bake/render';
import { parseManifestText } from './manifestSource';

const RENDERERS = ['KUSTOMIZE', 'HELM3'] as const;

export interface BakeOptions {
  /** `cd.bake.allowedPaths`: directories on the backend host a bake may read (none: only inline files). */
  allowedPaths?: string[];
}

function bakeIssues(stage: StageConfig, path: string): ValidationIssue[] {
  const issues = requireField(stage, 'templateRenderer', path);
  const renderer = String(stage.templateRenderer ?? '').toUpperCase();
  if (stage.templateRenderer && !RENDERERS.includes(renderer as (typeof RENDERERS)[number])) {
    issues.push({ path: `${path}.templateRenderer`, message: `must be one of ${RENDERERS.join(', ')}` });
  }
  const hasPath = typeof stage.inputPath === 'string' && stage.inputPath !== '';
  const files = stage.files;
  if (hasPath === (files !== undefined)) {
    issues.push({ path: `${path}.inputPath`, message: 'give either inputPath (a directory on the backend host) or files (path → content)' });
  }
  if (files !== undefined) {
    if (typeof files !== 'object' || files === null || Array.isArray(files) || Object.keys(files).length === 0) {
      issues.push({ path: `${path}.files`, message: 'must map relative paths to file contents' });
    } else {
      issues.push(...fileIssues(files as Record<string, unknown>, `${path}.files`));
    }
  }
  return issues;
}

/** The artifact's name: `outputName`, else the expected artifact's, else the stage's. */
function outputArtifact(ctx: TaskContext, content: string): Artifact {
  const expected = (Array.isArray(ctx.context.expectedArtifacts) ? ctx.context.expectedArtifacts : []) as Array<{ id?: string; matchArtifact?: { name?: string } }>;
  const name = (ctx.context.outputName as string) || expected[0]?.matchArtifact?.name || ctx.stage.name;
  return {
    type: EMBEDDED,
    name,
    reference: Buffer.from(content, 'utf8').toString('base64'),
    ...(expected[0]?.id ? { id: expected[0].id } : {}),
  };
}

async function bake(options: BakeOptions, ctx: TaskContext): Promise<TaskResult> {
  const renderer = String(ctx.context.templateRenderer ?? '').toUpperCase();
  let input: BakeInput | undefined;
  try {
    if (!RENDERERS.includes(renderer as (typeof RENDERERS)[number])) throw new Error(`stage.templateRenderer must be one of ${RENDERERS.join(', ')}`);
    if (ctx.context.files !== undefined) {
      input = writeInlineFiles(ctx.context.files as Record<string, string>);
    } else {
      input = { dir: allowedDirectory(String(ctx.context.inputPath ?? ''), options.allowedPaths ?? []), cleanup: () => undefined };
    }
    let rendered: string;
    if (renderer === 'KUSTOMIZE') {
      rendered = await renderKustomize(subPath(input.dir, ctx.context.kustomizeFilePath as string | undefined, 'kustomizeFilePath'), ctx.signal);
    } else {
      const chart = subPath(input.dir, ctx.context.helmChartFilePath as string | undefined, 'helmChartFilePath');
      const valuesFiles = ((ctx.context.valuesFiles ?? []) as string[]).map(f => subPath(input!.dir, f, 'valuesFiles'));
      rendered = await renderHelm(chart, {
        releaseName: (ctx.context.outputName as string) || ctx.stage.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
        namespace: ctx.context.namespace as string | undefined,
        overrides: ctx.context.overrides as Record<string, unknown> | undefined,
        rawOverrides: ctx.context.rawOverrides === true,
        includeCrds: ctx.context.includeCRDs === true,
        valuesFiles,
      }, ctx.signal);
    }
    const manifests = parseManifestText(rendered, `${renderer} output`);
    if (manifests.length === 0) throw new Error(`${renderer} rendered no manifests`);
    const artifact = outputArtifact(ctx, rendered);
    ctx.logger.info(`baked ${manifests.length} manifests with ${renderer} into artifact ${artifact.name}`);
    return {
      status: 'SUCCEEDED',
      outputs: { artifacts: [artifact], resolvedExpectedArtifacts: artifact.id ? [{ id: artifact.id, boundArtifact: artifact }] : [] },
      context: { bakedManifestCount: manifests.length },
    };
  } catch (e) {
    return { status: 'TERMINAL', error: (e as Error).message };
  } finally {
    input?.cleanup();
  }
}

/**
 * `bakeManifest`: renders templates (KUSTOMIZE through `kubectl kustomize`,
 * HELM3 through `helm template`) into an embedded/base64 artifact in
 * `outputs.artifacts`, which deployManifest reads with source: artifact.
 */
export function bakeManifestStage(options: BakeOptions = {}): StageDefinition {
  return {
    type: 'bakeManifest',
    label: 'Bake (Manifest)',
    description: 'Renders Kustomize or Helm 3 templates into a manifest artifact.',
    validate: bakeIssues,
    tasks: [{ name: 'bakeManifest', run: ctx => bake(options, ctx) }],
  };
}
