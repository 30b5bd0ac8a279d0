/**
 * Rolling restart over a fleet: one server (or N) at a time, each server's matching processes
 * stopped and started again (start waits for RUNNING, as `startProcess` with wait does), then —
 * where the server reports health (supervisortui.getAllHealth, our daemon) — each process with a
 * check waited for until healthy. The next server starts only then; the first failure stops the
 * roll and says where (`web2: web:web_00: ERROR (spawn error), now FATAL: …`).
 */
import { fetchAllHealth } from '../../src/client/health.ts';
import type { SupervisorClient } from '../../src/client/types.ts';
import { formatSignalResult, formatStartResult } from '../../src/ctl/format.ts';
import { errorText } from '../../src/error-text.ts';
import { Faults, RpcFault } from '../../src/protocol/faults.ts';
import { makeNamespec, splitNamespec } from '../../src/protocol/namespec.ts';
import type { Jobs } from '../effects/jobs.ts';
import type { Action } from '../state.ts';
import type { FleetMember } from './model.ts';
import { qualify } from './model.ts';
import { planRolling, type RollingStep } from './targets.ts';

/** How long a restarted process may take to report healthy before the roll stops. */
export const HEALTH_WAIT_MS = 120_000;
const HEALTH_POLL_MS = 250;

export interface RollingDeps {
  clients: ReadonlyMap<string, SupervisorClient>;
  members(): readonly FleetMember[];
  refresh(server: string): void;
  dispatch(a: Action): void;
  jobs: Jobs;
  /** Local clock (tests); default Date.now. */
  now?: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fault of a call on `namespec` as supervisorctl words it. */
function faultLine(namespec: string, err: unknown, format: (status: number, description: string) => string): string {
  if (!(err instanceof RpcFault)) return `${namespec}: ERROR (${errorText(err)})`;
  try {
    return format(err.faultCode, err.faultString);
  } catch {
    return `${namespec}: ERROR (${err.faultString})`;
  }
}

/** What the process is now, after a failed start: `, now FATAL: Exited too quickly (…)`. */
async function nowState(client: SupervisorClient, namespec: string): Promise<string> {
  try {
    const p = await client.getProcessInfo(namespec);
    const why = p.spawnerr || p.description;
    return `, now ${p.statename}${why ? `: ${why}` : ''}`;
  } catch {
    return '';
  }
}

/** `call` on every one of `names` at once; the first failure's line in table order, or null. */
async function firstFailure(names: readonly string[], call: (namespec: string) => Promise<string | null>): Promise<string | null> {
  return (await Promise.all(names.map(call))).find((f) => f !== null) ?? null;
}

/** One server's processes: all stopped, then all started (each waiting for RUNNING); the first failure's line, in table order. */
async function restartOnServer(client: SupervisorClient, names: readonly string[]): Promise<string | null> {
  const stopped = await firstFailure(names, async (n) => {
    const [group, name] = splitNamespec(n);
    try {
      await client.stopProcess(n, true);
      return null;
    } catch (err) {
      if (err instanceof RpcFault && err.faultCode === Faults.NOT_RUNNING) return null;
      return faultLine(n, err, (status, description) => formatSignalResult({ group, name, status, description }, 'stopped'));
    }
  });
  if (stopped !== null) return stopped;
  return firstFailure(names, async (n) => {
    const [group, name] = splitNamespec(n);
    try {
      await client.startProcess(n, true);
      return null;
    } catch (err) {
      return faultLine(n, err, (status, description) => formatStartResult({ group, name, status, description })) + (await nowState(client, n));
    }
  });
}

/**
 * Waits until every one of `names` that has a health check is healthy. null when they are (or the
 * server has no health: a real supervisord), else the failure: unhealthy, no longer running, or
 * still without a verdict after HEALTH_WAIT_MS.
 */
export async function waitHealthy(client: SupervisorClient, names: readonly string[], progress: (text: string) => void, now: () => number = Date.now, limitMs = HEALTH_WAIT_MS): Promise<string | null> {
  const deadline = now() + limitMs;
  for (;;) {
    const all = await fetchAllHealth(client);
    if (all === null) return null;
    const byName = new Map(all.map((h) => [makeNamespec(h.group, h.name), h]));
    const pending: string[] = [];
    for (const n of names) {
      const h = byName.get(n);
      if (h === undefined || h.healthcheck === '') continue;
      if (h.health === 'unhealthy') return `${n}: UNHEALTHY${h.detail ? ` (${h.detail})` : ''}`;
      // A check that says `none` is on a process that is no longer running.
      if (h.health === 'none') return `${n}: not running while waiting for health${await nowState(client, n)}`;
      if (h.health === 'starting') pending.push(n);
    }
    if (pending.length === 0) return null;
    if (now() > deadline) {
      const h = byName.get(pending[0]!)!;
      return `${pending[0]!}: not healthy within ${limitMs / 1000} s${h.detail ? ` (last check: ${h.detail})` : ' (no check has answered)'}`;
    }
    progress(`waiting for ${pending.length} process${pending.length === 1 ? '' : 'es'} to be healthy (${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''})`);
    await sleep(HEALTH_POLL_MS);
  }
}

/** One server's turn: restart, then health; the failure's line behind the server's name, or null. */
async function serverTurn(deps: RollingDeps, step: RollingStep, progress: (text: string) => void): Promise<string | null> {
  const client = deps.clients.get(step.server);
  if (client === undefined) return `${step.server}: not connected`;
  try {
    progress(`restarting ${step.names.length} process${step.names.length === 1 ? '' : 'es'}`);
    const failed = (await restartOnServer(client, step.names)) ?? (await waitHealthy(client, step.names, progress, deps.now));
    return failed === null ? null : `${step.server}: ${failed}`;
  } catch (err) {
    return `${step.server}: ${errorText(err)}`;
  } finally {
    deps.refresh(step.server);
  }
}

/**
 * `names`: namespecs or globs with `@server` globs (`web:*`, `web:*@web[12]`, `web:web_00@web1`),
 * matched against what each server reported last. Shown as a job with its progress.
 */
export async function rollingRestart(deps: RollingDeps, names: readonly string[], batch: number): Promise<void> {
  const say = (text: string, error: boolean) => deps.dispatch({ type: 'message', text, error, at: (deps.now ?? Date.now)() });
  const plan = planRolling(deps.members(), names, batch);
  if (plan.batches.length === 0) return say(plan.errors[0] ?? 'rolling-restart: nothing matched', true);
  const steps = plan.batches.flat();
  const scope = { kind: 'processes' as const, names: steps.flatMap((s) => s.names.map((n) => qualify(n, s.server))) };
  const count = steps.reduce((k, s) => k + s.names.length, 0);
  const label = `rolling restart (${count} process${count === 1 ? '' : 'es'} on ${steps.length} server${steps.length === 1 ? '' : 's'})`;
  await deps.jobs.run(label, scope, async (progress) => {
    const done: string[] = [];
    let turn = 0;
    for (let b = 0; b < plan.batches.length; b++) {
      const servers = plan.batches[b]!;
      const failures = await Promise.all(
        servers.map((step, i) => serverTurn(deps, step, (text) => progress(`${step.server} (${turn + i + 1}/${steps.length}): ${text}…`))),
      );
      turn += servers.length;
      const failed = failures.filter((f): f is string => f !== null);
      if (failed.length > 0) {
        const ok = servers.filter((_, i) => failures[i] === null).map((s) => s.server);
        done.push(...ok);
        const left = plan.batches.slice(b + 1).flat().map((s) => s.server);
        say(`rolling restart stopped at ${failed[0]!}`, true);
        deps.dispatch({
          type: 'output',
          title: 'rolling restart',
          lines: [
            `rolling restart stopped at ${failed[0]!}`,
            ...failed.slice(1),
            `done: ${done.length > 0 ? done.join(', ') : 'none'}${left.length > 0 ? ` · not restarted: ${left.join(', ')}` : ''}`,
            ...plan.errors,
          ],
        });
        return;
      }
      done.push(...servers.map((s) => s.server));
    }
    say(`rolling restart: ${count} process${count === 1 ? '' : 'es'} on ${steps.length} server${steps.length === 1 ? '' : 's'} restarted (${done.join(', ')})${plan.errors.length > 0 ? `; ${plan.errors.join('; ')}` : ''}`, plan.errors.length > 0);
  });
}
