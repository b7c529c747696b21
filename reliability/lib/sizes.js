// Bounded sizes (CI: the whole suite in about 8 minutes on 2 cores) and the
// issue's full sizes (`--full`).
const SIZES = {
  bounded: {
    crash: { pipelines: 8, kills: 3 },
    replicas: { replicas: 3, pipelines: 6 },
    faults: { outageMs: 6000 },
    badInput: { runs: 25 },
    load: { clients: 20, seconds: 15, pipelines: 4 },
  },
  full: {
    crash: { pipelines: 50, kills: 20 },
    replicas: { replicas: 3, pipelines: 30 },
    faults: { outageMs: 15000 },
    badInput: { runs: 200 },
    load: { clients: 100, seconds: 60, pipelines: 20 },
  },
};

module.exports = { SIZES };
