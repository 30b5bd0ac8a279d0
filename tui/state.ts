/** The dashboard's view state, the actions that change it, and the effects it asks for. */
import type { LogChannel, ReloadDiff } from '../src/protocol/index.ts';
import type { ContextChoice, FleetView } from './fleet/model.ts';
import type { DetailsData } from './details/model.ts';
import type { StateHistory } from './details/history.ts';
import type { FleetHistory } from './fleet/history.ts';
import type { FleetTable } from './fleet/table.ts';
import type { Connection, ServerInfo, Snapshot, TableRow } from './model.ts';
import type { SortSpec } from './rows.ts';
import type { ColumnChoice } from './columns.ts';

export type Op = 'start' | 'stop' | 'restart' | 'clear';

/** What an action applies to. */
export type Target = { kind: 'processes'; names: readonly string[] } | { kind: 'group'; name: string } | { kind: 'all' };

/** Work the reducer asks the effects layer to do; drained by the app in order. */
export type Effect =
  | { kind: 'op'; op: Op; target: Target }
  | { kind: 'signal'; signal: string; target: Target }
  | { kind: 'command'; line: string }
  | { kind: 'reread' }
  | { kind: 'update' }
  | { kind: 'quit' }
  | { kind: 'redraw' }
  /** Many servers: restart `names` (`namespec@server`) one server (or `batch` servers) at a time. */
  | { kind: 'rolling'; names: readonly string[]; batch: number }
  | { kind: 'switchContext'; name: string };

export const SIGNALS = ['TERM', 'HUP', 'INT', 'QUIT', 'KILL', 'USR1', 'USR2'] as const;

export type PromptKind = 'filter' | 'command' | 'search' | 'searchBack' | 'logFilter';

export type Mode =
  | { kind: 'normal' }
  /** cursor: UTF-16 index (end when absent); hist: the history entry shown (null: the line being typed). */
  | { kind: 'prompt'; prompt: PromptKind; text: string; cursor?: number; hist?: number | null; draft?: string }
  /** detail: a second line under the question (a start's order, tui/plan.ts). */
  | { kind: 'confirm'; question: string; effect: Effect; detail?: string }
  | { kind: 'signal'; target: Target; label: string; index: number }
  | { kind: 'help' }
  | { kind: 'reread'; diff: ReloadDiff }
  | { kind: 'messages' }
  /** The `:ctx` picker: the servers file's contexts, `index` the highlighted one. */
  | { kind: 'contexts'; choices: readonly ContextChoice[]; current: string | null; index: number }
  /** The column chooser (F2, C): `index` is the line under the cursor. */
  | { kind: 'columns'; index: number }
  /** The details view of one process (namespec, or namespec@server in a fleet); scroll: its first shown line. */
  | { kind: 'details'; target: string; scroll: number };

/** A command's output, shown in place of the body until the next key; never takes the keyboard. */
export interface Panel {
  title: string;
  lines: readonly string[];
}

/** An action in flight ("web: starting 3 processes (2/9 done)…"). */
export interface Job {
  id: number;
  label: string;
  text: string;
}

/** Messages kept for the history overlay. */
export const MESSAGE_HISTORY = 20;

export interface LogView {
  /** Namespec shown; follows the table selection while the pane is open. */
  target: string | null;
  open: boolean;
  channel: LogChannel;
  follow: boolean;
  /** Absolute index (counting dropped lines) of the bottom visible line when not following. */
  anchor: number;
  wrap: boolean;
  full: boolean;
  search: string;
  /** Direction of the last search, as in less: 1 forward (/), -1 backward (?); n repeats it, N reverses it. */
  searchDir: 1 | -1;
  /** Absolute index of the current match (highlighted apart from the other matches). */
  match: number | null;
  /** Only lines matching this regex are shown (`&`, as in less; `!` inverts); '' shows all. */
  filter: string;
}

export interface LogLines {
  lines: readonly string[];
  /** Lines dropped from the front of the bounded buffer so far. */
  dropped: number;
  /** Output after the last newline, shown as the last line. */
  partial: string;
}

export interface Message {
  text: string;
  error: boolean;
  /** Local time (ms) it was said. */
  at: number;
}

export interface ViewState {
  cols: number;
  rows: number;
  snapshot: Snapshot | null;
  /** Many servers: each one's data, and the table built from all of them (null: one server, as always). */
  fleet: FleetView | null;
  /** Over a fleet: the table kept per server (tableRows are its rows). */
  fleetTable: FleetTable | null;
  server: ServerInfo | null;
  conn: Connection;
  tableRows: readonly TableRow[];
  selected: string | null;
  /** Index of the first visible table row. */
  top: number;
  collapsed: ReadonlySet<string>;
  filter: string;
  sort: SortSpec;
  /** The table's columns, in order, on or off (the column chooser). */
  columns: ColumnChoice;
  marks: ReadonlySet<string>;
  mode: Mode;
  focus: 'table' | 'log';
  log: LogView;
  logLines: LogLines;
  paused: boolean;
  readonly: boolean;
  /** Lines entered at each prompt, oldest first (↑/↓ recall them). */
  history: Readonly<Partial<Record<PromptKind, readonly string[]>>>;
  /** Refresh interval in seconds. */
  interval: number;
  /** The message in the footer (until it times out); every one is also in `messages`. */
  message: Message | null;
  /** The last MESSAGE_HISTORY messages, oldest first. */
  messages: readonly Message[];
  /** Actions in flight, each with its progress. */
  jobs: readonly Job[];
  panel: Panel | null;
  /** Each process's last state transitions, as this dashboard saw them (details view); over a fleet, kept per server. */
  transitions: StateHistory | FleetHistory;
  /** What the details view's effect read of its process (null while none is open). */
  details: DetailsData | null;
  effects: readonly Effect[];
}

export type Action =
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'fleet'; fleet: FleetView }
  | { type: 'toggleTree' }
  | { type: 'server'; server: ServerInfo }
  | { type: 'connection'; conn: Connection }
  /** Put the cursor on the row with this key (a mouse click). */
  | { type: 'select'; key: string }
  | { type: 'move'; to: 'up' | 'down' | 'pageUp' | 'pageDown' | 'halfUp' | 'halfDown' | 'home' | 'end' }
  | { type: 'collapse' }
  | { type: 'expand' }
  | { type: 'expandAll' }
  | { type: 'collapseAll' }
  | { type: 'openPrompt'; prompt: PromptKind }
  | { type: 'promptInput'; text: string }
  | { type: 'promptBackspace' }
  | { type: 'promptEdit'; op: import('./prompt-edit.ts').EditOp }
  | { type: 'promptHistory'; step: 1 | -1 }
  | { type: 'promptComplete' }
  | { type: 'promptSubmit' }
  | { type: 'escape' }
  | { type: 'sort'; step: 1 | -1 }
  | { type: 'sortInvert' }
  /** Sort by this column; again on the same column inverts (a click on its title). */
  | { type: 'sortBy'; column: import('./model.ts').ColumnId }
  | { type: 'toggleMark' }
  | { type: 'clearMarks' }
  | { type: 'act'; op: Op }
  | { type: 'actAll'; op: 'start' | 'stop' }
  | { type: 'openSignalMenu' }
  | { type: 'openContexts'; choices: readonly ContextChoice[]; current: string | null }
  | { type: 'rollingRestart' }
  | { type: 'menuMove'; step: number }
  | { type: 'menuChoose'; index?: number }
  | { type: 'answer'; yes: boolean }
  | { type: 'reread' }
  | { type: 'rereadResult'; diff: ReloadDiff; at?: number }
  | { type: 'help' }
  | { type: 'closeOverlay' }
  | { type: 'output'; title: string; lines: readonly string[] }
  | { type: 'messages' }
  | { type: 'openColumns' }
  /** In the column chooser: move the cursor, turn the column on/off, move the column up/down. */
  | { type: 'columnsCursor'; step: 1 | -1 }
  | { type: 'columnsToggle' }
  | { type: 'columnsMove'; step: 1 | -1 }
  | { type: 'dismissPanel'; then: Action | null }
  | { type: 'openLog' }
  | { type: 'openMergedLog' }
  | { type: 'focus'; pane: 'table' | 'log' }
  | { type: 'logChannel' }
  | { type: 'logFollow' }
  | { type: 'logWrap' }
  | { type: 'logFull' }
  | { type: 'logScroll'; to: 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom' }
  | { type: 'logSearchNext'; step: 1 | -1 }
  | { type: 'logAppend'; lines: readonly string[]; partial: string }
  | { type: 'logReset' }
  | { type: 'pause' }
  | { type: 'redraw' }
  | { type: 'quit' }
  | { type: 'message'; text: string; error?: boolean; at?: number }
  | { type: 'clearMessage' }
  | { type: 'jobStart'; id: number; label: string; text: string }
  | { type: 'jobProgress'; id: number; text: string }
  | { type: 'jobEnd'; id: number }
  | { type: 'effectsTaken'; count: number }
  | { type: 'openDetails' }
  | { type: 'detailsData'; data: DetailsData }
  | { type: 'detailsScroll'; to: 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom' }
  | { type: 'closeDetails' };
