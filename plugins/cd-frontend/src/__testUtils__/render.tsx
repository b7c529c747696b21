import { ReactElement } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  permissionApiRef,
  PermissionApi,
} from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { cdApiRef, CdApi } from '../api';
import { permissionApiDenying } from './permissions';
import { shopEntity } from './builders';
import type { TestSignals } from './signals';

/**
 * Renders a CD view inside the shop entity with the given CdApi double.
 * Permissions: all allowed, except those named in `deny` (or answered by
 * `permissionApi`). Signals: unavailable unless `signals` is given.
 */
export function renderCdView(
  element: ReactElement,
  options: {
    cdApi: CdApi;
    permissionApi?: PermissionApi;
    /** Permission names (e.g. `cd.serverGroup.manage`) the user lacks. */
    deny?: string[];
    signals?: TestSignals;
    routeEntries?: string[];
  },
) {
  const permissionApi =
    options.permissionApi ?? permissionApiDenying(...(options.deny ?? []));
  const content = (
    <EntityProvider entity={shopEntity}>{element}</EntityProvider>
  );
  return renderInTestApp(
    options.signals ? (
      <TestApiProvider
        apis={[
          [cdApiRef, options.cdApi],
          [permissionApiRef, permissionApi],
          [signalApiRef, options.signals],
        ]}
      >
        {content}
      </TestApiProvider>
    ) : (
      <TestApiProvider
        apis={[
          [cdApiRef, options.cdApi],
          [permissionApiRef, permissionApi],
        ]}
      >
        {content}
      </TestApiProvider>
    ),
    { routeEntries: options.routeEntries },
  );
}
