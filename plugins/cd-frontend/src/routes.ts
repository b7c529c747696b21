import { createRouteRef } from '@backstage/core-plugin-api';

export const entityContentRouteRef = createRouteRef({
  id: 'cd:entity-content',
});
export const deploymentsRouteRef = createRouteRef({ id: 'cd:deployments' });
