// venue/binance/sdk-order-ids: the SDK's client order id generator as a ClientOrderIdSource. Loaded on first
// use through the module's index (it loads the SDK). The SDK's `generateNewOrderId('spot')` gives
// 'x-U5D79M5B' + 22 nanoid characters ([A-Za-z0-9_-]): 32 characters; each is still checked.

import { generateNewOrderId } from 'binance';
import { checkedClientOrderId, type ClientOrderIdSource } from './client-order-ids.js';

export function sdkClientOrderIds(): ClientOrderIdSource {
  return () => checkedClientOrderId(generateNewOrderId('spot'));
}
