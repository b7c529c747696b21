import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CD_APPLICATION_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  getCdApplication,
} from '@internal/plugin-cd-common';

/** Maps a CD application name to the catalog entity that owns it, and back. */
export interface ApplicationResolver {
  /** The entity ref (e.g. `component:default/demo-app`) owning an application. */
  entityRefFor(application: string): Promise<string>;
  /** The application of an entity ref, or undefined when the entity has none. */
  applicationFor(entityRef: string): Promise<string | undefined>;
}

const CACHE_MS = 5_000;

/**
 * Resolves through the catalog, with a short cache: permission checks happen
 * on every request and the catalog is the source of truth for ownership.
 */
export class CatalogApplicationResolver implements ApplicationResolver {
  private readonly cache = new Map<string, { ref: string; at: number }>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async entityRefFor(application: string): Promise<string> {
    const hit = this.cache.get(application);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.ref;
    const ref = (await this.lookup(application)) ?? `component:default/${application}`;
    this.cache.set(application, { ref, at: Date.now() });
    return ref;
  }

  async applicationFor(entityRef: string): Promise<string | undefined> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entity = await this.deps.catalog.getEntityByRef(entityRef, { credentials });
    return entity ? getCdApplication(entity) : undefined;
  }

  private async lookup(application: string): Promise<string | undefined> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    for (const annotation of [CD_APPLICATION_ANNOTATION, KUBERNETES_ID_ANNOTATION]) {
      try {
        const { items } = await this.deps.catalog.getEntities(
          { filter: { [`metadata.annotations.${annotation}`]: application }, limit: 1 } as any,
          { credentials },
        );
        if (items.length > 0) return stringifyEntityRef(items[0] as Entity);
      } catch (e) {
        this.deps.logger.warn(`catalog lookup of application ${application} failed: ${e}`);
        return undefined;
      }
    }
    return undefined;
  }
}

/** A fixed mapping, for tests and for installations without a catalog. */
export class StaticApplicationResolver implements ApplicationResolver {
  constructor(private readonly refs: Record<string, string> = {}) {}
  async entityRefFor(application: string) {
    return this.refs[application] ?? `component:default/${application}`;
  }
  async applicationFor(entityRef: string) {
    return Object.entries(this.refs).find(([, r]) => r === entityRef)?.[0];
  }
}
