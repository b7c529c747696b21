/**
 * Pod IPs on the loopback network: every pod gets its own 127.x.y.z (Linux routes all of 127.0.0.0/8
 * to lo), so containers bind their real containerPort without clashing with other pods.
 * 127.0.0.0/16 is left to the host. Each cluster starts at a random place in the range, so two
 * clusters on one machine (a demo beside a test run) do not hand out the same addresses.
 */
export class PodIpAllocator {
  private readonly used = new Set<string>();
  private cursor: number;
  private static readonly SIZE = 254 * 65536;

  constructor(start: number = Math.floor(Math.random() * PodIpAllocator.SIZE)) {
    this.cursor = ((start % PodIpAllocator.SIZE) + PodIpAllocator.SIZE) % PodIpAllocator.SIZE;
  }

  /** Keeps an address a pod already had (cluster restart), when it is a valid free pod address. */
  reserve(ip: string | undefined): boolean {
    if (!ip || !PodIpAllocator.isPodIp(ip) || this.used.has(ip)) return false;
    this.used.add(ip);
    return true;
  }

  allocate(): string {
    for (let tries = 0; tries < PodIpAllocator.SIZE; tries++) {
      const n = this.cursor;
      this.cursor = (this.cursor + 1) % PodIpAllocator.SIZE;
      const z = n & 255;
      if (z === 0 || z === 255) continue;
      const ip = `127.${1 + (n >>> 16)}.${(n >>> 8) & 255}.${z}`;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    throw new Error('no free pod IP left in 127.1.0.0-127.254.255.255');
  }

  release(ip: string | undefined): void {
    if (ip) this.used.delete(ip);
  }

  static isPodIp(ip: string): boolean {
    const m = /^127\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
    return (
      !!m &&
      Number(m[1]) >= 1 &&
      Number(m[1]) <= 254 &&
      Number(m[2]) <= 255 &&
      Number(m[3]) >= 1 &&
      Number(m[3]) <= 254
    );
  }
}
