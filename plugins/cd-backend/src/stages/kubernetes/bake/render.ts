import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';

const TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 32 * 1024 * 1024;

/** An executable on PATH, or undefined. */
export function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs a renderer without a shell; its stderr becomes the error message. */
function run(binary: string, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, signal, env: { ...process.env, KUBECONFIG: '/dev/null' } }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr || error.message).trim().split('\n').slice(-5).join('\n');
        reject(new Error(`${path.basename(binary)} ${args[0]} failed: ${detail}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

export async function renderKustomize(dir: string, signal?: AbortSignal): Promise<string> {
  const kubectl = onPath('kubectl');
  if (!kubectl) throw new Error('KUSTOMIZE rendering needs kubectl, which is not installed on the backend host (not found on PATH)');
  return run(kubectl, ['kustomize', dir], signal);
}

export interface HelmOptions {
  releaseName: string;
  namespace?: string;
  overrides?: Record<string, unknown>;
  /** Spinnaker's rawOverrides: values typed by helm (--set) instead of kept as strings (--set-string). */
  rawOverrides?: boolean;
  includeCrds?: boolean;
  valuesFiles?: string[];
}

export async function renderHelm(chartDir: string, options: HelmOptions, signal?: AbortSignal): Promise<string> {
  const helm = onPath('helm');
  if (!helm) throw new Error('HELM3 rendering needs the helm binary, which is not installed on the backend host (not found on PATH); install helm 3 or use KUSTOMIZE');
  const args = ['template', options.releaseName, chartDir];
  if (options.namespace) args.push('--namespace', options.namespace);
  if (options.includeCrds) args.push('--include-crds');
  for (const file of options.valuesFiles ?? []) args.push('--values', file);
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    args.push(options.rawOverrides ? '--set' : '--set-string', `${key}=${String(value)}`);
  }
  return run(helm, args, signal);
}
