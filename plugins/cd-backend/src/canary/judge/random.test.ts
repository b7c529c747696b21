import { JavaRandom } from './random';

// Reference sequences printed by OpenJDK 17 (java.util.Random).
describe('JavaRandom', () => {
  it('reproduces java.util.Random(42)', () => {
    const random = new JavaRandom(42);
    expect(random.nextInt()).toBe(-1170105035);
    expect(random.nextDouble()).toBe(0.05466526274716077);
  });

  it('reproduces nextGaussian of java.util.Random(12345)', () => {
    const random = new JavaRandom(12345);
    const draws = Array.from({ length: 5 }, () => random.nextGaussian());
    expect(draws).toEqual([
      -0.187808989658912, 0.5884363051154796, 0.9488047804400426, -0.49428072062604445,
      -1.223411937180115,
    ]);
  });

  it('scrambles negative seeds as Java does', () => {
    expect(new JavaRandom(-7).nextInt()).toBe(1155869324);
  });
});
