// tui/narrowing: what the console does when the terminal gets narrower. Most terminals (tmux, iTerm2,
// GNOME Terminal, Windows Terminal) re-wrap the lines on screen to the new width, so the last frame then
// takes more rows than Ink erases before it draws again, and the rows it misses stay above the new frame
// ("terminal too small" printed twice). This handler runs before Ink's: it clears the screen and homes the
// cursor, so Ink starts on a blank screen. Ink then redraws the last frame at once, before the console has
// laid out one for the new size; that frame's rows are cut to the terminal when drawn (LinesProps.columnsNow),
// so they do not wrap either. A terminal that only gets wider or taller re-wraps nothing and is left alone.

/** The terminal output the console draws on (Ink's stdout). */
export interface ResizableOutput {
  readonly columns: number;
  write(text: string): unknown;
  prependListener(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

/** Erase the screen, cursor to the top-left corner. */
export const CLEAR_SCREEN = '\x1b[2J\x1b[H';

/** Clears the screen whenever `out` gets narrower, before Ink's own resize handler; returns the function that stops it. */
export function clearWhenNarrowed(out: ResizableOutput): () => void {
  let columns = out.columns;
  const onResize = (): void => {
    if (out.columns > 0 && out.columns < columns) out.write(CLEAR_SCREEN);
    columns = out.columns;
  };
  out.prependListener('resize', onResize);
  return () => {
    out.off('resize', onResize);
  };
}
