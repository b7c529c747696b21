/*
 * The inventory benchmark's HTTP client in its own process, as a browser is:
 * parsing the answers (the peer's are large) makes garbage in this process,
 * not in the ones that serve them. It times the calls itself, so what it
 * reports is a caller's wall time: request, server, transfer and JSON.parse.
 *
 * The benchmark forks it (startBenchClient) and sends it commands over IPC.
 */
import { ChildProcess, fork } from 'child_process';
import { closeHttpClient, HttpRequest, send } from './inventoryHttp';

type Command =
  | { op: 'fetch'; request: HttpRequest }
  | { op: 'repeat'; request: HttpRequest; count: number }
  /** `rounds` times: one call of `first`, then `secondPerRound` calls of `second`, `settleMs` of quiet before each side. */
  | { op: 'interleave'; first: HttpRequest; second: HttpRequest; rounds: number; secondPerRound: number; settleMs: number };

type Reply = { id: number; result?: unknown; error?: string };

async function timeCall(request: HttpRequest): Promise<number> {
  const started = process.hrtime.bigint();
  await send(request);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'fetch':
      return send(command.request);
    case 'repeat': {
      const times: number[] = [];
      for (let i = 0; i < command.count; i++) times.push(await timeCall(command.request));
      return times;
    }
    case 'interleave': {
      const first: number[] = [];
      const second: number[] = [];
      const settle = () => new Promise(resolve => setTimeout(resolve, command.settleMs));
      for (let i = 0; i < command.rounds; i++) {
        await settle();
        first.push(await timeCall(command.first));
        await settle();
        for (let j = 0; j < command.secondPerRound; j++) second.push(await timeCall(command.second));
      }
      return { first, second };
    }
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
}

function serve() {
  process.on('message', (message: { id: number; command: Command }) => {
    run(message.command).then(
      result => process.send!({ id: message.id, result } satisfies Reply),
      error => process.send!({ id: message.id, error: String(error?.stack ?? error) } satisfies Reply),
    );
  });
  process.on('disconnect', () => {
    closeHttpClient();
    process.exit(0);
  });
}

export interface BenchClient {
  pid: number;
  fetch<T>(request: HttpRequest): Promise<T>;
  /** Wall times (ms) of `count` sequential calls. */
  repeat(request: HttpRequest, count: number): Promise<number[]>;
  /**
   * Both sides' wall times (ms): one call of `first` then `secondPerRound` of `second`, `rounds` times.
   * Each side starts after `settleMs` of quiet, so it does not pay for the other's trailing work
   * (its garbage collection, this client's parsing of its answers).
   */
  interleave(
    first: HttpRequest,
    second: HttpRequest,
    options: { rounds: number; secondPerRound: number; settleMs: number },
  ): Promise<{ first: number[]; second: number[] }>;
  stop(): Promise<void>;
}

export function startBenchClient(): BenchClient {
  const child: ChildProcess = fork(__filename, [], {
    execArgv: ['-r', '@backstage/cli/config/nodeTransform.cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(`bench client: ${reply.error}`));
    else waiter?.resolve(reply.result);
  });
  child.once('exit', code => {
    for (const waiter of pending.values()) waiter.reject(new Error(`bench client exited with ${code}`));
    pending.clear();
  });
  const call = <T>(command: Command) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, command });
    });
  return {
    pid: child.pid!,
    fetch: request => call({ op: 'fetch', request }),
    repeat: (request, count) => call({ op: 'repeat', request, count }),
    interleave: (first, second, options) => call({ op: 'interleave', first, second, ...options }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

if (require.main === module) serve();
