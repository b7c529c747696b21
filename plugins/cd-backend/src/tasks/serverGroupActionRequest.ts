import type { ServerGroupActionRequest } from '@internal/plugin-cd-common';
import { z } from 'zod';
import { PipelineValidationError } from '../pipelines/errors';

const reason = z.string().max(2000).optional();

/** The body of POST …/serverGroups/…/actions; unknown fields are refused so a typo is not silently ignored. */
export const serverGroupActionRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('scale'), replicas: z.number().int().min(0).max(10_000), reason }).strict(),
  z.object({ action: z.literal('disable'), reason }).strict(),
  z.object({ action: z.literal('enable'), reason }).strict(),
  z
    .object({
      action: z.literal('rollback'),
      revision: z.number().int().positive().optional(),
      restoreServerGroup: z.string().min(1).max(253).optional(),
      reason,
    })
    .strict(),
  z.object({ action: z.literal('delete'), reason }).strict(),
]);

/** Parses an action request; a 400 naming each bad field (`replicas: Expected number, received string`). */
export function parseServerGroupActionRequest(body: unknown): ServerGroupActionRequest {
  const parsed = serverGroupActionRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new PipelineValidationError(
    parsed.error.issues.map(i => ({ path: i.path.join('.') || '(body)', message: i.message })),
    'invalid server group action',
  );
}
