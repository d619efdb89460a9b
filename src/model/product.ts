// model/product: the Binance markets flowdesk understands.

export type Product = 'spot' | 'usdm';

export const PRODUCTS: readonly Product[] = ['spot', 'usdm'];

export function isProduct(value: string): value is Product {
  return value === 'spot' || value === 'usdm';
}

export type Side = 'bid' | 'ask';
export type AggressorSide = 'buy' | 'sell';
