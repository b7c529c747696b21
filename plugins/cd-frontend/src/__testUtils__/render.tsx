import { ReactElement } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  permissionApiRef,
  PermissionApi,
} from '@backstage/plugin-permission-react';
import { cdApiRef, CdApi } from '../api';
import { permissionApiDenying } from './permissions';
import { shopEntity } from './builders';

/** Renders a CD view inside the shop entity with the given CdApi double and permissions. */
export function renderCdView(
  element: ReactElement,
  options: {
    cdApi: CdApi;
    permissionApi?: PermissionApi;
    routeEntries?: string[];
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [cdApiRef, options.cdApi],
        [permissionApiRef, options.permissionApi ?? permissionApiDenying()],
      ]}
    >
      <EntityProvider entity={shopEntity}>{element}</EntityProvider>
    </TestApiProvider>,
    { routeEntries: options.routeEntries },
  );
}
