import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import type { ApplicationResolver } from '../service/ApplicationResolver';

/** Who did something, as recorded on executions, versions and audit records. */
export interface Actor {
  /** The user entity ref (`user:default/guest`) or the service's subject. */
  ref: string;
  credentials: BackstageCredentials;
}

/**
 * Checks a CD permission for the caller of a request against the entity that
 * owns an application. Every route (read or write) goes through here so that
 * a denied call fails before anything is read or written.
 */
export class CdAuthorizer {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      applications: ApplicationResolver;
    },
  ) {}

  async authorize(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    application: string,
  ): Promise<Actor> {
    const credentials = await this.deps.httpAuth.credentials(req);
    const resourceRef = await this.deps.applications.entityRefFor(application);
    const [decision] = await this.deps.permissions.authorize(
      [{ permission, resourceRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `${permission.name} denied on ${resourceRef} (application ${application})`,
      );
    }
    return { ref: principalRef(credentials), credentials };
  }

  /** The caller, without a permission check (for routes scoped by other means). */
  async actor(req: Request): Promise<Actor> {
    const credentials = await this.deps.httpAuth.credentials(req);
    return { ref: principalRef(credentials), credentials };
  }
}

function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as Partial<BackstageUserPrincipal> & { subject?: string };
  return p.userEntityRef ?? p.subject ?? 'unknown';
}
