/**
 * An `[eventlistener:x]` pool (compat §7.5): a bounded FIFO of events waiting for a listener,
 * handed one at a time to the first member that is RUNNING and READY. An event that is
 * rejected, answered with garbage or in flight when its listener dies goes back to the head
 * of THIS pool with the same serials (4.2.5 re-queued it in every pool whose listeners had the
 * same priority: not copied).
 */
import { envelopeBytes, SerialCounter } from './envelope.ts';
import { matchesSubscription, type EventTypeName } from '../../src/protocol/event-types.ts';
import { ListenerProtocol, type ListenerStateName, type ProtocolEffect } from './listener-protocol.ts';
import type { SupervisorEvent } from './payload.ts';

export type PoolLogLevel = 'debug' | 'warn' | 'error';
export type PoolLog = (level: PoolLogLevel, message: string) => void;

/** One listener process as the pool needs it; the engine's process object adapts to this. */
export interface ListenerProcess {
  readonly name: string;
  /** Events go only to RUNNING listeners (so nothing is sent during startsecs). */
  isRunning(): boolean;
  /** Writes to the listener's stdin; false when the pipe is gone (the event then goes to another member). */
  write(data: Buffer): boolean;
}

/** An event as a pool holds it: both serials are fixed on first accept and kept across re-sends. */
export interface QueuedEvent {
  readonly event: SupervisorEvent;
  readonly serial: number;
  readonly poolserial: number;
}

interface Member {
  readonly process: ListenerProcess;
  protocol: ListenerProtocol;
  inFlight: QueuedEvent | null;
}

export interface PoolOptions {
  readonly name: string;
  readonly bufferSize: number;
  readonly events: readonly EventTypeName[];
  /** supervisord's identifier, the envelope's `server:`. */
  readonly server: string;
  readonly log: PoolLog;
}

export class EventPool {
  readonly name: string;
  private readonly buffer: QueuedEvent[] = [];
  private readonly members: Member[] = [];
  private readonly poolSerial: SerialCounter;

  constructor(private readonly opts: PoolOptions) {
    this.name = opts.name;
    this.poolSerial = new SerialCounter();
  }

  subscribes(name: EventTypeName): boolean {
    return matchesSubscription(name, this.opts.events);
  }

  /** Events waiting in the buffer (not counting those in flight), oldest first. */
  get pending(): readonly QueuedEvent[] {
    return this.buffer;
  }

  listenerState(processName: string): ListenerStateName | null {
    return this.members.find((m) => m.process.name === processName)?.protocol.state ?? null;
  }

  /** A new event this pool subscribes to; `serial` is the global serial the router assigned. */
  accept(event: SupervisorEvent, serial: number): void {
    this.enqueue({ event, serial, poolserial: this.poolSerial.next() }, false);
  }

  private enqueue(q: QueuedEvent, head: boolean): void {
    if (head) this.opts.log('debug', `rebuffering event ${q.serial} for pool ${this.name} (buf size=${this.buffer.length}, max=${this.opts.bufferSize})`);
    if (this.buffer.length >= this.opts.bufferSize) {
      const dropped = this.buffer.shift();
      if (dropped) this.opts.log('error', `pool ${this.name} event buffer overflowed, discarding event ${dropped.serial}`);
    }
    if (head) this.buffer.unshift(q);
    else this.buffer.push(q);
  }

  /** A listener process of this pool was spawned: it starts in ACKNOWLEDGED, waiting for READY. */
  listenerSpawned(process: ListenerProcess): void {
    const existing = this.members.find((m) => m.process.name === process.name);
    if (existing) this.requeueInFlight(existing);
    const fresh: Member = { process, protocol: new ListenerProtocol(process.name), inFlight: null };
    if (existing) this.members[this.members.indexOf(existing)] = fresh;
    else this.members.push(fresh);
  }

  /** Bytes from the listener's stdout. */
  listenerOutput(processName: string, data: Uint8Array): void {
    const m = this.members.find((x) => x.process.name === processName);
    if (!m) return;
    this.apply(m, m.protocol.feed(data));
    this.dispatch();
  }

  /** The listener process ended (after its stdout was drained): an event it held is sent again. */
  listenerExited(processName: string): void {
    const m = this.members.find((x) => x.process.name === processName);
    if (m) this.requeueInFlight(m);
    this.dispatch();
  }

  /** Send buffered events, oldest first, while some member is RUNNING and READY. */
  dispatch(): void {
    while (this.buffer.length > 0 && this.sendToFirstReady(this.buffer[0]!)) this.buffer.shift();
  }

  /** The pool is being removed: nothing more is delivered; buffered events are lost. */
  close(): void {
    this.buffer.length = 0;
    this.members.length = 0;
  }

  private sendToFirstReady(q: QueuedEvent): boolean {
    for (const m of this.members) {
      if (!m.process.isRunning() || m.protocol.state !== 'READY') continue;
      const bytes = envelopeBytes({ server: this.opts.server, serial: q.serial, pool: this.name, poolserial: q.poolserial }, q.event);
      if (!m.process.write(bytes)) {
        this.opts.log('debug', `epipe occurred while sending event ${q.serial} to listener ${m.process.name}, listener state unchanged`);
        continue;
      }
      m.inFlight = q;
      m.protocol.sent();
      this.opts.log('debug', `event ${q.serial} sent to listener ${m.process.name}`);
      return true;
    }
    return false;
  }

  private apply(m: Member, effects: readonly ProtocolEffect[]): void {
    for (const e of effects) {
      if (e.kind === 'log') this.opts.log(e.level, e.message);
      else if (e.kind === 'processed') m.inFlight = null;
      else this.requeueInFlight(m);
    }
  }

  private requeueInFlight(m: Member): void {
    const q = m.inFlight;
    m.inFlight = null;
    if (q) this.enqueue(q, true);
  }
}
