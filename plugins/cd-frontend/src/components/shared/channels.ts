/*
 * The signal channels the cd backend publishes on (see cd-backend plugin.ts).
 */

/** Every change of one execution (stage and pipeline transitions, judgments). */
export const executionChannel = (executionId: string) =>
  `cd:execution:${executionId}`;

/** Any change of what an application runs in its clusters. */
export const inventoryChannel = (application: string) =>
  `cd:inventory:${application}`;

/** An execution of the application started or changed: executions lists reload on it. */
export const applicationExecutionsChannel = (application: string) =>
  `cd:executions:${application}`;
