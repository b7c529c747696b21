import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { TaskLogger } from '@internal/plugin-cd-node';

/** Backstage's logger takes JSON metadata; tasks log plain records. */
export function taskLoggerFrom(logger: LoggerService): TaskLogger {
  return {
    info: (message, meta) => logger.info(message, meta as JsonObject | undefined),
    warn: (message, meta) => logger.warn(message, meta as JsonObject | undefined),
    error: (message, meta) => logger.error(message, meta as JsonObject | undefined),
  };
}
