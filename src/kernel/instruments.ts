// kernel/instruments: the instruments known to a run, by (product, symbol).

import { createInstrument, instrumentKey, type Instrument, type InstrumentSpec, type Product } from '../model/index.js';

export class InstrumentRegistry {
  private readonly byKey = new Map<string, Instrument>();

  add(spec: InstrumentSpec): Instrument {
    const inst = createInstrument(spec);
    this.byKey.set(instrumentKey(spec.product, spec.symbol), inst);
    return inst;
  }

  get(product: Product, symbol: string): Instrument | undefined {
    return this.byKey.get(instrumentKey(product, symbol));
  }

  all(): Instrument[] {
    return [...this.byKey.values()];
  }
}
