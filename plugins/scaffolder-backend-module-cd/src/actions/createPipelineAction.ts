import type { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import type { StoredPipeline } from '@internal/plugin-cd-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CdApiClient } from './CdApiClient';
import { cdLink } from './links';
import { renderPipelineTemplate } from './pipelineTemplate';
import { readDocument } from './readDocument';

export const CREATE_PIPELINE_ACTION_ID = 'cd:pipeline:create';

/**
 * `cd:pipeline:create`: renders a pipeline template with parameters and
 * saves the pipeline for an application through the cd API, as the user
 * running the template.
 */
export function createCdPipelineAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  /** app.baseUrl, for links to the pipeline in the portal. */
  appBaseUrl?: string;
}) {
  const client = new CdApiClient(options);
  return createTemplateAction({
    id: CREATE_PIPELINE_ACTION_ID,
    description:
      'Creates a cd pipeline for an application from a pipeline template (Spinnaker v2 style: variables + pipeline, ${ templateVariables.x } references) with parameters substituted.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Dev, canary in staging, judgment, prod from a template in the skeleton',
        example: `steps:
  - id: pipeline
    action: cd:pipeline:create
    input:
      application: \${{ parameters.name }}
      entityRef: component:default/\${{ parameters.name }}
      templatePath: .cd/pipeline-template.yaml
      parameters:
        image: ghcr.io/acme/\${{ parameters.name }}`,
      },
    ],
    schema: {
      input: {
        application: z => z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -').describe('The cd application (cd.backstage.io/application)'),
        template: z => z.union([z.string(), z.record(z.unknown())]).optional().describe('The template inline: an object, or YAML/JSON text'),
        templatePath: z => z.string().optional().describe('The template as a file in the task workspace'),
        parameters: z => z.record(z.unknown()).optional().describe('Values of the template variables'),
        name: z => z.string().min(1).optional().describe("The pipeline's name (default: the template's)"),
        entityRef: z => z.string().optional().describe('The entity owning the application, for the link to its cd tab'),
      },
      output: {
        pipelineId: z => z.string(),
        pipelineName: z => z.string(),
        version: z => z.number(),
        pipelineUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { application, parameters, entityRef } = ctx.input;
      const document = await readDocument({
        inline: ctx.input.template,
        path: ctx.input.templatePath,
        workspacePath: ctx.workspacePath,
        names: ['template', 'templatePath'],
      });
      const pipeline = renderPipelineTemplate(document, parameters ?? {});
      if (ctx.input.name) pipeline.name = ctx.input.name;
      pipeline.application = application;
      const credentials = await ctx.getInitiatorCredentials();

      if (ctx.isDryRun) {
        const result = await client.post<{ valid: boolean; issues: Array<{ path: string; message: string }> }>(
          '/pipelines/validate',
          pipeline,
          credentials,
        );
        if (!result.valid) {
          throw new Error(`the rendered pipeline is invalid: ${result.issues.map(i => `${i.path}: ${i.message}`).join('; ')}`);
        }
        ctx.logger.info(`dry run: pipeline ${String(pipeline.name)} of ${application} is valid, not saved`);
        ctx.output('pipelineId', 'dry-run');
        ctx.output('pipelineName', String(pipeline.name));
        ctx.output('version', 0);
        ctx.output('pipelineUrl', `${await client.baseUrl()}/applications/${application}/pipelines`);
        return;
      }

      // Once per task step: a resumed task does not save the pipeline twice.
      const saved = await ctx.checkpoint({
        key: `cd-pipeline-create-${application}-${String(pipeline.name)}`,
        fn: async () => {
          const created = await client.post<StoredPipeline>(
            `/applications/${encodeURIComponent(application)}/pipelines`,
            pipeline,
            credentials,
          );
          return { id: created.id, name: created.name, version: created.version };
        },
      });
      const pipelineUrl = cdLink({
        appBaseUrl: options.appBaseUrl,
        apiBaseUrl: await client.baseUrl(),
        entityRef,
        uiPath: `/pipelines/${saved.id}`,
        apiPath: `/pipelines/${saved.id}`,
      });
      ctx.logger.info(`created pipeline ${saved.name} (${saved.id}) of ${application}`);
      ctx.output('pipelineId', saved.id);
      ctx.output('pipelineName', saved.name);
      ctx.output('version', saved.version);
      ctx.output('pipelineUrl', pipelineUrl);
    },
  });
}
