import { KubernetesRequestError } from './errors';

export interface KubernetesRetryOptions {
  /** the HTTP method: a 409 Conflict is retried for updates, never for a create (AlreadyExists) */
  method?: string;
  /** tries in all, the first included (default 8: about 30 s of backoff, enough for an API server restart) */
  attempts?: number;
  /** first backoff (default 500 ms), doubled per retry */
  baseMs?: number;
  /** longest backoff (default 8 s) */
  maxMs?: number;
  /** a server's Retry-After is honoured up to this (default 30 s) */
  maxRetryAfterMs?: number;
  /** stops waiting and retrying (the task was canceled) */
  signal?: AbortSignal;
  /** told before each wait, e.g. to log "429 …; retrying in 2000 ms" */
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    error: KubernetesRequestError;
  }) => void;
  /** 0..1; default Math.random. Spreads retries of many clients apart (±20%). */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Statuses a healthy retry can get past: throttling, server errors, gateway timeouts. */
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** Whether a failed call may succeed when repeated unchanged. */
export function isRetryableKubernetesError(
  error: unknown,
  method = 'GET',
): error is KubernetesRequestError {
  if (!(error instanceof KubernetesRequestError)) return false;
  if (error.statusCode === undefined)
    return (
      error.networkCode !== undefined &&
      TRANSIENT_NETWORK.has(error.networkCode)
    );
  if (TRANSIENT_STATUS.has(error.statusCode)) return true;
  // An optimistic-concurrency conflict on an update; a create's 409 means it already exists.
  return (
    error.statusCode === 409 &&
    error.reason !== 'AlreadyExists' &&
    method.toUpperCase() !== 'POST'
  );
}

/** The wait before retry number `retry` (1-based): exponential, jittered, at least the server's Retry-After. */
export function kubernetesBackoffMs(
  error: KubernetesRequestError,
  retry: number,
  options: KubernetesRetryOptions = {},
): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 8000;
  const jitter = 0.8 + 0.4 * (options.random ?? Math.random)();
  const exponential = Math.min(max, base * 2 ** (retry - 1)) * jitter;
  const retryAfterMs =
    error.retryAfterSeconds !== undefined
      ? Math.min(
          options.maxRetryAfterMs ?? 30_000,
          error.retryAfterSeconds * 1000,
        )
      : 0;
  return Math.round(Math.max(exponential, retryAfterMs));
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason ?? new Error('aborted'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs a call to a cluster, repeating it with exponential backoff while it
 * fails transiently (429 honouring Retry-After, 5xx, connection resets and
 * timeouts, update conflicts). Callers must only pass calls that are safe to
 * repeat (reads, server-side apply, patches that set values). The last error
 * is rethrown with how long it kept trying, so a stage fails with a message
 * that says the cluster kept refusing, not just its last answer.
 */
export async function withKubernetesRetry<T>(
  call: (attempt: number) => Promise<T>,
  options: KubernetesRetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 8);
  const sleep = options.sleep ?? abortableSleep;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (
        options.signal?.aborted ||
        !isRetryableKubernetesError(error, options.method)
      )
        throw error;
      if (attempt >= attempts) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        throw new KubernetesRequestError(
          `${error.message}; gave up after ${attempts} attempts over ${seconds} s`,
          error.statusCode,
          error.reason,
          error.networkCode,
          error.retryAfterSeconds,
        );
      }
      const delayMs = kubernetesBackoffMs(error, attempt, options);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
