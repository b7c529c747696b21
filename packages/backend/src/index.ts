/**
 * The portal's backend: Backstage core plugins plus the cd plugin.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: the demo signs in as guest
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: the cd product's policy (everyone reads, owners change and
// deploy what they own, restricted environments need a group; every other
// plugin's permissions stay allowed). See docs/permissions.md.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-cd-policy'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// cd:pipeline:create and cd:canary-config:create
backend.add(import('@internal/plugin-scaffolder-backend-module-cd'));

// notifications and signals
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// continuous delivery
backend.add(import('@internal/plugin-cd-backend'));

backend.start();
