/*
 * A seeded pseudo-random source with the exact sequence of java.util.Random
 * (48-bit linear congruential generator; nextGaussian by Marsaglia's polar
 * method), which is what Kayenta's RandomUtils draws its noise from. With the
 * same seed as RandomUtils.init(seed), the noise is the same as Kayenta's, and
 * judgments stay reproducible from run to run.
 */

const MULTIPLIER = 0x5deece66dn;
const INCREMENT = 0xbn;
const MASK = (1n << 48n) - 1n;
const DOUBLE_UNIT = 2 ** -53;

export class JavaRandom {
  private seed: bigint;
  private nextNextGaussian = 0;
  private haveNextNextGaussian = false;

  constructor(seed: number | bigint) {
    this.seed = (BigInt.asIntN(64, BigInt(seed)) ^ MULTIPLIER) & MASK;
  }

  /** The next `bits` random bits as a signed 32-bit integer. */
  next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + INCREMENT) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  nextInt(): number {
    return this.next(32);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * DOUBLE_UNIT;
  }

  /** Standard normal deviate. */
  nextGaussian(): number {
    if (this.haveNextNextGaussian) {
      this.haveNextNextGaussian = false;
      return this.nextNextGaussian;
    }
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * this.nextDouble() - 1;
      v2 = 2 * this.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const multiplier = Math.sqrt((-2 * Math.log(s)) / s);
    this.nextNextGaussian = v2 * multiplier;
    this.haveNextNextGaussian = true;
    return v1 * multiplier;
  }
}

/** Default seed of the judge's noise, so the same data always gets the same verdict. */
export const DEFAULT_NOISE_SEED = 0x6b61796e; // "kayn"
