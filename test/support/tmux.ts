// tmux for the terminal tests: whether it is installed (.ci/run installs it; without it those tests are
// skipped), and a call that returns what it printed.
import { execFileSync } from 'node:child_process';

export const hasTmux = ((): boolean => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
