/**
 * Parameter resolution is isomorphic (the run dialog shows the same errors
 * the backend enforces), so it lives in cd-common; the engine and triggers
 * import it from here.
 */
export { resolveParameters } from '@internal/plugin-cd-common';
export type { ResolvedParameters } from '@internal/plugin-cd-common';
