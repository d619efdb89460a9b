// features/markouts/anchors: which way an anchor points. A trade points the way its taker went (Binance's
// `m` flag: buyer is maker ⇒ the taker sold). A detection names the side of the BOOK involved; it points the
// way the pressure it shows would move the price:
//   wall, absorption, iceberg, layering — resting interest on that side: bid ⇒ buy, ask ⇒ sell;
//   sweep, exhaustion — that side's liquidity taken or gone: ask ⇒ buy (the asks were lifted / thinned),
//   bid ⇒ sell.

import type { AggressorSide } from '../../model/index.js';
import type { Detection, DetectorKind } from '../detectors/index.js';

const TAKES_THE_SIDE: ReadonlySet<DetectorKind> = new Set(['sweep', 'exhaustion']);

/** The side a detection's markout is measured for (see the module header). */
export function detectionSide(d: Pick<Detection, 'detector' | 'side'>): AggressorSide {
  const bid = d.side === 'bid';
  return TAKES_THE_SIDE.has(d.detector) === bid ? 'sell' : 'buy';
}
