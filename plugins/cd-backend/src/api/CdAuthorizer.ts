import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer, type PermissionRuleset } from '@backstage/plugin-permission-node';
import { cdAccountDeployPermission, type CdAccountResource } from '@internal/plugin-cd-common';
import type { Request } from 'express';
import { builtInCdAccountRuleset, type CdAccountDirectory } from '../permissions';
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
      /** The configured accounts (name → environment); without it no account is known. */
      accounts?: CdAccountDirectory;
      /**
       * Rules for `cd-account` conditions: the registry's ruleset from
       * `registerCdAccountPermissions` (default: the built-in rules only).
       */
      accountRules?: PermissionRuleset<CdAccountResource, unknown, 'cd-account'>;
      /** `cd.environmentGroups`, only to tell a denied caller which group to join. */
      environmentGroups?: Record<string, string[]>;
    },
  ) {
    this.isAccountAllowed = createConditionAuthorizer(deps.accountRules ?? builtInCdAccountRuleset);
  }

  private readonly isAccountAllowed: (
    decision: PolicyDecision,
    account: CdAccountResource | undefined,
  ) => boolean;

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

  /**
   * Checks `cd.account.deploy` for every account an action touches (the
   * accounts a pipeline's stages name, a server group's account). One policy
   * query; CONDITIONAL decisions are applied here to each account with the
   * registered `cd-account` rules. An account that is not configured is
   * allowed only by an unconditional ALLOW.
   */
  async authorizeAccounts(req: Request, application: string, accounts: string[]): Promise<Actor> {
    const credentials = await this.deps.httpAuth.credentials(req);
    const actor = { ref: principalRef(credentials), credentials };
    const names = [...new Set(accounts)];
    if (names.length === 0) return actor;
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: cdAccountDeployPermission }],
      { credentials },
    );
    for (const name of names) {
      const account = this.deps.accounts?.get(name);
      if (!this.isAccountAllowed(decision, account)) {
        throw new NotAllowedError(this.accountDenial(name, account, application));
      }
    }
    return actor;
  }

  private accountDenial(name: string, account: CdAccountResource | undefined, application: string): string {
    const base = `${cdAccountDeployPermission.name} denied on account ${name}`;
    if (!account) return `${base} (application ${application}): ${name} is not a configured account`;
    const environment = account.environment;
    const groups = environment ? this.deps.environmentGroups?.[environment] ?? [] : [];
    const where = environment ? ` (environment ${environment}, application ${application})` : ` (application ${application})`;
    if (groups.length === 0) return `${base}${where}`;
    return `${base}${where}: deploying to ${environment} accounts needs membership of ${groups.join(' or ')}`;
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
