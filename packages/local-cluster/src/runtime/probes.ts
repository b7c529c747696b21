import http from 'http';
import https from 'https';
import net from 'net';
import { spawn } from 'child_process';

export interface ProbeContext {
  podIP: string;
  /** the container's named ports */
  ports: Array<{ name?: string; containerPort: number }>;
  env: Record<string, string>;
  cwd?: string;
}

export interface ProbeResult {
  ok: boolean;
  message?: string;
}

export function probeTiming(probe: any) {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: Math.max(0.1, probe.periodSeconds ?? 10) * 1000,
    timeoutMs: Math.max(0.1, probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: Math.max(1, probe.successThreshold ?? 1),
    failureThreshold: Math.max(1, probe.failureThreshold ?? 3),
  };
}

/** Runs one httpGet / tcpSocket / exec / grpc probe once. */
export function runProbe(probe: any, ctx: ProbeContext): Promise<ProbeResult> {
  const { timeoutMs } = probeTiming(probe);
  if (probe.httpGet) return httpProbe(probe.httpGet, ctx, timeoutMs);
  if (probe.tcpSocket)
    return tcpProbe(
      probe.tcpSocket.host ?? ctx.podIP,
      resolvePort(probe.tcpSocket.port, ctx),
      timeoutMs,
    );
  if (probe.exec) return execProbe(probe.exec.command ?? [], ctx, timeoutMs);
  // no gRPC client here: a gRPC health check is answered by whether the port accepts connections
  if (probe.grpc) return tcpProbe(ctx.podIP, probe.grpc.port, timeoutMs);
  return Promise.resolve({
    ok: false,
    message: 'probe has no handler (httpGet, tcpSocket, exec or grpc)',
  });
}

function resolvePort(port: number | string, ctx: ProbeContext): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = ctx.ports.find(p => p.name === port);
  if (!named)
    throw new Error(`port "${port}" is not a named port of the container`);
  return named.containerPort;
}

function httpProbe(
  spec: any,
  ctx: ProbeContext,
  timeoutMs: number,
): Promise<ProbeResult> {
  return new Promise(resolve => {
    let port: number;
    try {
      port = resolvePort(spec.port, ctx);
    } catch (error) {
      resolve({ ok: false, message: (error as Error).message });
      return;
    }
    const scheme = String(spec.scheme ?? 'HTTP').toUpperCase();
    const host = spec.host ?? ctx.podIP;
    const headers: Record<string, string> = {
      'User-Agent': 'kube-probe/1.31',
      Accept: '*/*',
    };
    for (const h of spec.httpHeaders ?? []) headers[h.name] = h.value;
    const url = `${scheme.toLowerCase()}://${host}:${port}${spec.path ?? '/'}`;
    const client = scheme === 'HTTPS' ? https : http;
    const req = client.request(
      {
        host,
        port,
        path: spec.path ?? '/',
        method: 'GET',
        headers,
        timeout: timeoutMs,
        agent: false,
        rejectUnauthorized: false,
      },
      res => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(
          code >= 200 && code < 400
            ? { ok: true }
            : {
                ok: false,
                message: `HTTP probe failed with statuscode: ${code}`,
              },
        );
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({
        ok: false,
        message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      });
    });
    req.on('error', error =>
      resolve({
        ok: false,
        message: `Get "${url}": ${describeNetError(error)}`,
      }),
    );
    req.end();
  });
}

function tcpProbe(
  host: string,
  port: number | string,
  timeoutMs: number,
): Promise<ProbeResult> {
  return new Promise(resolve => {
    const socket = net.connect({ host, port: Number(port) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` });
    }, timeoutMs);
    socket.on('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.on('error', error => {
      clearTimeout(timer);
      resolve({
        ok: false,
        message: `dial tcp ${host}:${port}: ${describeNetError(error)}`,
      });
    });
  });
}

function execProbe(
  command: string[],
  ctx: ProbeContext,
  timeoutMs: number,
): Promise<ProbeResult> {
  return new Promise(resolve => {
    if (command.length === 0) {
      resolve({ ok: false, message: 'exec probe has an empty command' });
      return;
    }
    let output = '';
    const child = spawn(command[0], command.slice(1), {
      env: ctx.env,
      cwd: ctx.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({
        ok: false,
        message: `command timed out after ${timeoutMs / 1000}s`,
      });
    }, timeoutMs);
    const collect = (d: Buffer) => {
      if (output.length < 1024) output += d.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', error => {
      clearTimeout(timer);
      resolve({ ok: false, message: error.message });
    });
    child.on('exit', code => {
      clearTimeout(timer);
      resolve(
        code === 0
          ? { ok: true }
          : {
              ok: false,
              message: output.trim() || `command exited with ${code}`,
            },
      );
    });
  });
}

function describeNetError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connect: connection refused';
  return error.message;
}
