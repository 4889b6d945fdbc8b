/**
 * `civitas deploy render --inventory <nodes.yaml> --out <folder> [--set name=value,...] [--force]`: every node's
 * configuration for HA or scaled mode (civitas, Patroni, etcd, NATS, systemd units), HAProxy's, and the scripts
 * that make the certificates and secrets, from one inventory. Wrong inventory or usage: exit 2, nothing written.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './args.js';
import { loadInventory, parseSets } from './deploy/load-inventory.js';
import { OutputNotEmptyError, renderDeployment, writeDeployment } from './deploy/render.js';

const USAGE =
  'usage: civitas deploy render --inventory <nodes.yaml> --out <folder> [--set name=value,...] [--force]\n' +
  '  --set    fill ${name} in the inventory (over its vars:), e.g. --set dataRoot=/tmp/lab,tls=false\n' +
  '  --force  write over the rendered files in a folder that is not empty (other files stay)';

export async function deployCommand(words: readonly string[], flags: Record<string, string>): Promise<void> {
  const [sub, ...extra] = words;
  if (sub !== 'render' || extra.length > 0) throw new UsageError(USAGE);
  const unknown = Object.keys(flags).filter((flag) => !['inventory', 'out', 'set', 'force'].includes(flag));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}\n${USAGE}`);
  if (!flags.inventory) throw new UsageError(`--inventory: name the inventory file\n${USAGE}`);
  if (!flags.out) throw new UsageError(`--out: name the folder to write to\n${USAGE}`);

  let sets: ReturnType<typeof parseSets>;
  try {
    sets = parseSets(flags.set);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const inventoryPath = resolve(flags.inventory);
  let text: string;
  try {
    text = readFileSync(inventoryPath, 'utf8');
  } catch (error) {
    throw new UsageError(`${inventoryPath}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const result = loadInventory(text, flags.inventory, sets);
  if (!result.ok) {
    throw new UsageError(
      `${flags.inventory} has ${result.problems.length} problem(s); nothing was written:\n  ${result.problems.join('\n  ')}`,
    );
  }
  const out = resolve(flags.out);
  const files = renderDeployment(result.topology);
  try {
    writeDeployment(out, files, flags.force === 'true');
  } catch (error) {
    if (error instanceof OutputNotEmptyError) throw new UsageError(error.message);
    throw error;
  }
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  const { topology } = result;
  console.log(
    `rendered ${files.length} files for ${topology.cluster} (${topology.nodes.length} nodes, ` +
      `${topology.processes.length} civitas processes, ${topology.scaled ? 'scaled' : 'HA'} mode, ` +
      `TLS ${topology.tls ? 'on' : 'off'}) in ${out}; what goes where: ${out}/README.txt`,
  );
}
