import {
  addGaussianNoise,
  detectIqrOutliers,
  detectKSigmaOutliers,
  handleOutliers,
  jitterConstantSample,
  removeFlagged,
  removeNaNs,
  replaceNaNs,
  transformSample,
} from './preprocessing';
import { JavaRandom } from './random';

// Cases from Kayenta's TransformSuite.scala and DetectorSuite.scala (spinnaker/kayenta).
describe('NaN handling', () => {
  it('Remove Single NaN / Remove Multiple NaN', () => {
    expect(removeNaNs([0, 1, NaN, 1, 0])).toEqual([0, 1, 1, 0]);
    expect(removeNaNs([NaN, NaN, NaN])).toEqual([]);
  });

  it('Replace NANs', () => {
    expect(replaceNaNs([NaN, 10.1, 20.2, 30.3, NaN, 40.4], 0)).toEqual([0, 10.1, 20.2, 30.3, 0, 40.4]);
  });

  it('treats null (a missing point in JSON) as NaN', () => {
    expect(removeNaNs([1, null, 2])).toEqual([1, 2]);
    expect(replaceNaNs([1, null, 2])).toEqual([1, 0, 2]);
  });
});

describe('outlier detection', () => {
  it('KSigma Detection / KSigma Two Sided', () => {
    expect(detectKSigmaOutliers([1, 1, 1, 1, 1, 20, 1, 1, 1, 1, 1], 3)).toEqual([
      false, false, false, false, false, true, false, false, false, false, false,
    ]);
    expect(detectKSigmaOutliers([1, 1, 1, 5, -1, -1, -1, -5], 1)).toEqual([
      false, false, false, true, false, false, false, true,
    ]);
  });

  it('IQR Detection / IQR Detect Two Sided / IQR Empty Data', () => {
    expect(detectIqrOutliers([21, 23, 24, 25, 50, 29, 23, 21], 1.5)).toEqual([
      false, false, false, false, true, false, false, false,
    ]);
    expect(detectIqrOutliers([1, 1, 1, 5, -1, -1, -1, -5], 1.5)).toEqual([
      false, false, false, true, false, false, false, true,
    ]);
    expect(detectIqrOutliers([], 1.5)).toEqual([]);
  });

  it('IQR NIST Test', () => {
    const data = [
      30, 171, 184, 201, 212, 250, 265, 270, 272, 289, 305, 306, 322, 322, 336, 346, 351, 370, 390,
      404, 409, 411, 436, 437, 439, 441, 444, 448, 451, 453, 470, 480, 482, 487, 494, 495, 499, 503,
      514, 521, 522, 527, 548, 550, 559, 560, 570, 572, 574, 578, 585, 592, 592, 607, 616, 618, 621,
      629, 637, 638, 640, 656, 668, 707, 709, 719, 737, 739, 752, 758, 766, 792, 792, 794, 802, 818,
      830, 832, 843, 858, 860, 869, 918, 925, 953, 991, 1000, 1005, 1068, 1441,
    ];
    const expected = data.map((_, i) => i === data.length - 1);
    expect(detectIqrOutliers(data, 1.5)).toEqual(expected);
  });

  it('IQR Outlier Removal / KSigma Outlier Removal', () => {
    const iqr = [21, 23, 24, 25, 50, 29, 23, 21];
    expect(removeFlagged(iqr, detectIqrOutliers(iqr, 1.5))).toEqual([21, 23, 24, 25, 29, 23, 21]);
    const sigma = [1, 1, 1, 1, 1, 20, 1, 1, 1, 1, 1];
    expect(removeFlagged(sigma, detectKSigmaOutliers(sigma, 3))).toEqual(Array(10).fill(1));
  });

  it('widens the fences to the 1st/99th percentiles when sensitivity is reduced (as the judge does)', () => {
    // 200 points on a line plus one far point: the far point stays an outlier,
    // while the end points of the line are not flagged.
    const data = [...Array.from({ length: 200 }, (_, i) => i), 10000];
    const flags = detectIqrOutliers(data, 3, true);
    expect(flags.filter(Boolean)).toHaveLength(1);
    expect(flags[200]).toBe(true);
  });

  it('refuses a non-positive factor', () => {
    expect(() => detectIqrOutliers([1, 2], 0)).toThrow(/greater than zero/);
    expect(() => detectKSigmaOutliers([1, 2], -1)).toThrow(/greater than zero/);
  });

  it('keeps outliers unless the strategy says remove', () => {
    const data = [21, 23, 24, 25, 500, 29, 23, 21];
    expect(handleOutliers(data, { strategy: 'keep', outlierFactor: 3, method: 'iqr' })).toEqual(data);
    expect(handleOutliers(data, { strategy: 'remove', outlierFactor: 3, method: 'iqr' })).not.toContain(500);
    expect(handleOutliers(data, { strategy: 'remove', outlierFactor: 2, method: 'kSigma' })).not.toContain(500);
  });

  it('handles NaNs before outliers', () => {
    const outliers = { strategy: 'remove', outlierFactor: 3, method: 'iqr' } as const;
    const data = [21, NaN, 23, 24, 25, 500, 29, 23, 21];
    expect(transformSample(data, 'remove', outliers)).toEqual([21, 23, 24, 25, 29, 23, 21]);
    // The 0 standing for the missing point is below the 1st percentile of the rest, so it goes too.
    expect(transformSample(data, 'replace', outliers)).toEqual([21, 23, 24, 25, 29, 23, 21]);
    expect(transformSample(data, 'replace', { ...outliers, strategy: 'keep' })).toEqual([
      21, 0, 23, 24, 25, 500, 29, 23, 21,
    ]);
  });
});

describe('noise', () => {
  it('Add Gaussian Noise', () => {
    const transformed = addGaussianNoise([0, 0, 0, 0, 0], 1, 1, new JavaRandom(12345));
    // java.util.Random(12345).nextGaussian() × 5, printed by OpenJDK 17, shifted by the mean 1.
    const javaDraws = [
      -0.187808989658912, 0.5884363051154796, 0.9488047804400426, -0.49428072062604445,
      -1.223411937180115,
    ];
    expect(transformed).toEqual(javaDraws.map(g => g + 1));
  });

  it('scales the noise of a constant sample to 1e-5 of its value', () => {
    const jittered = jitterConstantSample([10, 10, 10, 10, 10], new JavaRandom(0x6b61796e));
    // Same formula in Java: 10.0 + (nextGaussian() * (10.0 * 1e-5) + 0.0)
    expect(jittered).toEqual([
      9.999993765470661, 10.000039949606006, 10.000071423193393, 9.999993772464233,
      10.000102673244523,
    ]);
  });
});
