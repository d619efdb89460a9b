// cli/notices: logs engine notices. Healthy-path notices at info, anything that broke a book at warn.

import type { Logger } from '../log/index.js';
import type { FlowEvent } from '../model/index.js';

export function logNotices(logger: Logger): (event: FlowEvent) => void {
  return (event) => {
    if (event.kind !== 'notice') return;
    const fields = { notice: event.notice, product: event.product, symbol: event.symbol, seq: event.seq, receiveTimeUs: event.receiveTimeUs };
    if (event.notice === 'bookSynced' || event.notice === 'staleCleared') logger.info(fields, event.detail);
    else logger.warn(fields, event.detail);
  };
}
