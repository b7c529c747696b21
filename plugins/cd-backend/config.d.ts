export interface Config {
  /** Configuration of the cd (continuous delivery) plugin. */
  cd?: {
    /**
     * Kubernetes accounts, one per cluster (Spinnaker's accounts). When absent,
     * the clusters of `kubernetes.clusterLocatorMethods` (type `config`) are used.
     */
    accounts?: Array<{
      /** The account's name, as shown to users and used in pipelines (`account`). */
      name: string;
      /** An environment label such as dev, staging or prod (used by permission rules). */
      environment?: string;
      /** A kubeconfig file and optional context. */
      kubeconfig?: { path: string; context?: string };
      /** Or a URL with a service-account token. */
      url?: string;
      /** @visibility secret */
      serviceAccountToken?: string;
      /** @visibility secret */
      caData?: string;
      skipTLSVerify?: boolean;
      /** Or the in-cluster service account of the backend's own pod. */
      inCluster?: boolean;
      /** Only these namespaces (default: all). */
      namespaces?: string[];
      /** Never these namespaces. */
      omitNamespaces?: string[];
      /** Kinds to ignore (e.g. `Secret`). */
      omitKinds?: string[];
    }>;
    /** The embedded local cluster of the demo, added as the account `local` (environment dev). */
    localCluster?: {
      /** Path of the kubeconfig it writes (the demo sets it from CD_LOCAL_KUBECONFIG). */
      kubeconfig?: string;
    };
    /** Pipeline engine tuning. */
    engine?: {
      /** How long a replica holds a claimed message before others may take it over. */
      leaseSeconds?: number;
      /** Concurrent messages handled by one replica. */
      concurrency?: number;
      /** Interval for picking up delayed work and other replicas' orphans. */
      pollIntervalMs?: number;
    };
    /** Inbound webhook triggers and the webhook stage. */
    webhooks?: {
      /**
       * Shared secret callers put in the `X-Cd-Webhook-Secret` header.
       * @visibility secret
       */
      secret?: string;
      /** Hosts the webhook stage may call (guards against SSRF). `*.example.com` allowed. */
      allowedHosts?: string[];
    };
    /** Pipelines as code. */
    pipelines?: {
      /**
       * YAML/JSON files of pipeline documents created at startup when absent
       * (paths relative to the backend's working directory).
       */
      locations?: string[];
    };
    /** Canary analysis. */
    canary?: {
      /** Kayenta canary config JSON files created at startup when absent (relative to the backend's working directory). */
      configLocations?: string[];
      /** Prometheus servers queried by `query.type: prometheus` metrics (`metricsAccountName` picks one). */
      prometheus?: Array<{ name: string; url: string }>;
      /** The local cluster's proxy metrics, sampled while an analysis runs. */
      localCluster?: { sampleIntervalSeconds?: number };
    };
    /** The bakeManifest stage. */
    bake?: {
      /**
       * Directories on the backend host a bake may read (`inputPath`); when
       * empty, only inline `files` are accepted.
       */
      allowedPaths?: string[];
    };
    /** Groups whose members may deploy to accounts of an environment (`prod: [group:default/sre]`). */
    environmentGroups?: { [environment: string]: string[] };
  };
}
