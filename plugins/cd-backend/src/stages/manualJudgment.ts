import type { StageDefinition } from '@internal/plugin-cd-node';

/** Re-check of a waiting judgment; a submitted judgment runs the check at once. */
const RECHECK_MS = 60_000;

/**
 * `manualJudgment`: waits for a person to continue or stop the pipeline. The
 * router records the judgment (who, when, the chosen input) after checking
 * the judge's permission and, when `requiredJudgmentRoles` is set, group
 * membership; this task only turns the recorded judgment into a result.
 */
export function manualJudgmentStage(): StageDefinition {
  return {
    type: 'manualJudgment',
    label: 'Manual Judgment',
    description: 'Waits for a user to continue or stop the pipeline.',
    validate(stage, path) {
      const issues = [];
      if (stage.judgmentInputs !== undefined) {
        if (!Array.isArray(stage.judgmentInputs)) {
          issues.push({ path: `${path}.judgmentInputs`, message: 'must be a list of {value}' });
        } else {
          stage.judgmentInputs.forEach((input, i) => {
            if (!input || typeof (input as { value?: unknown }).value !== 'string') {
              issues.push({ path: `${path}.judgmentInputs[${i}].value`, message: 'must be a string' });
            }
          });
        }
      }
      if (stage.requiredJudgmentRoles !== undefined && !Array.isArray(stage.requiredJudgmentRoles)) {
        issues.push({ path: `${path}.requiredJudgmentRoles`, message: 'must be a list of group entity refs' });
      }
      return issues;
    },
    tasks: [
      {
        name: 'waitForJudgment',
        async run(ctx) {
          const status = ctx.context.judgmentStatus;
          if (status === 'continue') return { status: 'SUCCEEDED', outputs: { judgmentStatus: status } };
          if (status === 'stop') {
            return {
              status: 'TERMINAL',
              outputs: { judgmentStatus: status },
              error: `Stopped by ${String(ctx.context.lastModifiedBy ?? 'a judge')}`,
            };
          }
          return { status: 'RUNNING', backoffMs: RECHECK_MS };
        },
      },
    ],
  };
}

/**
 * Decides whether a user may judge a stage restricted by
 * `requiredJudgmentRoles` (group entity refs). Implemented over the catalog
 * by the plugin wiring; absent means no restriction is enforced beyond the
 * judgment permission.
 */
export type JudgmentAuthorizer = (args: {
  userEntityRef: string;
  requiredJudgmentRoles: string[];
}) => Promise<boolean>;
