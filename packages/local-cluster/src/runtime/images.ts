import type { ImageCommand } from './types';

/** Images that are known to run nothing (the pod sandbox image), whatever a container asks for. */
const PAUSE_IMAGES = /(^|\/)pause$/;

export interface ParsedImage {
  /** name without tag or digest, e.g. `registry.k8s.io/pause` */
  name: string;
  /** last path segment of the name, e.g. `pause` */
  shortName: string;
  tag: string;
}

export function parseImage(image: string): ParsedImage {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  const hasTag = lastColon > lastSlash;
  const name = hasTag ? withoutDigest.slice(0, lastColon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(lastColon + 1) : 'latest';
  return { name, shortName: name.slice(name.lastIndexOf('/') + 1), tag };
}

export interface ProcessSpec {
  argv: string[];
  /** env coming from the image mapping (the container's own env is added over it) */
  imageEnv: Record<string, string>;
  cwd?: string;
}

/**
 * What process a container runs, or undefined for a container that runs none (pause, or an unknown
 * image without command). A mapped image's command + args act as its ENTRYPOINT.
 */
export function containerProcess(
  container: { image?: string; command?: string[]; args?: string[] },
  imageCommands: Record<string, ImageCommand>,
): ProcessSpec | undefined {
  const image = parseImage(container.image ?? '');
  if (PAUSE_IMAGES.test(image.name)) return undefined;
  const mapping = imageCommands[image.name] ?? imageCommands[image.shortName];
  if (mapping) {
    const substitute = (s: string) => s.split('{tag}').join(image.tag);
    const entrypoint = container.command ?? [
      substitute(mapping.command),
      ...(mapping.args ?? []).map(substitute),
    ];
    const imageEnv = Object.fromEntries(
      Object.entries(mapping.env ?? {}).map(([k, v]) => [k, substitute(v)]),
    );
    return {
      argv: [...entrypoint, ...(container.args ?? [])],
      imageEnv: { ...imageEnv, IMAGE_TAG: image.tag },
      cwd: mapping.cwd,
    };
  }
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  if (argv.length === 0) return undefined;
  return { argv, imageEnv: { IMAGE_TAG: image.tag } };
}
