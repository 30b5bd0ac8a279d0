/** Entry of this mode. Replaced by its implementation; until then it says so. */
export async function main(_args: string[]): Promise<number> {
  process.stderr.write('Error: the daemon is not available in this build yet\n');
  return 2;
}
