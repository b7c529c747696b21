/**
 * The SSRF guard of outgoing webhook calls: only hosts on the configured
 * allow-list may be called. Entries are host names (`hooks.example.com`),
 * host:port (`127.0.0.1:8080`), wildcards (`*.example.com`), or `*` (any host).
 */
export function isHostAllowed(url: URL, allowedHosts: readonly string[]): boolean {
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const defaultPorts: Record<string, string> = { 'https:': '443', 'http:': '80' };
  const port = url.port || (defaultPorts[url.protocol] ?? '');
  return allowedHosts.some(raw => {
    const entry = raw.trim().toLowerCase();
    if (entry === '*') return true;
    const [hostPart, portPart] = splitHostPort(entry);
    if (portPart !== undefined && portPart !== port) return false;
    if (hostPart.startsWith('*.')) return hostname.endsWith(hostPart.slice(1));
    return hostname === hostPart;
  });
}

function splitHostPort(entry: string): [string, string | undefined] {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracket) return [bracket[1], bracket[2]];
  const parts = entry.split(':');
  if (parts.length === 2 && /^\d+$/.test(parts[1])) return [parts[0], parts[1]];
  return [entry, undefined];
}

/** Parses a URL and checks it against the allow-list; the error names the problem. */
export function checkUrl(raw: unknown, allowedHosts: readonly string[], field = 'url'): { url: URL } | { error: string } {
  if (typeof raw !== 'string' || raw === '') return { error: `${field} is required` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `${field} ${JSON.stringify(raw)} is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `${field} must use http or https, not ${url.protocol}` };
  }
  if (!isHostAllowed(url, allowedHosts)) {
    return {
      error: `host ${url.host} is not in the webhook allow-list (cd.webhooks.allowedHosts); ask an administrator to allow it`,
    };
  }
  return { url };
}
