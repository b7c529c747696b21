import type { MessageKind } from '../messages';
import { cancelExecutionHandler } from './cancelExecution';
import { fireTriggersHandler } from './fireTriggers';
import { pokeStageHandler } from './pokeStage';
import { reconcileHandler } from './reconcile';
import { runTaskHandler } from './runTask';
import { stageCleanupHandler } from './stageCleanup';
import { startExecutionHandler } from './startExecution';
import { startWaitingHandler } from './startWaiting';
import type { MessageHandler } from './types';

export const handlers: Record<MessageKind, MessageHandler> = {
  StartExecution: startExecutionHandler,
  RunTask: runTaskHandler,
  CancelExecution: cancelExecutionHandler,
  Reconcile: reconcileHandler,
  PokeStage: pokeStageHandler,
  StageCleanup: stageCleanupHandler,
  FireTriggers: fireTriggersHandler,
  StartWaiting: startWaitingHandler,
};

export type { HandlerEnv, MessageHandler, Prepared } from './types';
