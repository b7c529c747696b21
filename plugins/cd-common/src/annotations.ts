import type { Entity } from '@backstage/catalog-model';

/** Names the CD application of an entity (Spinnaker's "application"). */
export const CD_APPLICATION_ANNOTATION = 'cd.backstage.io/application';
/** The Kubernetes plugin's annotation, reused so users annotate once. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION = 'backstage.io/kubernetes-label-selector';

/** The application an entity deploys, or undefined when it is not set up for CD. */
export function getCdApplication(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[CD_APPLICATION_ANNOTATION] ??
    annotations[KUBERNETES_ID_ANNOTATION] ??
    undefined
  );
}

/** True when the entity carries an annotation that names its CD application. */
export function isCdAvailable(entity: Entity): boolean {
  return Boolean(getCdApplication(entity));
}
