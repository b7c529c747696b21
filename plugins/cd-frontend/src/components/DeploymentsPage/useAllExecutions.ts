import { useApi } from '@backstage/core-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  CD_APPLICATION_ANNOTATION,
  ExecutionSummary,
  getCdApplication,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-cd-common';
import { cdApiRef, errorMessage } from '../../api';

export interface AppExecution extends ExecutionSummary {
  /** The Deploy tab of the entity that owns the application. */
  deployTab: string;
}

export interface AllExecutions {
  executions: AppExecution[];
  applications: string[];
  /** Applications whose executions could not be read (e.g. no permission). */
  failures: Array<{ application: string; message: string }>;
}

const PER_APPLICATION = 20;

const deployTabOf = (entity: Entity) =>
  `/catalog/${
    entity.metadata.namespace ?? 'default'
  }/${entity.kind.toLowerCase()}/${entity.metadata.name}/cd`;

/**
 * Every CD application's recent executions. The executions API lists one
 * application at a time, so the applications come from the catalog
 * (entities annotated for CD) and are read in parallel.
 */
export function useAllExecutions() {
  const catalogApi = useApi(catalogApiRef);
  const cdApi = useApi(cdApiRef);
  return useAsyncRetry(async (): Promise<AllExecutions> => {
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
      ],
    });
    const entityByApp = new Map<string, Entity>();
    for (const entity of items) {
      const application = getCdApplication(entity);
      if (application && !entityByApp.has(application))
        entityByApp.set(application, entity);
    }
    const applications = [...entityByApp.keys()].sort();
    const pages = await Promise.allSettled(
      applications.map(application =>
        cdApi.listExecutions({ application, limit: PER_APPLICATION }),
      ),
    );
    const executions: AppExecution[] = [];
    const failures: AllExecutions['failures'] = [];
    pages.forEach((page, i) => {
      const application = applications[i];
      if (page.status === 'rejected') {
        failures.push({ application, message: errorMessage(page.reason) });
        return;
      }
      const deployTab = deployTabOf(entityByApp.get(application)!);
      executions.push(...page.value.items.map(e => ({ ...e, deployTab })));
    });
    executions.sort(
      (a, b) => (b.startTime ?? b.buildTime) - (a.startTime ?? a.buildTime),
    );
    return { executions, applications, failures };
  }, [catalogApi, cdApi]);
}
