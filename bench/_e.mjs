const { prepareReplay, attachFeatureEngines, attachDetectors } = await import('/work/main/dist/kernel/index.js');
const files = process.argv[2] === 'usdm' ? ['fixtures/binance/usdm/btcusdt_20240808.gz'] : ['fixtures/binance/spot/btcusdt_20240808.gz', 'fixtures/binance/spot/btcusdt_20240809.gz'];
for (let i = 0; i < 4; i++) {
  const replay = await prepareReplay({ files, overrides: {}, engine: { staleStreamMs: 5000, maxBufferedDiffs: 10000 }, warn: () => {} });
  attachFeatureEngines(replay.pipeline); attachDetectors(replay.pipeline, () => {});
  await replay.run();
}
