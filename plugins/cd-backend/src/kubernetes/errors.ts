/** A failed call to a cluster, with the message users see on the account. */
export class KubernetesRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly reason?: string,
    /** the network error's code (ECONNRESET…) when the call got no answer */
    readonly networkCode?: string,
    /** how long the server asked to wait before trying again (429 and 503 Status details) */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'KubernetesRequestError';
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS)',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Turns an HTTP status (with the Kubernetes Status body when there is one)
 * or a network error into a message that says what to fix.
 */
export function describeStatus(statusCode: number, body: unknown, what: string): KubernetesRequestError {
  const status = typeof body === 'object' && body
    ? (body as { message?: string; reason?: string; details?: { retryAfterSeconds?: unknown } })
    : {};
  const retryAfter = status.details?.retryAfterSeconds;
  const detail = status.message ? `: ${status.message}` : '';
  let message: string;
  switch (statusCode) {
    case 401:
      message = `401 Unauthorized: bad token or credentials (${what})`;
      break;
    case 403:
      message = `403 Forbidden${detail || `: ${what}`}`;
      break;
    case 404:
      message = `404 Not Found: ${what}${detail}`;
      break;
    case 410:
      message = `410 Gone${detail}`;
      break;
    default:
      message = `${statusCode} ${status.reason ?? 'Error'}${detail} (${what})`;
  }
  return new KubernetesRequestError(
    message,
    statusCode,
    status.reason,
    undefined,
    typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : undefined,
  );
}

export function describeError(error: unknown, server: string, what: string): KubernetesRequestError {
  if (error instanceof KubernetesRequestError) return error;
  const e = error as { code?: string; statusCode?: number; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (code && NETWORK_CODES[code]) {
    return new KubernetesRequestError(`unreachable: ${NETWORK_CODES[code]} at ${server} (${code})`, undefined, undefined, code);
  }
  if (typeof e?.statusCode === 'number') return describeStatus(e.statusCode, undefined, what);
  return new KubernetesRequestError(`${what} failed: ${e?.message ?? String(error)}`);
}
