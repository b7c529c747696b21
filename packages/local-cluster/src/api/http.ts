import type { IncomingMessage, ServerResponse } from 'http';
import YAML from 'yaml';
import { badRequest } from '../store/errors';
import { StatusError } from '../store/types';

/** Request and response plumbing shared by the handlers. */

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Request entity too large: limit is 8388608', reason: 'RequestEntityTooLarge', code: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/** Parses a JSON body, or YAML when the content type says so. */
export function parseBody(text: string, contentType: string): any {
  if (text.trim() === '') throw badRequest('the body of the request is empty');
  try {
    if (contentType.includes('yaml')) return YAML.parse(text);
    return JSON.parse(text);
  } catch (e: any) {
    throw badRequest(`the body of the request could not be decoded: ${e.message}`);
  }
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  sendRawJson(res, code, JSON.stringify(body));
}

export function sendRawJson(res: ServerResponse, code: number, json: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

export function sendStatus(res: ServerResponse, error: StatusError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const json = JSON.stringify(error.status);
  res.writeHead(error.status.code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

export function queryFlag(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

export function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid value for ${name}: ${v}`);
  return n;
}
