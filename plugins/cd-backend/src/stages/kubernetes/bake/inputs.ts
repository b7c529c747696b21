import fs from 'fs';
import os from 'os';
import path from 'path';

/**
 * Where a bake reads its templates from: a directory on the backend host
 * under one of `cd.bake.allowedPaths`, or inline `files` written to a
 * temporary directory that is removed afterwards.
 */
export interface BakeInput {
  dir: string;
  cleanup(): void;
}

const within = (root: string, candidate: string) => candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** `inputPath` resolved through symlinks, accepted only under an allowed root. */
export function allowedDirectory(inputPath: string, allowedPaths: string[]): string {
  if (allowedPaths.length === 0) {
    throw new Error('stage.inputPath: reading templates from the backend host is off; list directories in cd.bake.allowedPaths, or give inline files');
  }
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(inputPath));
  } catch {
    throw new Error(`stage.inputPath: ${inputPath} does not exist on the backend host`);
  }
  const roots = allowedPaths.map(p => {
    try {
      return fs.realpathSync(path.resolve(p));
    } catch {
      return path.resolve(p);
    }
  });
  if (!roots.some(root => within(root, real))) {
    throw new Error(`stage.inputPath: ${inputPath} is outside the directories allowed by cd.bake.allowedPaths (${allowedPaths.join(', ')})`);
  }
  if (!fs.statSync(real).isDirectory()) throw new Error(`stage.inputPath: ${inputPath} is not a directory`);
  return real;
}

/** Relative, no `..`: inline files stay inside their temporary directory. */
export function fileIssues(files: Record<string, unknown>, at: string): Array<{ path: string; message: string }> {
  return Object.entries(files).flatMap(([name, content]) => {
    const where = `${at}[${JSON.stringify(name)}]`;
    if (!name || path.isAbsolute(name) || name.split(/[\\/]/).some(part => part === '..')) {
      return [{ path: where, message: 'must be a relative path without ..' }];
    }
    if (typeof content !== 'string') return [{ path: where, message: 'must be the file content as a string' }];
    return [];
  });
}

export function writeInlineFiles(files: Record<string, string>): BakeInput {
  const issues = fileIssues(files, 'stage.files');
  if (issues.length > 0) throw new Error(issues.map(i => `${i.path} ${i.message}`).join('; '));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bake-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A sub-path of the input (kustomizeFilePath, helmChartFilePath), kept inside it. */
export function subPath(root: string, relative: string | undefined, field: string): string {
  if (!relative) return root;
  let target = path.resolve(root, relative);
  if (/kustomization\.ya?ml$|Chart\.ya?ml$/.test(target)) target = path.dirname(target);
  if (!within(root, target)) throw new Error(`stage.${field}: ${relative} leaves the input directory`);
  if (!fs.existsSync(target)) throw new Error(`stage.${field}: ${relative} does not exist in the input`);
  return target;
}
