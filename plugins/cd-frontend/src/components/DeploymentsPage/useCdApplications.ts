import { useApi } from '@backstage/core-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import {
  CD_APPLICATION_ANNOTATION,
  getCdApplication,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-cd-common';

/** A CD application and the catalog entity that owns it. */
export interface CdApplication {
  application: string;
  entityRef: string;
  entityName: string;
  /** `team-a`, `group:default/team-a`… as the entity states it; '' when unowned. */
  owner: string;
  system: string;
  /** The Deploy tab of the entity. */
  deployTab: string;
}

const deployTabOf = (entity: Entity) =>
  `/catalog/${
    entity.metadata.namespace ?? 'default'
  }/${entity.kind.toLowerCase()}/${entity.metadata.name}/cd`;

const specString = (entity: Entity, field: string) => {
  const value = (entity.spec as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : '';
};

/**
 * Every application the portal deploys, from the catalog (entities
 * annotated for CD), with the owner and system the page filters by. The
 * first entity naming an application owns it.
 */
export function useCdApplications() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<CdApplication[]> => {
    const { items } = await catalogApi.getEntities({
      filter: [
        {
          [`metadata.annotations.${CD_APPLICATION_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        {
          [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
        'spec.owner',
        'spec.system',
      ],
    });
    const byApplication = new Map<string, CdApplication>();
    for (const entity of items) {
      const application = getCdApplication(entity);
      if (!application || byApplication.has(application)) continue;
      byApplication.set(application, {
        application,
        entityRef: stringifyEntityRef(entity),
        entityName: entity.metadata.name,
        owner: specString(entity, 'owner'),
        system: specString(entity, 'system'),
        deployTab: deployTabOf(entity),
      });
    }
    return [...byApplication.values()].sort((a, b) =>
      a.application.localeCompare(b.application),
    );
  }, [catalogApi]);
}
