import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  cdMetricSourcesExtensionPoint,
  cdStagesExtensionPoint,
  MetricSource,
  StageDefinition,
} from '@internal/plugin-cd-node';
import { cdPermissions } from '@internal/plugin-cd-common';
import { CdAuthorizer } from './api/CdAuthorizer';
import {
  canaryStages,
  DatabaseCanaryConfigStore,
  LocalClusterMetricSource,
  MetricSourceRegistry,
  PrometheusMetricSource,
  ProxyMetricsSampler,
  seedCanaryConfigs,
} from './canary';
import { DatabaseAuditLog } from './audit';
import { DoraService, productionAccountPredicate } from './dora';
import { createCdRouter } from './api/router';
import {
  engineChildPipelines,
  ExecutionEngine,
  pipelineCompletedTriggers,
  runCronTriggers,
  StageRegistry,
  WebhookTriggers,
} from './engine';
import { ExpressionEvaluator } from './expressions';
import { KubernetesInventory } from './inventory';
import { KubernetesClientFactory, loadKubernetesAccounts } from './kubernetes';
import { ExecutionNotifier } from './notifications/ExecutionNotifier';
import { DatabasePipelineStore } from './pipelines';
import { CatalogApplicationResolver } from './service/ApplicationResolver';
import { catalogJudgmentAuthorizer } from './service/CatalogJudgmentAuthorizer';
import { applyMigrations } from './service/migrations';
import { accountDirectory, environmentGroupsFromConfig, registerCdAccountPermissions } from './permissions';
import { seedPipelines } from './service/PipelineSeeder';
import { genericStages } from './stages';
import { clusterSizePrecondition, kubernetesStages } from './stages/kubernetes';
import { ManifestDiffService } from './diff';
import { taskLoggerFrom } from './service/taskLogger';

/**
 * The cd backend plugin: wiring only. The services it builds live in their
 * own modules (engine, pipelines, expressions, stages).
 */
export const cdPlugin = createBackendPlugin({
  pluginId: 'cd',
  register(env) {
    const extraStages: StageDefinition[] = [];
    env.registerExtensionPoint(cdStagesExtensionPoint, {
      addStageType(...definitions) {
        extraStages.push(...definitions);
      },
    });
    const extraMetricSources: MetricSource[] = [];
    env.registerExtensionPoint(cdMetricSourcesExtensionPoint, {
      addMetricSource(...sources) {
        extraMetricSources.push(...sources);
      },
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, config, database, httpRouter, scheduler, lifecycle } = deps;
        const knex = await database.getClient();
        if (!database.migrations?.skip) await applyMigrations(knex);

        deps.permissionsRegistry.addPermissions(cdPermissions);

        const { accounts, skipped } = await loadKubernetesAccounts(config);
        for (const s of skipped) logger.warn(`${s.key} not used: ${s.reason}`);
        const clients = new KubernetesClientFactory(accounts);
        // Per-account restrictions (who may deploy to prod) are conditional rules on cd-account resources.
        const accountResources = accountDirectory(accounts);
        const accountRules = registerCdAccountPermissions(deps.permissionsRegistry, accountResources);

        // Canary analysis: stored configs, metric sources (the local cluster's proxies by default).
        const canaryConfigs = new DatabaseCanaryConfigStore({ knex });
        const sampler = new ProxyMetricsSampler({
          kubeConfig: account => clients.kubeConfig(account),
          sampleIntervalMs: (config.getOptionalNumber('cd.canary.localCluster.sampleIntervalSeconds') ?? 1) * 1000,
        });
        const metricSources = new MetricSourceRegistry([
          new LocalClusterMetricSource(sampler),
          new PrometheusMetricSource({
            accounts: (config.getOptionalConfigArray('cd.canary.prometheus') ?? []).map(c => ({
              name: c.getString('name'),
              url: c.getString('url'),
            })),
          }),
          ...extraMetricSources,
        ]);

        const registry = new StageRegistry();
        const pipelines = new DatabasePipelineStore({ knex, stageTypes: registry, logger });
        // Child-pipeline stages and triggers need the engine, which needs the stages.
        const holder: { engine?: ExecutionEngine } = {};
        const engineRef = () => {
          if (!holder.engine) throw new Error('the execution engine is not ready yet');
          return holder.engine;
        };
        registry.add(
          ...genericStages({
            webhook: {
              allowedHosts: config.getOptionalStringArray('cd.webhooks.allowedHosts') ?? [],
            },
            childPipelines: engineChildPipelines({ engine: engineRef, pipelines }),
            preconditionTypes: [clusterSizePrecondition({ clients })],
          }),
          ...kubernetesStages({
            clients,
            bake: { allowedPaths: config.getOptionalStringArray('cd.bake.allowedPaths') ?? [] },
          }),
          ...canaryStages({ clients, configs: canaryConfigs, metrics: metricSources }),
          ...extraStages,
        );

        const engine = new ExecutionEngine({
          knex,
          registry,
          expressions: new ExpressionEvaluator(),
          logger: taskLoggerFrom(logger),
          worker: {
            leaseMs: (config.getOptionalNumber('cd.engine.leaseSeconds') ?? 30) * 1000,
            concurrency: config.getOptionalNumber('cd.engine.concurrency') ?? 8,
            pollMs: config.getOptionalNumber('cd.engine.pollIntervalMs') ?? 500,
          },
          onExecutionComplete: pipelineCompletedTriggers({ engine: engineRef, pipelines }),
        });
        holder.engine = engine;

        const applications = new CatalogApplicationResolver({
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
        });
        engine.addListener(
          new ExecutionNotifier({
            notifications: deps.notifications,
            applications,
            logger,
            // Without app.baseUrl the links stay relative, which the portal resolves.
            appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
            allowedHosts: config.getOptionalStringArray('cd.webhooks.allowedHosts') ?? [],
          }),
        );
        // Browsers watching an execution, or an application's executions, refresh on these signals.
        engine.addListener({
          onExecutionEvent: async event => {
            const message = { executionId: event.executionId, type: event.type, status: event.status };
            await deps.signals.publish({
              recipients: { type: 'broadcast' },
              channel: `cd:execution:${event.executionId}`,
              message,
            });
            await deps.signals.publish({
              recipients: { type: 'broadcast' },
              channel: `cd:executions:${event.application}`,
              message,
            });
          },
        });
        const audit = new DatabaseAuditLog({
          knex,
          entityRefFor: application => applications.entityRefFor(application),
        });
        const dora = new DoraService({ knex, isProductionAccount: productionAccountPredicate(accounts) });
        const authorizer = new CdAuthorizer({
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          applications,
          accounts: accountResources,
          accountRules,
          environmentGroups: environmentGroupsFromConfig(config),
        });

        const inventory = new KubernetesInventory({ accounts, logger });
        // Browsers viewing an application's clusters refresh on this signal.
        inventory.onChange(application => {
          void deps.signals.publish({
            recipients: { type: 'broadcast' },
            channel: `cd:inventory:${application}`,
            message: { application },
          });
        });

        httpRouter.use(
          createCdRouter({
            inventory,
            applications,
            knex,
            pipelines,
            engine,
            stageTypes: registry,
            authorizer,
            webhooks: new WebhookTriggers({
              engine,
              pipelines,
              secret: config.getOptionalString('cd.webhooks.secret'),
            }),
            judgmentAuthorizer: catalogJudgmentAuthorizer({ catalog: deps.catalog, auth: deps.auth }),
            audit,
            dora,
            logger,
            diffs: new ManifestDiffService({ clients, expressions: new ExpressionEvaluator() }),
            canaryConfigs,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // Webhook triggers authenticate with their shared secret instead.
        httpRouter.addAuthPolicy({ path: '/webhooks', allow: 'unauthenticated' });

        await scheduler.scheduleTask({
          id: 'cd-cron-triggers',
          frequency: { cron: '* * * * *' },
          timeout: { minutes: 1 },
          scope: 'global',
          fn: async () => {
            const result = await runCronTriggers({ engine: engineRef(), pipelines, knex });
            for (const error of result.errors) logger.warn(`cron trigger: ${JSON.stringify(error)}`);
          },
        });

        await seedCanaryConfigs({
          store: canaryConfigs,
          locations: config.getOptionalStringArray('cd.canary.configLocations') ?? [],
          logger,
        });
        await seedPipelines({
          pipelines,
          locations: config.getOptionalStringArray('cd.pipelines.locations') ?? [],
          logger,
        });

        lifecycle.addStartupHook(() => {
          engineRef().startWorkers();
          inventory.start();
        });
        lifecycle.addShutdownHook(async () => {
          await inventory.stop();
          await engineRef().stop();
          sampler.stop();
        });
        logger.info(`cd plugin ready with stage types: ${registry.list().map(s => s.type).join(', ')}`);
      },
    });
  },
});
