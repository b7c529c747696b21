import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { LocalCluster, startLocalCluster } from './LocalCluster';

/*
 * The preinstalled kubectl against a cluster started on a free port, through the kubeconfig the
 * cluster wrote.
 */

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

jest.setTimeout(120_000);

describe('kubectl against the local cluster', () => {
  let cluster: LocalCluster;
  let dir: string;

  const kubectl = (args: string[], allowFailure = false): Promise<Result> =>
    new Promise((resolve, reject) => {
      execFile('kubectl', ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', path.join(dir, 'kube-cache'), ...args],
        { env: { ...process.env, HOME: dir, KUBECONFIG: '' }, timeout: 60_000 },
        (error, stdout, stderr) => {
          const exitCode = (error as any)?.code;
          let code = 0;
          if (error) code = typeof exitCode === 'number' ? exitCode : 1;
          const result = { code, stdout: stdout.toString(), stderr: stderr.toString() };
          if (code !== 0 && !allowFailure) reject(new Error(`kubectl ${args.join(' ')} failed (${code}): ${result.stderr}${result.stdout}`));
          else resolve(result);
        });
    });

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  const manifest = (image: string, data: string, replicas = 2) => `
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  greeting: ${data}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: app
        image: ${image}
        ports:
        - containerPort: 8080
        env:
        - name: MODE
          value: test
      - name: sidecar
        image: pause
`;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-'));
    cluster = await startLocalCluster({
      dataDir: path.join(dir, 'cluster'),
      imageCommands: {
        hello: { command: process.execPath, args: ['-e', "console.log('hello from the pod'); console.log('second line'); setInterval(() => {}, 1000)"] },
      },
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.rmdirSync(dir, { recursive: true });
  });

  it('gets the server version and resources', async () => {
    const version = JSON.parse((await kubectl(['version', '-o', 'json'])).stdout);
    expect(version.serverVersion.gitVersion).toMatch(/^v1\.\d+/);
    const resources = (await kubectl(['api-resources'])).stdout;
    expect(resources).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
    const namespaces = (await kubectl(['get', 'namespaces'])).stdout;
    expect(namespaces).toMatch(/^NAME\s+STATUS\s+AGE/);
    expect(namespaces).toMatch(/default\s+Active/);
  });

  it('applies client-side, diffs, applies again keeping unrelated fields, and applies server-side', async () => {
    const v1 = write('v1.yaml', manifest('pause:1', 'hello'));
    const created = await kubectl(['apply', '-f', v1]);
    expect(created.stdout).toContain('configmap/web-config created');
    expect(created.stdout).toContain('deployment.apps/web created');
    const got = JSON.parse((await kubectl(['get', 'deployment', 'web', '-o', 'json'])).stdout);
    expect(got.spec.template.spec.containers.map((c: any) => c.image)).toEqual(['pause:1', 'pause']);
    expect(got.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBeDefined();

    // a label added by someone else survives the next apply (three-way merge)
    await kubectl(['label', 'deployment', 'web', 'team=blue']);

    const v2 = write('v2.yaml', manifest('pause:2', 'bonjour'));
    const diff = await kubectl(['diff', '-f', v2], true);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/-\s+image: pause:1/);
    expect(diff.stdout).toMatch(/\+\s+image: pause:2/);
    expect(diff.stdout).toMatch(/\+\s+greeting: bonjour/);
    // diff is a dry run
    expect((await kubectl(['get', 'configmap', 'web-config', '-o', 'jsonpath={.data.greeting}'])).stdout).toBe('hello');

    const configured = await kubectl(['apply', '-f', v2]);
    expect(configured.stdout).toContain('deployment.apps/web configured');
    const after = JSON.parse((await kubectl(['get', 'deployment', 'web', '-o', 'json'])).stdout);
    expect(after.spec.template.spec.containers.map((c: any) => c.image)).toEqual(['pause:2', 'pause']);
    expect(after.metadata.labels).toEqual({ app: 'web', team: 'blue' });
    expect((await kubectl(['diff', '-f', v2], true)).code).toBe(0);

    const v3 = write('v3.yaml', manifest('pause:3', 'hallo'));
    const ssa = await kubectl(['apply', '--server-side', '-f', v3]);
    expect(ssa.stdout).toContain('deployment.apps/web serverside-applied');
    expect((await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout).toBe('pause:3');

    // another manager changing a field owned by "kubectl" conflicts, as the real server answers
    const other = write('other.yaml', manifest('pause:4', 'hallo'));
    const conflict = await kubectl(['apply', '--server-side', '--field-manager', 'someone-else', '-f', other], true);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toMatch(/conflict/i);
    expect(conflict.stderr).toContain('.spec.template.spec.containers[name="app"].image');
    const forced = await kubectl(['apply', '--server-side', '--field-manager', 'someone-else', '--force-conflicts', '-f', other]);
    expect(forced.stdout).toContain('serverside-applied');
  });

  it('scales, lists pods in a table, and rolls out', async () => {
    expect((await kubectl(['scale', 'deployment', 'web', '--replicas=3'])).stdout).toContain('deployment.apps/web scaled');
    expect((await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('3');
    const status = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(status.stdout).toContain('successfully rolled out');
    const pods = (await kubectl(['get', 'pods', '-l', 'app=web'])).stdout;
    expect(pods).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(pods.trim().split('\n')).toHaveLength(4);

    const undo = await kubectl(['rollout', 'undo', 'deployment/web']);
    expect(undo.stdout).toContain('rolled back');
    await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect((await kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout).toBe('pause:3');
  });

  it('reads logs', async () => {
    await kubectl(['run', 'greeter', '--image=hello', '--restart=Never']);
    await kubectl(['wait', '--for=condition=Ready', 'pod/greeter', '--timeout=60s']);
    let logs = '';
    for (let i = 0; i < 50 && !logs.includes('second line'); i++) {
      logs = (await kubectl(['logs', 'greeter'])).stdout;
      if (!logs.includes('second line')) await new Promise(r => setTimeout(r, 100));
    }
    expect(logs).toBe('hello from the pod\nsecond line\n');
    expect((await kubectl(['logs', 'greeter', '--tail=1'])).stdout).toBe('second line\n');
  });

  it('deletes and waits for the objects to go', async () => {
    const deleted = await kubectl(['delete', '-f', path.join(dir, 'v1.yaml')]);
    expect(deleted.stdout).toContain('deployment.apps "web" deleted');
    expect(deleted.stdout).toContain('configmap "web-config" deleted');
    const missing = await kubectl(['get', 'deployment', 'web'], true);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "web" not found');
    await kubectl(['delete', 'pod', 'greeter']);
  });
});
