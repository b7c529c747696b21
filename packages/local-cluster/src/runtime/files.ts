import fs from 'fs';

/*
 * fs.rm / fs.rmSync (Node 14.14+) are missing from the workspace's @types/node (12.x), so they are
 * typed here once.
 */
type RmOptions = { recursive: boolean; force: boolean };
const modernFs = fs as unknown as {
  rm(
    path: string,
    options: RmOptions,
    callback: (error: unknown) => void,
  ): void;
  rmSync(path: string, options: RmOptions): void;
};

/** Removes a directory tree in the background; a missing directory is fine. */
export function removeDirectory(dir: string): void {
  modernFs.rm(dir, { recursive: true, force: true }, () => undefined);
}

export function removeDirectorySync(dir: string): void {
  modernFs.rmSync(dir, { recursive: true, force: true });
}
