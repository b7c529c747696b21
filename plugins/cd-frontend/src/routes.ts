import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

export const entityContentRouteRef = createRouteRef({
  id: 'cd:entity-content',
});
export const deploymentsRouteRef = createRouteRef({ id: 'cd:deployments' });

/**
 * A scaffolder template's page (bind to the scaffolder's `selectedTemplate`):
 * the Deploy tab's "From template" opens the pipeline template with the entity
 * filled in.
 */
export const createFromTemplateRouteRef = createExternalRouteRef({
  id: 'cd:create-from-template',
  params: ['namespace', 'templateName'],
  optional: true,
});
