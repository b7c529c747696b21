import { getCdApplication, isCdAvailable } from './annotations';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});

describe('CD annotations', () => {
  it('prefers the cd annotation, then the Kubernetes plugin one', () => {
    expect(getCdApplication(entity({ 'cd.backstage.io/application': 'a', 'backstage.io/kubernetes-id': 'b' }))).toBe('a');
    expect(getCdApplication(entity({ 'backstage.io/kubernetes-id': 'b' }))).toBe('b');
    expect(isCdAvailable(entity({}))).toBe(false);
  });
});
