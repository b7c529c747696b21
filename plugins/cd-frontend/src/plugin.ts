import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { cdApiRef, CdClient } from './api';
import {
  createFromTemplateRouteRef,
  deploymentsRouteRef,
  entityContentRouteRef,
} from './routes';

export const cdPlugin = createPlugin({
  id: 'cd',
  apis: [
    createApiFactory({
      api: cdApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CdClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: entityContentRouteRef,
    deployments: deploymentsRouteRef,
  },
  externalRoutes: {
    createFromTemplate: createFromTemplateRouteRef,
  },
});

/** The Deploy tab of a component's entity page. */
export const EntityCdContent = cdPlugin.provide(
  createRoutableExtension({
    name: 'EntityCdContent',
    component: () => import('./components/DeployTab').then(m => m.DeployTab),
    mountPoint: entityContentRouteRef,
  }),
);

/** The portal-wide Deployments page. */
export const CdDeploymentsPage = cdPlugin.provide(
  createRoutableExtension({
    name: 'CdDeploymentsPage',
    component: () =>
      import('./components/DeploymentsPage').then(m => m.DeploymentsPage),
    mountPoint: deploymentsRouteRef,
  }),
);

/** DORA metrics of the entity, for its overview page. */
export const EntityCdDoraCard = cdPlugin.provide(
  createComponentExtension({
    name: 'EntityCdDoraCard',
    component: {
      lazy: () => import('./components/Dora').then(m => m.EntityDoraCard),
    },
  }),
);
