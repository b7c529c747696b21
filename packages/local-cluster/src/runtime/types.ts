/*
 * Public types of the pod runtime, shared with the API server (pods/log) and the cluster's configuration.
 */

/**
 * How an image runs as a local process. The image tag (`demo-app:1.2.0` → `1.2.0`) is given to the
 * process as env `IMAGE_TAG` and replaces `{tag}` in `command` and `args`.
 * `command` + `args` play the role of the image's ENTRYPOINT: a container's own `args` are appended,
 * a container's own `command` replaces them.
 */
export interface ImageCommand {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  /** working directory when the container sets no `workingDir`; defaults to the cluster's cwd */
  cwd?: string;
}

export interface PodLogOptions {
  container?: string;
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  /** prefix each line with its RFC3339 timestamp, as `kubectl logs --timestamps` */
  timestamps?: boolean;
}

/** Container logs, served by the API server's `pods/log` subresource. */
export interface PodLogSource {
  /**
   * The log stream of one container, or undefined when the pod or container does not exist.
   * Without `container`, the pod's first container.
   */
  read(
    namespace: string,
    pod: string,
    opts: PodLogOptions,
  ): NodeJS.ReadableStream | undefined;
}
