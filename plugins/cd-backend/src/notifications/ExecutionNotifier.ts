import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  ExecutionEvent,
  ExecutionEventType,
  NotificationConfig,
} from '@internal/plugin-cd-common';
import type { ExecutionListener } from '../engine';
import type { ApplicationResolver } from '../service/ApplicationResolver';
import { isHostAllowed } from '../stages/hostAllowList';

const TITLES: Partial<Record<ExecutionEventType, (e: ExecutionEvent) => string>> = {
  'pipeline.starting': e => `${e.pipelineName} started`,
  'pipeline.complete': e => `${e.pipelineName} succeeded`,
  'pipeline.failed': e => `${e.pipelineName} failed (${e.status})`,
  'stage.starting': e => `${e.pipelineName}: stage ${e.stageName} started`,
  'stage.complete': e => `${e.pipelineName}: stage ${e.stageName} completed`,
  'stage.failed': e => `${e.pipelineName}: stage ${e.stageName} failed (${e.status})`,
  manualJudgment: e => `${e.pipelineName}: ${e.stageName} awaits your judgment`,
  manualJudgmentContinue: e => `${e.pipelineName}: ${e.stageName} was approved`,
  manualJudgmentStop: e => `${e.pipelineName}: ${e.stageName} was stopped`,
};

const SEVERITY: Partial<Record<ExecutionEventType, 'high' | 'normal' | 'low'>> = {
  'pipeline.failed': 'high',
  'stage.failed': 'high',
  manualJudgment: 'high',
  'stage.starting': 'low',
  'stage.complete': 'low',
};

/**
 * Spinnaker's notifications, delivered after each committed transition:
 * `type: backstage` goes to the owners of the application's catalog entity
 * through the notifications plugin; `type: slack` posts `{ text }` to a
 * Slack-compatible incoming webhook (`address`, an allow-listed URL).
 * Whatever is configured, the owners always hear of a pipeline starting,
 * succeeding or failing, and of a judgment awaiting their input.
 */
export class ExecutionNotifier implements ExecutionListener {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      applications: ApplicationResolver;
      logger: LoggerService;
      /** The frontend's base URL, for links to the execution. */
      appBaseUrl: string;
      /** Hosts Slack-compatible webhooks may be posted to. */
      allowedHosts: string[];
    },
  ) {}

  async onExecutionEvent(event: ExecutionEvent): Promise<void> {
    const targets = targetsFor(event);
    if (targets.length === 0) return;
    const entityRef = await this.deps.applications.entityRefFor(event.application);
    const link = this.linkTo(entityRef, event.executionId);
    const title = TITLES[event.type]?.(event) ?? `${event.pipelineName}: ${event.type}`;
    for (const target of targets) {
      const text = target.message?.[event.type]?.text;
      try {
        if (target.type === 'slack') {
          await this.postSlack(target.address, `${title}${text ? `: ${text}` : ''} ${link}`);
        } else {
          await this.deps.notifications.send({
            recipients: { type: 'entity', entityRef },
            payload: {
              title,
              description: text ?? `${event.application} · execution ${event.executionId} · ${event.status}`,
              link,
              severity: SEVERITY[event.type] ?? 'normal',
              topic: `cd:${event.application}:${event.pipelineConfigId}`,
            },
          });
        }
      } catch (e) {
        // A notification never fails a deployment; it is logged instead.
        this.deps.logger.warn(`cd notification ${event.type} (${target.type}) failed: ${e}`);
      }
    }
  }

  private linkTo(entityRef: string, executionId: string): string {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `${this.deps.appBaseUrl}/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}/cd/executions/${executionId}`;
  }

  private async postSlack(address: string | undefined, text: string) {
    if (!address) throw new Error('slack notification has no address (the webhook URL)');
    const url = new URL(address);
    if (!isHostAllowed(url, this.deps.allowedHosts)) {
      throw new Error(`host ${url.host} is not in cd.webhooks.allowedHosts`);
    }
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}

/** What the owners always receive, configured or not. */
const OWNER_EVENTS: ReadonlySet<ExecutionEventType> = new Set([
  'pipeline.starting',
  'pipeline.complete',
  'pipeline.failed',
  'manualJudgment',
]);

/** The configured notifications that want this event, plus the owners for the events they always get. */
function targetsFor(event: ExecutionEvent): NotificationConfig[] {
  const configured = (event.notifications ?? []).filter(n => n.when?.includes(event.type));
  if (OWNER_EVENTS.has(event.type) && !configured.some(n => n.type === 'backstage')) {
    configured.push({ type: 'backstage', when: [event.type] });
  }
  return configured;
}
