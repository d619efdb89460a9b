// tui/panes: the console's panes as pure Ink components (props in, text out; no state, timers or input).
// Each renders exactly within the width and height it is given. The app imports them from here.

export { ConsoleScreen, type ConsoleScreenProps } from './console-screen.js';
export { DepthCurve, type DepthCurveProps } from './depth-curve.js';
export { Gates, type GatesProps } from './gates.js';
export { Gauges, type GaugesProps } from './gauges.js';
export { Heatmap, type HeatmapProps } from './heatmap.js';
export { Help, helpSize, type HelpProps, type KeyBinding } from './help.js';
export { Ladder, type LadderProps } from './ladder.js';
export { Markouts, type MarkoutsProps } from './markouts.js';
export { Orders, type OrdersProps } from './orders.js';
export { Positions, type PositionsProps } from './positions.js';
export { Reconciliation, type ReconciliationProps } from './reconciliation.js';
export { StatusBar, type StatusBarProps } from './status-bar.js';
export { Tape, type TapeProps } from './tape.js';
export { composeFrame, sliceLine, type Placement } from './frame.js';
export { Lines, paintLine, type Line, type LinesProps, type Seg } from './text.js';
