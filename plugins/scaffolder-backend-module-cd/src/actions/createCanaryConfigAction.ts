import type { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { StoredCanaryConfig } from '@internal/plugin-cd-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CdApiClient } from './CdApiClient';
import { cdLink } from './links';
import { readDocument } from './readDocument';

export const CREATE_CANARY_CONFIG_ACTION_ID = 'cd:canary-config:create';

/**
 * `cd:canary-config:create`: saves a Kayenta canary configuration for an
 * application through the cd API, as the user running the template.
 */
export function createCdCanaryConfigAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  appBaseUrl?: string;
}) {
  const client = new CdApiClient(options);
  return createTemplateAction({
    id: CREATE_CANARY_CONFIG_ACTION_ID,
    description: 'Creates a canary configuration (Kayenta JSON/YAML) for a cd application.',
    examples: [
      {
        description: 'A canary configuration from the skeleton',
        example: `steps:
  - id: canary
    action: cd:canary-config:create
    input:
      application: \${{ parameters.name }}
      configPath: .cd/canary-config.yaml`,
      },
    ],
    schema: {
      input: {
        application: z => z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -').describe('The cd application'),
        config: z => z.union([z.string(), z.record(z.unknown())]).optional().describe('The configuration inline: an object, or YAML/JSON text'),
        configPath: z => z.string().optional().describe('The configuration as a file in the task workspace'),
        name: z => z.string().min(1).optional().describe("The configuration's name (default: the document's)"),
        entityRef: z => z.string().optional().describe('The entity owning the application, for the link'),
      },
      output: {
        canaryConfigId: z => z.string(),
        canaryConfigName: z => z.string(),
        version: z => z.number(),
        canaryConfigUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { application } = ctx.input;
      const config = await readDocument({
        inline: ctx.input.config,
        path: ctx.input.configPath,
        workspacePath: ctx.workspacePath,
        names: ['config', 'configPath'],
      });
      if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        throw new InputError('config must be a Kayenta canary configuration object');
      }
      const document = ctx.input.name ? { ...config, name: ctx.input.name } : config;
      const credentials = await ctx.getInitiatorCredentials();
      const saved = await ctx.checkpoint({
        key: `cd-canary-config-create-${application}-${String((document as { name?: unknown }).name)}`,
        fn: async () => {
          const created = await client.post<StoredCanaryConfig>(
            `/applications/${encodeURIComponent(application)}/canaryConfigs`,
            { config: document },
            credentials,
          );
          return { id: created.id, name: created.name, version: created.version };
        },
      });
      ctx.logger.info(`created canary configuration ${saved.name} (${saved.id}) of ${application}`);
      ctx.output('canaryConfigId', saved.id);
      ctx.output('canaryConfigName', saved.name);
      ctx.output('version', saved.version);
      ctx.output(
        'canaryConfigUrl',
        cdLink({
          appBaseUrl: options.appBaseUrl,
          apiBaseUrl: await client.baseUrl(),
          entityRef: ctx.input.entityRef,
          // The cd tab lists the application's canary configurations.
          uiPath: '',
          apiPath: `/canaryConfigs/${saved.id}`,
        }),
      );
    },
  });
}
