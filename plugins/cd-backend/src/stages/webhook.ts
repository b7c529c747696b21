import type {
  StageCancelContext,
  StageDefinition,
  TaskContext,
  TaskResult,
} from '@internal/plugin-cd-node';
import type { ValidationIssue } from '@internal/plugin-cd-common';
import { checkUrl } from './hostAllowList';
import { readJsonPath } from './jsonPath';
import { isExpression } from './validation';

export interface WebhookStageOptions {
  /** Hosts webhooks may call (SSRF guard); see isHostAllowed for the syntax. */
  allowedHosts: string[];
  /** Per-request timeout (default 30 s). */
  requestTimeoutMs?: number;
  /** First retry delay after a 5xx/network error (default 1 s), doubled per retry up to 30 s. */
  retryBaseMs?: number;
  /** Status polling interval during the first minute (default 1 s), then `slowPollMs` (default 15 s). */
  fastPollMs?: number;
  slowPollMs?: number;
}

type WebhookContext = {
  statusCode?: number;
  body?: unknown;
  error?: string;
  monitor?: { statusEndpoint?: string; status?: unknown; progressMessage?: unknown; statusCode?: number };
};

const STATUS_URL_RESOLUTIONS = ['getMethod', 'locationHeader', 'webhookResponse'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

/**
 * `webhook`: calls an HTTP endpoint (Spinnaker's webhook stage). 2xx/3xx
 * succeed, configured `failFastStatusCodes` and other 4xx fail, 5xx (and
 * `retryStatusCodes`) retry with backoff. With `waitForCompletion` it then
 * polls a status URL and reads the status with `statusJsonPath`. Every
 * request carries the task's `Idempotency-Key`; only allow-listed hosts are
 * called; redirects are not followed (they could lead elsewhere).
 */
export function webhookStage(options: WebhookStageOptions): StageDefinition {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const retryBase = options.retryBaseMs ?? 1000;
  const fastPoll = options.fastPollMs ?? 1000;
  const slowPoll = options.slowPollMs ?? 15_000;

  async function call(
    ctx: { signal?: AbortSignal; idempotencyKey: string },
    method: string,
    url: URL,
    headers: Record<string, string>,
    body?: unknown,
  ) {
    const signals = [AbortSignal.timeout(timeoutMs), ...(ctx.signal ? [ctx.signal] : [])];
    const hasBody = body !== undefined && body !== null && method !== 'GET' && method !== 'HEAD';
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      signal: AbortSignal.any(signals),
      headers: {
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        'idempotency-key': ctx.idempotencyKey,
        ...headers,
      },
      body: hasBody ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, location: response.headers.get('location') ?? undefined };
  }

  function retry(ctx: TaskContext, context: Record<string, unknown>, reason: string): TaskResult {
    const backoffMs = Math.min(30_000, retryBase * 2 ** Math.min(ctx.runCount, 5));
    ctx.logger.warn(`webhook ${ctx.stage.name}: ${reason}; retrying in ${backoffMs} ms`);
    return { status: 'RUNNING', backoffMs, context };
  }

  const createWebhook = {
    name: 'createWebhook',
    async run(ctx: TaskContext): Promise<TaskResult> {
      const c = ctx.context;
      const target = checkUrl(c.url, options.allowedHosts);
      if ('error' in target) return { status: 'TERMINAL', error: target.error, context: { webhook: { error: target.error } } };
      const method = String(c.method ?? 'POST').toUpperCase();
      const failFast = numbers(c.failFastStatusCodes);
      const retryCodes = numbers(c.retryStatusCodes);
      let r;
      try {
        r = await call(ctx, method, target.url, headersOf(c.customHeaders), c.payload);
      } catch (err) {
        if (ctx.signal.aborted) return { status: 'CANCELED', error: 'canceled' };
        return retry(ctx, { webhook: { error: String(err) } }, `request failed: ${err}`);
      }
      const webhook: WebhookContext = { statusCode: r.status, body: r.body };
      if (failFast.includes(r.status)) {
        return { status: 'TERMINAL', context: { webhook }, error: `Webhook failed fast with status ${r.status} (failFastStatusCodes)` };
      }
      if (r.status >= 500 || r.status === 429 || retryCodes.includes(r.status)) {
        return retry(ctx, { webhook }, `status ${r.status}`);
      }
      if (r.status >= 400) {
        return { status: 'TERMINAL', context: { webhook }, error: `Webhook returned status ${r.status}: ${excerpt(r.body)}` };
      }
      if (c.waitForCompletion === true) {
        const resolution = String(c.statusUrlResolution ?? 'getMethod');
        let statusEndpoint: unknown = target.url.toString();
        if (resolution === 'locationHeader') {
          statusEndpoint = r.location ? new URL(r.location, target.url).toString() : undefined;
        } else if (resolution === 'webhookResponse') {
          statusEndpoint = readJsonPath(r.body, String(c.statusUrlJsonPath ?? ''));
        }
        if (typeof statusEndpoint !== 'string' || !statusEndpoint) {
          return { status: 'TERMINAL', context: { webhook }, error: `Could not resolve the status URL (${resolution})` };
        }
        webhook.monitor = { statusEndpoint };
      }
      return { status: 'SUCCEEDED', context: { webhook }, outputs: { webhook: { statusCode: r.status, body: r.body } } };
    },
  };

  const monitorWebhook = {
    name: 'monitorWebhook',
    async run(ctx: TaskContext): Promise<TaskResult> {
      const c = ctx.context;
      if (c.waitForCompletion !== true) return { status: 'SUCCEEDED' };
      const webhook = (c.webhook ?? {}) as WebhookContext;
      const target = checkUrl(webhook.monitor?.statusEndpoint, options.allowedHosts, 'status URL');
      if ('error' in target) return { status: 'TERMINAL', error: target.error };
      let r;
      try {
        r = await call(ctx, 'GET', target.url, headersOf(c.customHeaders));
      } catch (err) {
        if (ctx.signal.aborted) return { status: 'CANCELED', error: 'canceled' };
        return retry(ctx, {}, `status request failed: ${err}`);
      }
      if (r.status >= 500 || r.status === 429) return retry(ctx, {}, `status ${r.status}`);
      if (r.status >= 400) {
        return { status: 'TERMINAL', error: `Status URL returned ${r.status}: ${excerpt(r.body)}` };
      }
      const status = c.statusJsonPath ? readJsonPath(r.body, String(c.statusJsonPath)) : undefined;
      const progress = c.progressJsonPath ? readJsonPath(r.body, String(c.progressJsonPath)) : undefined;
      const monitor = { ...webhook.monitor, statusCode: r.status, status, progressMessage: progress };
      const context = { webhook: { ...webhook, monitor } };
      const value = String(status ?? '').trim().toUpperCase();
      if (list(c.successStatuses).includes(value)) {
        return { status: 'SUCCEEDED', context, outputs: { webhook: { statusCode: webhook.statusCode, body: webhook.body, monitor: { status, body: r.body } } } };
      }
      if (list(c.canceledStatuses).includes(value)) return { status: 'CANCELED', context, error: `Webhook reported ${status}` };
      if (list(c.terminalStatuses).includes(value)) return { status: 'TERMINAL', context, error: `Webhook reported ${status}` };
      return { status: 'RUNNING', context, backoffMs: ctx.elapsedMs < 60_000 ? fastPoll : slowPoll };
    },
  };

  return {
    type: 'webhook',
    label: 'Webhook',
    description: 'Calls an HTTP endpoint and optionally waits for the work it started.',
    validate(stage, path) {
      const issues: ValidationIssue[] = [];
      if (typeof stage.url !== 'string' || stage.url === '') issues.push({ path: `${path}.url`, message: 'is required' });
      else if (!isExpression(stage.url)) {
        try {
          void new URL(stage.url);
        } catch {
          issues.push({ path: `${path}.url`, message: 'is not a valid URL' });
        }
      }
      if (stage.method !== undefined && !METHODS.includes(String(stage.method).toUpperCase())) {
        issues.push({ path: `${path}.method`, message: `must be one of ${METHODS.join(', ')}` });
      }
      if (stage.waitForCompletion === true) {
        const res = stage.statusUrlResolution ?? 'getMethod';
        if (!STATUS_URL_RESOLUTIONS.includes(String(res))) {
          issues.push({ path: `${path}.statusUrlResolution`, message: `must be one of ${STATUS_URL_RESOLUTIONS.join(', ')}` });
        }
        if (res === 'webhookResponse' && !stage.statusUrlJsonPath) {
          issues.push({ path: `${path}.statusUrlJsonPath`, message: 'is required with statusUrlResolution webhookResponse' });
        }
        if (!stage.statusJsonPath) issues.push({ path: `${path}.statusJsonPath`, message: 'is required with waitForCompletion' });
      }
      for (const field of ['failFastStatusCodes', 'retryStatusCodes']) {
        const v = stage[field];
        if (v !== undefined && (!Array.isArray(v) || v.some(n => !Number.isInteger(Number(n))))) {
          issues.push({ path: `${path}.${field}`, message: 'must be a list of HTTP status codes' });
        }
      }
      return issues;
    },
    tasks: [createWebhook, monitorWebhook],
    async onCancel(ctx: StageCancelContext) {
      const c = ctx.stage.context;
      if (!c.cancelEndpoint || c.signalCancellation === false) return;
      const target = checkUrl(c.cancelEndpoint, options.allowedHosts, 'cancelEndpoint');
      if ('error' in target) {
        ctx.logger.warn(`webhook ${ctx.stage.name}: not calling the cancel endpoint: ${target.error}`);
        return;
      }
      const method = String(c.cancelMethod ?? 'POST').toUpperCase();
      const r = await call(ctx, method, target.url, headersOf(c.customHeaders), c.cancelPayload);
      ctx.logger.info(`webhook ${ctx.stage.name}: cancel endpoint returned ${r.status}`);
    },
  };
}

function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.map(Number).filter(Number.isFinite) : [];
}

/** Spinnaker writes status lists as comma-separated strings; lists are accepted too. */
function list(v: unknown): string[] {
  let items: unknown[] = [];
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'string') items = v.split(',');
  return items.map(x => String(x).trim().toUpperCase()).filter(Boolean);
}

function headersOf(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, value]) => [
      k,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}

function excerpt(body: unknown): string {
  const s = typeof body === 'string' ? body : JSON.stringify(body);
  if (s === undefined) return '';
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
