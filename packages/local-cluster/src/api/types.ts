import type { IncomingMessage } from 'http';

export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  previous?: boolean;
}

/** Where `pods/log` reads from; the pod runtime implements it. */
export interface PodLogSource {
  /** undefined when the container has no log (yet) */
  read(namespace: string, pod: string, opts: PodLogOptions): NodeJS.ReadableStream | undefined;
}

export interface InjectedFault {
  /** the status to answer with; with only `delayMs` the request is served normally after the delay */
  code?: number;
  retryAfterSeconds?: number;
  message?: string;
  /** wait this long first (a slow server) */
  delayMs?: number;
  /** reset the connection instead of answering */
  drop?: boolean;
}

/** Lets tests make chosen requests fail as an overloaded or broken API server would. */
export interface FaultInjector {
  shouldFail(req: IncomingMessage): InjectedFault | undefined;
}
