// model/levels: price levels as a flat list of integers, [priceTicks, qtyLots, priceTicks, qtyLots, ...].
// Flat arrays keep parsing and applying free of one object per level.

export type LevelList = readonly number[];

export function levelCount(levels: LevelList): number {
  return levels.length >> 1;
}
