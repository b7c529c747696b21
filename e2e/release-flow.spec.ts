import { expect, Locator, Page, test } from '@playwright/test';
// The cd REST API as the guest, for the setup and the API-driven check.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cdClient, until } = require('../scripts/lib/cdApi');

/*
 * The release flow of issue 6 against the running demo (scripts/e2e.js starts
 * it): a guest deploys demo-app 1.1.0 with the "Canary release" pipeline
 * through the Deploy tab, watches the graph, reads the canary report, approves
 * the judgment, sees the new server group take the traffic, and rolls back
 * from the cluster view. Then, through the API, the faulty 2.0.0 fails its
 * analysis and the pipeline rolls back by itself.
 */

const SHOTS = 'e2e-results/screenshots/release-flow';
const BACKEND = process.env.CD_E2E_BACKEND_URL ?? 'http://localhost:7007';
const APP = 'demo-app';
const PIPELINE = 'Canary release';
const SECOND = 1000;
const MINUTE = 60 * SECOND;

type Api = Awaited<ReturnType<typeof cdClient>>;
type ServerGroup = {
  name: string;
  images: string[];
  traffic: { enabled: boolean };
  replicas: { ready: number };
};

/** demo-app's server groups in the local account (the inventory, as the clusters view gets it). */
async function serverGroups(api: Api): Promise<ServerGroup[]> {
  const clusters = await api.clusters(APP);
  return clusters.accounts
    .filter((a: { name: string }) => a.name === 'local')
    .flatMap((a: { clusters: { serverGroups: ServerGroup[] }[] }) =>
      a.clusters.flatMap(c => c.serverGroups),
    );
}

const serving = (sgs: ServerGroup[]) =>
  sgs.filter(sg => sg.traffic.enabled && sg.replicas.ready > 0);
const imagesOf = (sgs: ServerGroup[]) => sgs.flatMap(sg => sg.images).sort();

/** demo-app 1.0.0 serving traffic: the canary needs a stable version to compare with. */
async function ensureStableVersion(api: Api) {
  if (serving(await serverGroups(api)).length > 0) return;
  const pipeline = await api.pipelineNamed(APP, PIPELINE);
  const started = await api.start(pipeline.id, { version: '1.0.0' });
  // The first run has nothing to compare with: it skips the canary and deploys.
  const done = await api.waitForExecution(started.id, 3 * MINUTE);
  expect(done.status, 'the first deployment of demo-app 1.0.0').toBe(
    'SUCCEEDED',
  );
  await until('demo-app 1.0.0 serving', MINUTE, async () =>
    serving(await serverGroups(api)).length > 0 ? true : 'not yet',
  );
}

async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  if (await enter.isVisible({ timeout: 15 * SECOND }).catch(() => false)) {
    await enter.click();
  }
}

const stageButton = (page: Page, name: string, status?: string) =>
  page.getByRole('group', { name: 'Stage graph' }).getByRole('button', {
    name: new RegExp(
      `^${escape(name)} \\(\\w+\\)${status ? ` ${status}$` : ''}`,
    ),
  });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A server group's card in the clusters view. */
const card = (page: Page, name: string): Locator =>
  page.getByTestId(`server-group-${name}`);

/** A screenshot of the page with `focus` scrolled to the middle of the viewport. */
async function shot(page: Page, name: string, focus?: Locator) {
  await focus?.evaluate(e => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function expectServing(page: Page, name: string) {
  const sg = card(page, name);
  await expect(sg.getByText(/^traffic enabled/)).toBeVisible({
    timeout: MINUTE,
  });
  await expect(sg.getByText(/^(\d+)\/\1 ready$/)).toBeVisible({
    timeout: MINUTE,
  });
  const squares = sg.locator('button[data-health]');
  await expect(squares.first()).toBeVisible();
  await expect(
    sg.locator('button[data-health]:not([data-health="up"])'),
  ).toHaveCount(0, {
    timeout: MINUTE,
  });
}

async function expectDisabled(page: Page, name: string) {
  await expect(card(page, name).getByText('traffic disabled')).toBeVisible({
    timeout: MINUTE,
  });
}

test.describe.configure({ mode: 'serial' });

test('a guest releases demo-app 1.1.0 with a canary, approves it, and rolls back from the cluster view', async ({
  page,
}) => {
  // Two analyses of 75 s each plus the deployments: about 3.5 minutes.
  test.setTimeout(8 * MINUTE);
  const api: Api = await cdClient(BACKEND);
  await ensureStableVersion(api);
  const before = serving(await serverGroups(api));
  expect(imagesOf(before)).toEqual(['demo-app:1.0.0']);
  const stable = before[0].name;

  // Sign in as guest, open the demo component, its Deploy tab.
  await signIn(page);
  await expect(page.getByText('Demo Company Catalog')).toBeVisible();
  await page.getByRole('link', { name: APP }).first().click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/demo-app/);
  await page.getByRole('tab', { name: 'Deploy' }).click();
  await expect(
    page.getByText(`Application ${APP}`, { exact: true }),
  ).toBeVisible();
  await expect(card(page, stable)).toBeVisible({ timeout: MINUTE });
  await expectServing(page, stable);
  await shot(page, '01-deploy-tab', card(page, stable));

  // Deploy → the pipeline → its parameters.
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByRole('menuitem', { name: PIPELINE }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(`Deploy with ${PIPELINE}`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Version' }).click();
  await page.getByRole('option', { name: '1.1.0', exact: true }).click();
  await expect(dialog.getByRole('button', { name: 'Version' })).toHaveText(
    '1.1.0',
  );
  await expect(page.getByRole('listbox')).toBeHidden();
  await shot(page, '02-deploy-parameters');

  // Review changes: the manifests against what runs now.
  await dialog.getByRole('button', { name: 'Review changes' }).click();
  await expect(dialog.getByText(`Review changes of ${PIPELINE}`)).toBeVisible();
  const diff = dialog.getByLabel('Diff').first();
  await expect(diff).toBeVisible({ timeout: MINUTE });
  await expect(
    dialog.locator('[data-line="add"]', { hasText: 'demo-app:1.1.0' }).first(),
  ).toBeVisible();
  await shot(page, '03-review-changes');
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();

  // The execution: the graph progresses through the canary deployment.
  await expect(page.getByText(`Execution of ${PIPELINE}`)).toBeVisible();
  await expect(
    stageButton(page, 'Deploy canary and baseline', 'SUCCEEDED'),
  ).toBeVisible({
    timeout: 2 * MINUTE,
  });
  await expect(
    stageButton(page, 'Canary analysis at 10%', 'RUNNING'),
  ).toBeVisible({
    timeout: MINUTE,
  });
  await shot(page, '04-graph-progress');

  // The first analysis' report, once judged: score, verdict, metrics, a chart.
  await stageButton(page, 'Canary analysis at 10%').click();
  await expect(
    stageButton(page, 'Canary analysis at 10%', 'SUCCEEDED'),
  ).toBeVisible({
    timeout: 3 * MINUTE,
  });
  // The selected stage's details hold the only report on the page.
  await expect(
    page.getByText('Canary analysis: demo-app', { exact: true }),
  ).toBeVisible();
  const report = page;
  // aria-label on a paragraph gives it no accessible name: found by the attribute.
  const score = report.locator('[aria-label="Canary score"]');
  await expect(score).toHaveText(/^\d+(\.\d+)?$/);
  expect(Number(await score.textContent())).toBeGreaterThanOrEqual(75);
  await expect(report.locator('[aria-label="Canary verdict"]')).toHaveText(
    /^pass$/i,
  );
  await expect(
    report.getByRole('tab', { name: /^Interval 2 \(\d+/ }),
  ).toBeVisible();
  const metrics = report.getByRole('table', { name: 'Metrics' });
  for (const metric of ['error rate', 'mean latency', 'request rate']) {
    await expect(
      metrics.getByRole('row', {
        name: new RegExp(`details of ${metric} ${metric}`),
      }),
    ).toBeVisible();
  }
  await metrics
    .getByRole('button', { name: 'Show details of mean latency' })
    .click();
  const chart = report.getByRole('figure', {
    name: 'mean latency time series',
  });
  await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
  await expect(
    report.getByRole('table', { name: 'mean latency statistics' }),
  ).toBeVisible();
  await shot(
    page,
    '05-canary-report',
    report.locator('[aria-label="Canary score"]'),
  );
  await shot(page, '06-canary-chart', chart);

  // The second analysis, then the manual judgment: approve.
  const approve = page.getByRole('button', { name: 'Continue', exact: true });
  await expect(approve).toBeVisible({ timeout: 4 * MINUTE });
  await expect(
    page.getByText(/passed its analyses\. Promote it to all users/),
  ).toBeVisible();
  await expect(
    stageButton(page, 'Canary analysis at 50%', 'SUCCEEDED'),
  ).toBeVisible();
  await shot(page, '07-judgment', approve);
  await approve.click();

  // Promotion (red/black) and cleanup.
  await expect(
    stageButton(page, 'Remove canary and baseline', 'SUCCEEDED'),
  ).toBeVisible({
    timeout: 3 * MINUTE,
  });
  await expect(page.getByText('RUNNING', { exact: true })).toHaveCount(0);
  await shot(page, '08-execution-succeeded');

  // The clusters view: the new server group takes the traffic, the old one is disabled.
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  let promoted = '';
  await until('demo-app 1.1.0 serving alone', MINUTE, async () => {
    const now = serving(await serverGroups(api));
    promoted =
      now.length === 1 && now[0].images.includes('demo-app:1.1.0')
        ? now[0].name
        : '';
    return (
      promoted !== '' || JSON.stringify(now.map(sg => [sg.name, sg.images]))
    );
  });
  await expectServing(page, promoted);
  await expectDisabled(page, stable);
  await expect(
    page.getByTestId(/^server-group-demo-app-(canary|baseline)/),
  ).toHaveCount(0, {
    timeout: MINUTE,
  });
  await shot(page, '09-clusters-promoted', card(page, promoted));

  // Roll back from the cluster view: actions menu → Roll back → confirm.
  await card(page, promoted)
    .getByRole('button', { name: `Actions for ${promoted}` })
    .click();
  await page.getByRole('menuitem', { name: 'Roll back' }).click();
  const confirm = page.getByRole('dialog');
  await expect(
    confirm.getByText(`Roll back ReplicaSet ${promoted}?`),
  ).toBeVisible();
  await expect(
    confirm.getByRole('button', { name: 'Roll back to' }),
  ).toContainText(stable);
  await confirm
    .getByLabel('Reason')
    .fill('end-to-end test: back to the previous version');
  await shot(page, '10-rollback-confirm');
  await confirm.getByRole('button', { name: 'Roll back', exact: true }).click();

  // The tracked task succeeds; the previous version takes the traffic again.
  const tasks = page.getByRole('region', { name: 'Server group tasks' });
  const task = tasks.getByLabel(`Task Roll back ${promoted} to ${stable}`);
  await expect(task).toBeVisible();
  await expect(task.getByText('SUCCEEDED')).toBeVisible({
    timeout: 2 * MINUTE,
  });
  await expectServing(page, stable);
  await expectDisabled(page, promoted);
  await shot(page, '11-rolled-back', card(page, stable));
  expect(imagesOf(serving(await serverGroups(api)))).toEqual([
    'demo-app:1.0.0',
  ]);
});

test('the faulty demo-app 2.0.0 fails its canary analysis and the pipeline rolls back by itself', async () => {
  test.setTimeout(6 * MINUTE);
  const api: Api = await cdClient(BACKEND);
  await ensureStableVersion(api);
  const stableImages = imagesOf(serving(await serverGroups(api)));

  const pipeline = await api.pipelineNamed(APP, PIPELINE);
  const started = await api.start(pipeline.id, { version: '2.0.0' });
  const done = await api.waitForExecution(started.id, 5 * MINUTE);

  expect(done.status).toBe('TERMINAL');
  const analysis = done.stages.find(
    (s: { name: string }) => s.name === 'Canary analysis at 10%',
  );
  expect(analysis.status).toBe('TERMINAL');
  const report = analysis.outputs.canaryReport;
  expect(report.overallResult).toBe('failure');
  const last = report.intervals[report.intervals.length - 1];
  const failing = last.result.results
    .filter((r: { classification: string }) => r.classification === 'High')
    .map((r: { name: string }) => r.name);
  // Slower by 150 ms: the latency fails for sure; the ~10% errors usually too.
  expect(failing).toContain('mean latency');
  expect(
    report.reason ?? last.result.score.classificationReason ?? '',
  ).not.toBe('');
  // Nothing after the failed analysis ran: no promotion.
  const promote = done.stages.find(
    (s: { name: string }) => s.name === 'Promote (red/black)',
  );
  expect(promote.status).toBe('NOT_STARTED');

  // By itself: all traffic back to stable, baseline and canary removed.
  await until(
    'the canary removed and stable serving alone',
    MINUTE,
    async () => {
      const sgs = await serverGroups(api);
      const leftovers = sgs
        .filter(sg => /-(canary|baseline)/.test(sg.name))
        .map(sg => sg.name);
      if (leftovers.length > 0) return `still there: ${leftovers.join(', ')}`;
      return (
        JSON.stringify(imagesOf(serving(sgs))) ===
          JSON.stringify(stableImages) || 'stable not serving'
      );
    },
  );
  const route = await fetch(
    `${process.env.CD_E2E_CLUSTER_URL}/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/${APP}`,
  );
  if (route.ok) {
    const backends = (await route.json()).spec.rules.flatMap(
      (r: { backendRefs?: { name: string; weight?: number }[] }) =>
        r.backendRefs ?? [],
    );
    expect(
      backends.filter(
        (b: { name: string; weight?: number }) =>
          b.name !== APP && (b.weight ?? 1) > 0,
      ),
    ).toEqual([]);
  }
  test.info().annotations.push({
    type: 'canary',
    description: `2.0.0 failed with score ${
      last.result.score.score
    }: ${failing.join(', ')} High`,
  });
});
