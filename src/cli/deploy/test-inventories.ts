/**
 * For the tests: the inventories under deploy/, moved into a temporary folder. Every node's config folder becomes
 * `<root>/out/<node>`, the folder the renderer writes that node's files to, so certificates made by make-certs.sh
 * land where the configurations name them, the way an operator's copy puts them there.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const INVENTORIES = {
  ha: 'deploy/ha/nodes.example.yaml',
  scaled: 'deploy/scaled/nodes.example.yaml',
  lab: 'deploy/lab/nodes.lab.yaml',
  scaledLab: 'deploy/lab/nodes.scaled-lab.yaml',
} as const;

export type InventoryName = keyof typeof INVENTORIES;

export function inventoryText(name: InventoryName): string {
  return readFileSync(fileURLToPath(new URL(`../../../${INVENTORIES[name]}`, import.meta.url)), 'utf8');
}

interface Moved {
  tls?: boolean;
  /** Ports added to every node's and HAProxy's, so a test does not meet a lab running on this machine. */
  portShift?: number;
}

/** The inventory with its folders under `root` (and TLS as asked); the output folder is `<root>/out`. */
export function movedInventory(name: InventoryName, root: string, options: Moved = {}): string {
  const inventory = parse(inventoryText(name)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const vars = { ...inventory.vars, dataRoot: root, ...(options.tls === undefined ? {} : { tls: options.tls }) };
  if (inventory.vars) inventory.vars = vars;
  if (options.tls !== undefined && inventory.tls !== '${tls}') inventory.tls = options.tls;
  for (const node of inventory.nodes) {
    node.dirs = {
      config: `${root}/out/${node.name}`,
      data: `${root}/data/${node.name}`,
      run: `${root}/run/${node.name}`,
    };
    if (options.portShift && node.ports) {
      node.ports = Object.fromEntries(
        Object.entries(node.ports as Record<string, number>).map(([key, port]) => [key, port + options.portShift!]),
      );
    }
  }
  inventory.secrets = { dir: `${root}/out/secrets` };
  inventory.haproxy.dirs = { config: `${root}/out/haproxy`, run: `${root}/run/haproxy` };
  if (options.portShift && inventory.haproxy.ports) {
    inventory.haproxy.ports = Object.fromEntries(
      Object.entries(inventory.haproxy.ports as Record<string, number>).map(([key, port]) => [
        key,
        port + options.portShift!,
      ]),
    );
  }
  inventory.civitas = { ...inventory.civitas, node: process.execPath };
  return stringify(inventory);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A shift of the lab's ports at which all of them are free, so a test never meets a lab running here, nor a port
 * another process holds: shifted ports fall in Linux's range for outgoing connections (32768-60999), where any
 * client of PostgreSQL or NATS may sit (a fixed shift once met one: EADDRINUSE).
 */
export async function freeShift(): Promise<number> {
  const ports = [...inventoryText('lab').matchAll(/: (1\d{4})\b/g)].map((match) => Number(match[1]));
  for (let shift = 20_000 + (process.pid % 20) * 1000; shift < 46_000; shift += 1000) {
    const free = await Promise.all(ports.map((port) => portFree(port + shift)));
    if (free.every(Boolean)) return shift;
  }
  throw new Error('no free ports for the lab test');
}
