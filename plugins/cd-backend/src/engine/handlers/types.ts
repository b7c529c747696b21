import type { Execution } from '@internal/plugin-cd-common';
import type { TaskLogger } from '@internal/plugin-cd-node';
import type { AbortRegistry } from '../AbortRegistry';
import type { ExecutionRepository } from '../ExecutionRepository';
import type { ExecutionState } from '../ExecutionState';
import type { OutgoingMessage, QueuedMessage } from '../messages';
import type { Transition, TransitionEnv } from '../Transition';

export interface HandlerEnv extends TransitionEnv {
  repository: ExecutionRepository;
  logger: TaskLogger;
  aborts: AbortRegistry;
  /** Pipeline-completed triggers: start pipelines that follow this one. */
  onExecutionComplete?: (execution: Execution) => Promise<void>;
  /** Serializes limitConcurrent start decisions of one pipeline within this process. */
  withPipelineLock<T>(pipelineConfigId: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * What a handler decided after its I/O: a synchronous change to apply to
 * the execution (re-applied to fresh state if the commit meets a concurrent
 * change) and/or messages to queue.
 */
export interface Prepared {
  apply?: (t: Transition) => void;
  messages?: OutgoingMessage[];
}

export interface MessageHandler {
  /** Whether the handler works on the message's execution (loaded and version-fenced). */
  needsState: boolean;
  /**
   * Handlers whose decision reads other executions (limitConcurrent) name a
   * key; this process runs prepare-and-commit for one key at a time.
   */
  serializeBy?(state: ExecutionState | undefined): string | undefined;
  prepare(message: QueuedMessage, state: ExecutionState | undefined, env: HandlerEnv): Promise<Prepared>;
}
