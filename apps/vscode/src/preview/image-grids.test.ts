import { describe, expect, it } from 'vitest';
import { greyRange, imageGrid, imageSide } from './image-grids.js';

describe('image grids', () => {
  it('recognises square images of grey levels', () => {
    expect([imageSide(64), imageSide(784), imageSide(63), imageSide(9)]).toEqual([8, 28, undefined, undefined]);
    expect([
      greyRange(Float64Array.from([0, 0.5, 1])),
      greyRange(Float64Array.from([0, 255])),
      greyRange(Float64Array.from([-1, 0])),
      greyRange(Float64Array.from([300])),
    ]).toEqual([1, 255, undefined, undefined]);
  });

  it('takes rows at an even stride and scales them to [0, 1]', () => {
    const values = Float64Array.from({ length: 4 * 16 }, (_, q) => Math.floor(q / 16) * 85);
    const grid = imageGrid('data', values, 4, 16, 255, 2)!;
    expect(grid.width).toBe(4);
    expect(grid.images.map((img) => img.pixels[0])).toEqual([0, 0.667]);
    expect(grid.kind).toBe('images');
  });
});
