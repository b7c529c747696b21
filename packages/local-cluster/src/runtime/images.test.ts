import { containerProcess, parseImage } from './images';
import { expandReferences } from './env';
import { PodIpAllocator } from './addresses';

describe('images', () => {
  it('parses names, tags and digests', () => {
    expect(parseImage('demo-app:1.2.0')).toEqual({
      name: 'demo-app',
      shortName: 'demo-app',
      tag: '1.2.0',
    });
    expect(parseImage('localhost:5000/team/demo-app')).toEqual({
      name: 'localhost:5000/team/demo-app',
      shortName: 'demo-app',
      tag: 'latest',
    });
    expect(parseImage('registry.k8s.io/pause:3.9@sha256:abc')).toMatchObject({
      name: 'registry.k8s.io/pause',
      tag: '3.9',
    });
  });

  it('maps images to commands, passing the tag; pause and unknown images without command run nothing', () => {
    const commands = {
      'demo-app': {
        command: 'node',
        args: ['server.js', '--version', '{tag}'],
        env: { MODE: 'v{tag}' },
      },
    };
    expect(
      containerProcess(
        { image: 'ghcr.io/acme/demo-app:2.0.1', args: ['--port', '9000'] },
        commands,
      ),
    ).toEqual({
      argv: ['node', 'server.js', '--version', '2.0.1', '--port', '9000'],
      imageEnv: { MODE: 'v2.0.1', IMAGE_TAG: '2.0.1' },
      cwd: undefined,
    });
    expect(
      containerProcess(
        { image: 'demo-app:1.0.0', command: ['sh', '-c', 'true'] },
        commands,
      )?.argv,
    ).toEqual(['sh', '-c', 'true']);
    expect(
      containerProcess(
        { image: 'registry.k8s.io/pause:3.9', command: ['sleep', '1'] },
        commands,
      ),
    ).toBeUndefined();
    expect(containerProcess({ image: 'nginx:1.27' }, commands)).toBeUndefined();
    expect(
      containerProcess(
        { image: 'busybox', command: ['echo'], args: ['hi'] },
        commands,
      )?.argv,
    ).toEqual(['echo', 'hi']);
  });

  it('expands $(VAR) references like Kubernetes', () => {
    expect(expandReferences('$(A)-$(B)-$$(A)', { A: 'x' })).toBe('x-$(B)-$(A)');
  });

  it('gives every pod its own loopback address and reuses released ones', () => {
    const ips = new PodIpAllocator(0);
    const a = ips.allocate();
    const b = ips.allocate();
    expect(a).toBe('127.1.0.1');
    expect(b).toBe('127.1.0.2');
    // Two clusters start at different places of the range.
    const starts = new Set(Array.from({ length: 5 }, () => new PodIpAllocator().allocate()));
    expect(starts.size).toBeGreaterThan(1);
    expect(ips.reserve(a)).toBe(false);
    expect(ips.reserve('127.0.0.1')).toBe(false);
    expect(ips.reserve('127.9.9.9')).toBe(true);
    ips.release(a);
    expect(ips.reserve(a)).toBe(true);
  });
});
