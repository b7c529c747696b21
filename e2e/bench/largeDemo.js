// The large demo of `npm run bench:ui`, as real objects: ReplicaSets for the
// local cluster (its controllers create the pods) and a pipeline for the cd
// backend (its engine runs it).

const APPLICATION = 'bench-app';

/**
 * `clusters` clusters of `versions` versioned ReplicaSets (svcNN-vNNN), each
 * of `replicas` process-less pods (the pause image runs nothing).
 */
function replicaSets({ clusters = 10, versions = 10, replicas = 20 } = {}) {
  const items = [];
  for (let c = 0; c < clusters; c++) {
    for (let v = 1; v <= versions; v++) {
      const base = `svc${String(c).padStart(2, '0')}`;
      const name = `${base}-v${String(v).padStart(3, '0')}`;
      const labels = {
        'app.kubernetes.io/name': APPLICATION,
        'bench/server-group': name,
      };
      items.push({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: 'default',
          labels,
          annotations: { 'moniker.spinnaker.io/application': APPLICATION },
        },
        spec: {
          replicas,
          selector: { matchLabels: { 'bench/server-group': name } },
          template: {
            metadata: { labels },
            spec: {
              containers: [{ name: 'main', image: `registry.local/pause` }],
            },
          },
        },
      });
    }
  }
  return items;
}

/** One Service per cluster, sending traffic to its newest version. */
function services({ clusters = 10, versions = 10 } = {}) {
  const items = [];
  for (let c = 0; c < clusters; c++) {
    const base = `svc${String(c).padStart(2, '0')}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: base,
        namespace: 'default',
        labels: { 'app.kubernetes.io/name': APPLICATION },
        annotations: { 'moniker.spinnaker.io/application': APPLICATION },
      },
      spec: {
        selector: {
          'bench/server-group': `${base}-v${String(versions).padStart(3, '0')}`,
        },
        ports: [{ port: 80, targetPort: 8080 }],
      },
    });
  }
  return items;
}

/**
 * A 50-stage pipeline: a start stage fanning out to `branches` parallel
 * branches of `depth` wait stages, joined by a last stage that waits long,
 * so the execution is RUNNING with most of its graph done while it is measured.
 */
function pipeline({ branches = 6, depth = 8 } = {}) {
  const stages = [{ refId: 'start', type: 'wait', name: 'Start', waitTime: 1 }];
  const ends = [];
  for (let b = 0; b < branches; b++) {
    let previous = 'start';
    for (let d = 0; d < depth; d++) {
      const refId = `b${b}s${d}`;
      stages.push({
        refId,
        type: 'wait',
        name: `Branch ${b + 1} step ${d + 1}`,
        waitTime: 1,
        requisiteStageRefIds: [previous],
      });
      previous = refId;
    }
    ends.push(previous);
  }
  stages.push({
    refId: 'join',
    type: 'wait',
    name: 'Soak',
    waitTime: 3600,
    requisiteStageRefIds: ends,
  });
  return { application: APPLICATION, name: 'Large rollout', stages };
}

module.exports = { APPLICATION, replicaSets, services, pipeline };
