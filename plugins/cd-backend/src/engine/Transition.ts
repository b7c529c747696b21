import type {
  Execution,
  ExecutionEvent,
  ExecutionEventType,
  StageExecution,
} from '@internal/plugin-cd-common';
import type { ExecutionState } from './ExecutionState';
import type { ExpressionEngine } from './expressions';
import type { OutgoingMessage } from './messages';
import type { StageRegistry } from './StageRegistry';

export interface TransitionEnv {
  registry: StageRegistry;
  expressions: ExpressionEngine;
}

/**
 * One transition being built: changes go to the state (change-tracked),
 * produced messages and events are collected here. The worker commits the
 * state and the messages together, then publishes the events.
 */
export class Transition {
  readonly messages: OutgoingMessage[] = [];
  readonly events: ExecutionEvent[] = [];
  readonly now = Date.now();

  constructor(readonly state: ExecutionState, readonly env: TransitionEnv) {}

  get execution(): Execution {
    return this.state.execution;
  }

  send(...messages: OutgoingMessage[]) {
    this.messages.push(...messages);
  }

  emit(type: ExecutionEventType, stage?: StageExecution) {
    const e = this.execution;
    this.events.push({
      type,
      executionId: e.id,
      application: e.application,
      pipelineConfigId: e.pipelineConfigId,
      pipelineName: e.name,
      status: stage ? stage.status : e.status,
      stageId: stage?.id,
      stageName: stage?.name,
      stageType: stage?.type,
      notifications: stage
        ? (stage.context.notifications as ExecutionEvent['notifications']) ?? undefined
        : e.pipelineConfig.notifications,
      timestamp: this.now,
    });
  }
}
