import { parsePropertyFile } from './propertyFile';
import { useTestbed } from './__testUtils__/testbed';

jest.setTimeout(120_000);

const bed = useTestbed({ namespace: 'jobs' });

const job = (name: string, script: string, extraContainers: unknown[] = []) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'jobs' },
  spec: {
    backoffLimit: 0,
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', script] }, ...extraContainers],
      },
    },
  },
});

describe('runJobManifest', () => {
  it('runs the Job, keeps its logs and reads the property file of the named container', async () => {
    const script = [
      'echo migrating',
      'echo SPINNAKER_PROPERTY_VERSION=1.2.3',
      'echo "SPINNAKER_PROPERTY_URL=http://x/?a=b"',
      'echo \'SPINNAKER_CONFIG_JSON={"rows": 42, "ok": true}\'',
    ].join('; ');
    const execution = await bed.runStages([
      { refId: '1', name: 'migrate', type: 'runJobManifest', account: 'dev', manifest: job('migrate', script), propertyFile: 'main' },
      { refId: '2', name: 'use', type: 'evaluateVariables', requisiteStageRefIds: ['1'], variables: [{ key: 'v', value: "${#stage('migrate')['context']['version']}" }] },
    ]);
    expect(execution.status).toBe('SUCCEEDED');
    const stage = bed.h.stage(execution, 'migrate');
    expect(stage.outputs).toMatchObject({
      version: '1.2.3',
      url: 'http://x/?a=b',
      rows: 42,
      ok: true,
      propertyFileContents: { version: '1.2.3', url: 'http://x/?a=b', rows: 42, ok: true },
      jobStatus: { status: 'Succeeded', namespace: 'jobs', succeeded: 1 },
    });
    expect((stage.outputs.logs as Record<string, string>).main).toContain('migrating');
    expect(String(stage.context.jobName)).toMatch(/^migrate-[0-9a-f]{5}$/);
    expect(bed.h.stage(execution, 'use').outputs.v).toBe('1.2.3');
    const live = await bed.kube('GET', `/apis/batch/v1/namespaces/jobs/jobs/${stage.context.jobName}`);
    expect(live.metadata.annotations['moniker.spinnaker.io/application']).toBe('shop');
  });

  it('fails with the reason and the logs when the Job fails', async () => {
    const { execution, stage } = await bed.runStage({ type: 'runJobManifest', account: 'dev', manifest: job('broken', 'echo cannot reach db >&2; exit 3') });
    expect(execution.status).toBe('TERMINAL');
    const message = JSON.stringify(stage.exception);
    expect(message).toMatch(/job broken-[0-9a-f]{5} failed: BackoffLimitExceeded/);
    expect(message).toContain('cannot reach db');
    expect(stage.outputs.jobStatus).toMatchObject({ status: 'Failed', reason: 'BackoffLimitExceeded' });
  });

  it('refuses a property file container the Job does not have, and anything but one Job', async () => {
    const wrong = await bed.runStage({ type: 'runJobManifest', account: 'dev', manifest: job('ok', 'true'), propertyFile: 'sidecar' });
    expect(wrong.execution.status).toBe('TERMINAL');
    expect(JSON.stringify(wrong.stage.exception)).toContain("has no container 'sidecar' (it has main)");
    const notJob = await bed.runStage({ type: 'runJobManifest', account: 'dev', manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } });
    expect(JSON.stringify(notJob.stage.exception)).toContain('stage.manifest must be exactly one Job, got ConfigMap');
  });
});

describe('property file parsing (Spinnaker PropertyParser)', () => {
  it('lowercases keys, keeps everything after the first =, merges SPINNAKER_CONFIG_JSON and reports bad JSON', () => {
    expect(parsePropertyFile('x\nSPINNAKER_PROPERTY_Build_ID= 7 \nprefix SPINNAKER_PROPERTY_A=b=c\nSPINNAKER_CONFIG_JSON={"n":[1]}').properties)
      .toEqual({ build_id: '7', a: 'b=c', n: [1] });
    expect(parsePropertyFile('SPINNAKER_CONFIG_JSON={oops').errors[0]).toMatch(/^SPINNAKER_CONFIG_JSON is not valid JSON/);
  });
});
