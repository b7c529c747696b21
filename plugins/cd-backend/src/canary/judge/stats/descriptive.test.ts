import { summarize, mean, median, percentile, populationVariance, variance } from './descriptive';
import { cles, meanRatio } from './effectSizes';

// Expected values from Kayenta's StatisticSuite.scala (spinnaker/kayenta, kayenta-judge/src/test).
describe('summary statistics', () => {
  it('Summary Statistics: Scalar', () => {
    expect(summarize([4])).toEqual({ min: 4, max: 4, mean: 4, std: 0, count: 1 });
  });

  it('Summary Statistics: List', () => {
    const result = summarize([1, 1, 1, 10, 10, 10]);
    expect(result.min).toBe(1);
    expect(result.max).toBe(10);
    expect(result.mean).toBe(5.5);
    expect(result.std).toBeCloseTo(4.9295, 4);
    expect(result.count).toBe(6);
  });

  it('Summary Statistics: No Data', () => {
    expect(summarize([])).toEqual({ min: 0, max: 0, mean: 0, std: 0, count: 0 });
  });

  it('corrects the mean with a second pass', () => {
    // Naive sum/n gives 0.30000000000000004 here; the corrected mean is exact.
    expect(mean([0.1, 0.2, 0.3, 0.4, 0.5])).toBe(0.3);
    expect(mean([])).toBeNaN();
  });

  it('divides the sample variance by n - 1 and the population variance by n', () => {
    expect(variance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 14);
    expect(populationVariance([2, 4, 4, 4, 5, 5, 7, 9])).toBe(4);
    expect(variance([3])).toBe(0);
  });
});

describe('percentile (R-7)', () => {
  it('Summary Statistics: Basic Percentile', () => {
    const data = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5];
    expect(percentile(data, 5)).toBeCloseTo(0.175, 4);
    expect(percentile(data, 50)).toBe(1.75);
    expect(percentile(data, 100)).toBe(3.5);
  });

  it('Summary Statistics: Basic Percentile Estimate (Linear Interpolation)', () => {
    expect(percentile([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 50)).toBe(4.5);
  });

  it('Summary Statistics: Percentile (NIST Data)', () => {
    const data = [
      95.1772, 95.1567, 95.1937, 95.1959, 95.1442, 95.061, 95.1591, 95.1195, 95.1772, 95.0925,
      95.199, 95.1682,
    ];
    expect(percentile(data, 90)).toBeCloseTo(95.19568, 10);
  });

  it('Summary Statistics: Percentile Metric Object', () => {
    expect(percentile([1], 100)).toBe(1);
  });

  it('Summary Statistics: Percentile Estimate (Linear Interpolation)', () => {
    const data = [
      0.07142857142857144, 0.02083333333333332, 0.16666666666666666, 0.03448275862068966,
      0.038461538461538464, 0.03225806451612904, 0.027777777777777773, 0.0, 0.23076923076923078,
      0.10344827586206898, 0.04545454545454542, 0.0, 0.028571428571428564, 0.0, 0.0, 0.04, 0.0, 0.0,
      0.05128205128205127, 0.10714285714285716, 0.0263157894736842, 0.04166666666666667,
      0.09523809523809522, 0.02941176470588235, 0.024999999999999984, 0.0, 0.0,
      0.023809523809523794, 0.0, 0.02564102564102563, 0.0, 0.0, 0.028571428571428564,
      0.07142857142857144, 0.047619047619047596, 0.021276595744680833, 0.02564102564102563,
      0.03125, 0.03125, 0.03125, 0.11363636363636356, 0.03571428571428572, 0.0,
      0.02777777777777777, 0.0, 0.0, 0.055555555555555546, 0.028571428571428564,
      0.03225806451612904,
    ];
    expect(percentile(data, 25)).toBe(0);
    // Kayenta: 0.0416 +- 1e-4; the R-7 estimate lands on the data value 1/24.
    expect(Math.abs(percentile(data, 75) - 0.0416)).toBeLessThanOrEqual(1e-4);
    expect(percentile(data, 75)).toBe(0.04166666666666667);
  });

  it('rejects percentiles outside (0, 100] and gives NaN for no data', () => {
    expect(() => percentile([1, 2], 0)).toThrow(RangeError);
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes the median as the middle value or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('effect sizes', () => {
  it('Effect Size: Mean Ratio (No Effect / High / Low / Zero Mean)', () => {
    expect(meanRatio([1, 1, 1, 1, 1], [1, 1, 1, 1, 1])).toBe(1);
    expect(meanRatio([1, 1, 1, 1, 1], [10, 10, 10, 10, 10])).toBe(10);
    expect(meanRatio([100, 100, 100, 100, 100], [10, 10, 10, 10, 10])).toBe(0.1);
    expect(meanRatio([0, 0, 0, 0, 0], [10, 10, 10, 10, 10])).toBeNaN();
  });

  it('CLES Effect Size: Identical', () => {
    expect(cles([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).toBe(0.5);
  });

  it('CLES Effect Size: Different (No Overlap)', () => {
    const canary = [
      2.27776335, 2.61149434, 3.26894105, 2.91672701, 1.40656921, 2.18292082, 3.47901292,
      3.00034118, 3.02402043, 4.69912745,
    ];
    const baseline = [
      25.31531073, 25.19450817, 24.6288846, 24.37991861, 26.40999244, 25.28524759, 24.99788745,
      26.13841676, 22.93604649, 24.56817832,
    ];
    expect(cles(baseline, canary)).toBe(0);
  });

  it('CLES Effect Size: High Metric', () => {
    const canary = [
      29.17644856, 25.16947646, 25.88467948, 29.4900454, 27.05622757, 26.13307864, 27.2711558,
      26.69139944, 29.05412377, 26.39818697, 26.68312641, 24.99600187, 27.99524816, 22.57278291,
      23.72798196, 25.82821505, 28.26624521, 28.02370228, 24.1792213, 26.02914828, 25.90970275,
      31.18337461, 27.44254942, 29.93347686, 26.70848069, 28.12191913, 27.39257837, 30.17636627,
      29.60240485, 30.10635388,
    ];
    const baseline = [
      24.69397578, 25.37120574, 25.86186148, 26.93804252, 22.72232309, 24.15894084, 24.80842752,
      26.07830794, 27.35323988, 23.25110886, 24.65909111, 23.88299016, 21.34817847, 26.33198082,
      23.39498829, 26.6734461, 25.33769589, 23.92348759, 25.29740715, 24.21381887, 28.1697053,
      22.2271772, 27.16612837, 25.16639243, 26.85955896, 27.13421926, 25.43350074, 26.32130314,
      23.8854011, 27.86180318,
    ];
    expect(cles(baseline, canary)).toBeCloseTo(0.771, 3);
  });

  it('CLES Effect Size: Low Metric', () => {
    const canary = [
      22.58442682, 18.83161858, 22.34282944, 18.52177725, 19.41399147, 21.77120485, 24.33796385,
      22.16390531, 23.781802, 21.38514296, 22.2205035, 22.06152361, 21.30313392, 21.59652134,
      22.38394223, 24.68882792, 20.58916439, 21.03137302, 22.26213957, 23.76485986, 20.56271226,
      24.56567102, 19.86055958, 22.18967677, 20.31475409, 19.2634656, 24.60283585, 20.41729998,
      20.62069798, 22.53448767,
    ];
    const baseline = [
      23.15322873, 22.09179077, 26.56410603, 23.0971542, 24.26372276, 25.6461273, 29.42730472,
      22.08630097, 29.15257054, 25.8096766, 24.62191338, 23.67398895, 23.63946085, 26.44684325,
      25.76230914, 25.41279862, 22.64005862, 24.58898152, 25.01968457, 25.03695883, 23.79864705,
      26.60180151, 25.99405034, 22.46726084, 28.31843786, 24.30152484, 22.83713467, 21.92380184,
      23.44735223, 29.15676219,
    ];
    expect(cles(baseline, canary)).toBe(0.12);
  });

  it('counts ties as one half in CLES', () => {
    // Pairs (canary > baseline): 2>1, 2=2 (½), 3>1, 3>2 → 3.5 of 4.
    expect(cles([1, 2], [2, 3])).toBe(3.5 / 4);
  });
});
