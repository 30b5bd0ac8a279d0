import { execFileSync } from 'node:child_process';

/** Path of a command on PATH, or null. Tests whose tool is absent skip with a printed reason. */
export function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function skipReason(cmd: string, pkg: string): string | false {
  return which(cmd) === null ? `${cmd} not installed (apt-get install -y ${pkg})` : false;
}
