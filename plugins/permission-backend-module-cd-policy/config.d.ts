export interface Config {
  cd?: {
    /** Settings of the cd permission policy (plugin-permission-backend-module-cd-policy). */
    permissions?: {
      /**
       * Groups (or users) whose members may do everything in the cd plugin,
       * on every entity and account. Entity refs; a bare name means `group:default/<name>`.
       */
      adminGroups?: string[];
    };
    /**
     * Groups whose members may deploy to accounts of an environment, e.g.
     * `prod: [group:default/sre]`. Environments not listed are open to every
     * owner; an account's environment is `cd.accounts[].environment`.
     */
    environmentGroups?: { [environment: string]: string[] };
  };
}
