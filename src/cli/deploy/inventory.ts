/**
 * The inventory of an HA or scaled deployment: one small YAML file from which `civitas deploy render` writes every
 * node's configuration. This is its schema, checked field by field; `load-inventory.ts` reads the file and
 * `topology.ts` fills in the defaults. Every key is listed in deploy/ha/README.md.
 *
 * @module
 */
import { z } from 'zod';
import { SERVICE_NAMES } from '../../config/schema.js';

const port = z.number().int().min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535');

const absolutePath = z
  .string()
  .regex(/^\/[^\s"'$`\\]*$/, 'must be an absolute path (starting with /) without spaces, quotes, $ or backslashes');

/** Used in file names, systemd unit names, etcd member names and certificate names, so kept to DNS-label letters. */
const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits or -, starting with a letter');

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const hostname =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Where other nodes reach a node: an IPv4 address or a host name (IPv6 would need brackets in every URL). */
const address = z
  .string()
  .refine(
    (value) => ipv4.test(value) || (hostname.test(value) && !/^[\d.]+$/.test(value)),
    'must be an IPv4 address or a host name',
  );

/** What a server listens on: an IPv4 address (etcd accepts no host names there). */
const bindAddress = z.string().regex(ipv4, 'must be an IPv4 address, e.g. 0.0.0.0 or 10.0.0.11');

export const isIpv4 = (value: string): boolean => ipv4.test(value);

const serviceName = z.enum(SERVICE_NAMES, {
  error: (issue) => `unknown service ${JSON.stringify(issue.input)}; services: ${SERVICE_NAMES.join(', ')}`,
});

/** `all`, or a list of service names; always a list once read. */
const services = z.preprocess(
  (value) => (value === 'all' ? [...SERVICE_NAMES] : value),
  z.array(serviceName, { error: 'must be "all" or a list of services, e.g. [registry, identity]' }),
);

export const NodePorts = z
  .object({
    http: port.optional().describe('civitas HTTP; copies of a process take the next ports'),
    postgres: port.optional(),
    patroni: port.optional().describe("Patroni's REST API"),
    etcdClient: port.optional(),
    etcdPeer: port.optional(),
    natsClient: port.optional(),
    natsCluster: port.optional(),
    natsMonitor: port.optional(),
  })
  .strict();
export type NodePorts = z.infer<typeof NodePorts>;

export const NodeDirs = z
  .object({
    config: absolutePath.optional().describe('where this node keeps the rendered files and its certs/'),
    data: absolutePath.optional().describe('PostgreSQL, etcd, NATS and civitas data, one folder each'),
    run: absolutePath.optional().describe('sockets and run-time files'),
  })
  .strict();
export type NodeDirs = z.infer<typeof NodeDirs>;

export const INFRA = ['etcd', 'postgres', 'nats'] as const;
export type Infra = (typeof INFRA)[number];

export const Process = z
  .object({
    /** Names its unit (`civitas@<name>.service`) and files; by default its services joined with -, or `all`. */
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits or -, starting with a letter')
      .optional(),
    services,
    copies: z.number().int().min(1).max(32).default(1),
  })
  .strict();
export type Process = z.infer<typeof Process>;

export const Node = z
  .object({
    name,
    address,
    bind: bindAddress.optional(),
    services: services.optional(),
    processes: z.array(Process).min(1).optional(),
    infra: z.array(z.enum(INFRA)).optional(),
    ports: NodePorts.optional(),
    dirs: NodeDirs.optional(),
  })
  .strict()
  .refine((node) => !(node.services && node.processes), {
    message: 'give either services (one civitas process) or processes (several), not both',
    path: ['processes'],
  });
export type Node = z.infer<typeof Node>;

export const Inventory = z
  .object({
    cluster: name.describe('the cluster name: Patroni scope, NATS and etcd cluster names'),
    tls: z.boolean().default(true),
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    secrets: z
      .object({ dir: absolutePath.default('/etc/civitas/secrets') })
      .strict()
      .prefault({}),
    defaults: z
      .object({
        services: services.optional(),
        infra: z.array(z.enum(INFRA)).optional(),
        ports: NodePorts.optional(),
        dirs: NodeDirs.optional(),
      })
      .strict()
      .optional(),
    nodes: z.array(Node).min(1, 'list at least one node'),
    haproxy: z
      .object({
        address,
        name: name.default('haproxy'),
        bind: bindAddress.default('0.0.0.0'),
        serverNames: z.array(address).default([]),
        ports: z
          .object({
            http: port.optional(),
            postgres: port.default(5000),
            postgresReplica: port.nullable().default(5001),
            stats: port.nullable().default(8404),
          })
          .strict()
          .prefault({}),
        dirs: z
          .object({ config: absolutePath.default('/etc/haproxy'), run: absolutePath.default('/run/haproxy') })
          .strict()
          .prefault({}),
        log: z.enum(['syslog', 'stdout']).default('syslog'),
        user: z
          .string()
          .regex(/^[a-z_][a-z0-9_-]*$/)
          .nullable()
          .default('haproxy'),
      })
      .strict(),
    database: z
      .object({
        name: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/)
          .default('civitas'),
        user: z
          .string()
          .regex(/^[a-z_][a-z0-9_]{0,62}$/)
          .default('civitas'),
        binDir: absolutePath.default('/usr/lib/postgresql/15/bin'),
        synchronousModeStrict: z.boolean().default(false),
        ttl: z.number().int().min(5).max(300).default(15),
        loopWait: z.number().int().min(1).max(60).default(3),
        retryTimeout: z.number().int().min(1).max(60).default(6),
        maxConnections: z.number().int().min(20).max(10_000).default(200),
        poolSize: z.number().int().min(1).max(1000).default(10),
        watchdog: z.enum(['off', 'automatic', 'required']).default('automatic'),
        /**
         * How Patroni talks to etcd. Patroni 3.0.2 (Debian 12) with the v3 API can, after a pause longer than the
         * TTL (a frozen VM, a long GC), take the leader key back from the node promoted meanwhile: fixed upstream in
         * Patroni 3.0.3 (PR 2689), and caught here by the lab's freeze test. The v2 API's compare-and-swap of the
         * key has no such window. Use v3 with Patroni 3.0.3 or newer.
         */
        etcdApi: z.enum(['v2', 'v3']).default('v2'),
      })
      .strict()
      .superRefine((database, context) => {
        // Patroni's own rule: a leader must be able to retry the DCS twice within one TTL.
        if (database.loopWait + 2 * database.retryTimeout > database.ttl) {
          context.addIssue({
            code: 'custom',
            path: ['ttl'],
            message: `must be at least loopWait + 2 × retryTimeout (${database.loopWait + 2 * database.retryTimeout})`,
          });
        }
      })
      .prefault({}),
    civitas: z
      .object({
        install: absolutePath.default('/opt/civitas'),
        node: absolutePath.default('/usr/bin/node'),
        user: z
          .string()
          .regex(/^[a-z_][a-z0-9_-]*$/)
          .default('civitas'),
        config: z.record(z.string(), z.unknown()).default({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type Inventory = z.infer<typeof Inventory>;
