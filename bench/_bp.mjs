process.argv.push('--rounds', '1', '--seconds', '3');
await import('./book-peers.mjs');
