/*
 * Test helpers (not part of the package's API): a store with the garbage collector and every
 * controller running, and a polling wait.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import http from 'http';
import { MemoryStore } from '../store/MemoryStore';
import { startGarbageCollector } from '../gc';
import { removeDirectorySync } from '../runtime/files';
import type { ImageCommand } from '../runtime/types';
import { startControllers, RunningControllers } from './startControllers';

export const DEMO_APP = path.resolve(
  // test helper only: never part of a build
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../examples/demo-app/server.js',
);

export interface TestCluster {
  store: MemoryStore;
  controllers: RunningControllers;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestCluster(
  imageCommands: Record<string, ImageCommand> = {},
  dataDir?: string,
): Promise<TestCluster> {
  const dir =
    dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'local-cluster-test-'));
  const store = new MemoryStore({ dataDir: dir });
  const gc = startGarbageCollector(store);
  const controllers = await startControllers({
    store,
    dataDir: dir,
    host: '127.0.0.1',
    imageCommands: {
      'demo-app': { command: process.execPath, args: [DEMO_APP] },
      ...imageCommands,
    },
  });
  return {
    store,
    controllers,
    dataDir: dir,
    async stop() {
      await controllers.stop();
      gc.stop();
      store.close();
      if (!dataDir) removeDirectorySync(dir);
    },
  };
}

/** Polls until `probe` returns a truthy value; fails with the last value seen after `timeoutMs`. */
type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await probe();
      if (last) return last as Truthy<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; last: ${
          last instanceof Error
            ? last.message
            : JSON.stringify(last)?.slice(0, 2000)
        }`,
      );
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

export function httpGet(
  url: string,
  headers: Record<string, string> = {},
  agent?: http.Agent,
): Promise<{
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, res => {
      let body = '';
      res.on('data', d => (body += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${url}: timeout`)));
  });
}

export function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', d => (text += d.toString()));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}
