/**
 * The one configuration schema of Civitas. Every key is documented here (its description doubles as the text of
 * `civitas config docs`), has a development default, and is read from defaults < config file < environment < flags.
 *
 * @module
 */
import { z } from 'zod';

/** Every service the program knows, in start order. */
export const SERVICE_NAMES = [
  'config',
  'auth',
  'registry',
  'search',
  'identity',
  'documents',
  'notify',
  'hooks',
  'exchange',
  'metrics',
  'gateway',
] as const;

export const ServiceName = z.enum(SERVICE_NAMES, {
  error: (issue) =>
    `unknown service ${JSON.stringify(issue.input)}. Services: ${SERVICE_NAMES.join(', ')}; or "all". ` +
    'Choose them with --services, CIVITAS_SERVICES or services: in civitas.yaml',
});
export type ServiceName = z.infer<typeof ServiceName>;

/** Keys whose values never appear in logs or in `civitas config check`. */
export const SECRET_KEYS = [
  'secretKey',
  'database.url',
  'nats.token',
  'notify.email.smtpUrl',
  'notify.sms.token',
] as const;

const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();

export const Config = z
  .object({
    env: z
      .enum(['development', 'test', 'production'])
      .default('development')
      .describe(
        'Run mode. development seeds the demo country and allows built-in secrets; production requires every secret.',
      ),
    services: z
      .array(ServiceName)
      .default([])
      .describe(`Services this process runs, e.g. "registry,search", or "all". One of: ${SERVICE_NAMES.join(', ')}.`),
    dataDir: z
      .string()
      .min(1)
      .default('./data')
      .describe('Folder for the embedded database (PGlite) and other local files.'),
    secretKey: z
      .string()
      .min(32, 'must be at least 32 characters')
      .optional()
      .describe('Master secret for signing and encryption. Required outside development mode.'),
    http: z
      .object({
        host: z.string().default('0.0.0.0').describe('Address the HTTP server listens on.'),
        port: port.default(8080).describe('Port the HTTP server listens on (0 picks a free port).'),
        bodyLimitBytes: positiveInt.default(1_048_576).describe('Largest request body accepted, in bytes.'),
        trustProxy: z
          .boolean()
          .default(false)
          .describe('Trust X-Forwarded-* headers (set when behind HAProxy or another proxy).'),
        tls: z
          .object({
            certFile: z.string().min(1).describe('PEM certificate (chain) the HTTPS server presents.'),
            keyFile: z.string().min(1).describe('PEM private key of that certificate.'),
          })
          .strict()
          .optional()
          .describe(
            'Serve HTTPS instead of HTTP: between HAProxy and civitas on other machines (HA and scaled mode render it).',
          ),
      })
      .strict()
      .default({ host: '0.0.0.0', port: 8080, bodyLimitBytes: 1_048_576, trustProxy: false }),
    database: z
      .object({
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
          .optional()
          .describe('PostgreSQL server URL. When unset, the embedded PGlite database in dataDir is used.'),
        poolSize: positiveInt.max(1000).default(10).describe('Connections in the PostgreSQL pool.'),
        startupWaitSeconds: z
          .number()
          .int()
          .min(0)
          .max(3600)
          .default(60)
          .describe(
            'At start, how long to wait for a writable PostgreSQL primary (a standby answered, a failover is under way, the server is still starting) before giving up.',
          ),
      })
      .strict()
      .default({ poolSize: 10, startupWaitSeconds: 60 }),
    nats: z
      .object({
        url: z
          .string()
          .optional()
          .describe('NATS server URL(s), comma separated. When set, events travel through NATS JetStream.'),
        token: z.string().optional().describe('NATS authentication token.'),
        stream: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .default('CIVITAS')
          .describe('JetStream stream that holds the events.'),
        subjectPrefix: z
          .string()
          .regex(/^[A-Za-z0-9_-]+$/)
          .default('civitas')
          .describe('Prefix of event subjects: <prefix>.events.<type>.'),
        replicas: z.number().int().min(1).max(5).default(1).describe('Stream replicas (3 in a NATS cluster).'),
        maxDeliver: positiveInt.max(100).default(5).describe('Delivery attempts before an event is dead-lettered.'),
        ackWaitMs: positiveInt
          .min(1000)
          .default(15_000)
          .describe('How long NATS waits for an acknowledgement before redelivering (e.g. after a node died).'),
        backoffMs: z
          .array(positiveInt)
          .min(1)
          .default([1000, 5000, 30000])
          .describe('Waits before redelivery, in milliseconds; the last repeats.'),
      })
      .strict()
      .default({
        stream: 'CIVITAS',
        subjectPrefix: 'civitas',
        replicas: 1,
        maxDeliver: 5,
        ackWaitMs: 15_000,
        backoffMs: [1000, 5000, 30000],
      }),
    outbox: z
      .object({
        pollIntervalMs: positiveInt.default(1000).describe('How often the relay looks for events it was not told of.'),
        batchSize: positiveInt.max(10_000).default(500).describe('Events the relay moves in one batch.'),
        retentionHours: positiveInt.default(168).describe('How long delivered events stay in the outbox.'),
        processedRetentionDays: positiveInt
          .min(8, 'must outlast the 7 days NATS keeps events')
          .default(30)
          .describe('How long consumers remember the ids of events they handled (their idempotency records).'),
      })
      .strict()
      .default({ pollIntervalMs: 1000, batchSize: 500, retentionHours: 168, processedRetentionDays: 30 }),
    log: z
      .object({
        level: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info')
          .describe('Lowest level written to the log.'),
      })
      .strict()
      .default({ level: 'info' }),
    auth: z
      .object({
        accessTokenTtlSeconds: positiveInt
          .min(60)
          .max(3600)
          .default(900)
          .describe('Lifetime of an access token (JWT), in seconds.'),
        keyRotationDays: positiveInt
          .max(365)
          .default(90)
          .describe('Age at which the token signing key is replaced by a new one (also: civitas auth rotate-keys).'),
        codeTtlSeconds: positiveInt.min(60).max(3600).default(600).describe('Lifetime of a sign-in code, in seconds.'),
        maxCodeAttempts: positiveInt
          .max(10)
          .default(5)
          .describe('Wrong sign-in codes before the sign-in must restart.'),
        developmentCode: z
          .string()
          .regex(/^\d{6}$/, 'must be 6 digits')
          .optional()
          .describe('A fixed second-factor code for every user, so the demo needs no phone. Development mode only.'),
        refreshTokenTtlSeconds: positiveInt
          .min(300)
          .max(30 * 86_400)
          .default(8 * 3600)
          .describe(
            'Lifetime of a refresh token, in seconds: how long a signed-in user may stay idle before signing in again.',
          ),
        invitationTtlHours: positiveInt
          .max(30 * 24)
          .default(72)
          .describe('How long a new user may take to set their password with the code they were sent, in hours.'),
        attemptsPerMinutePerAddress: positiveInt
          .max(100_000)
          .default(30)
          .describe('Sign-in, code, reset and client-token attempts one network address may make per minute.'),
        attemptsPerMinutePerUser: positiveInt
          .max(1000)
          .default(10)
          .describe('Sign-in and password-reset attempts for one username per minute, from all addresses together.'),
        jwksUrl: z
          .url()
          .optional()
          .describe(
            'Where nodes that do not run the auth service fetch its public keys (e.g. https://auth.internal/.well-known/jwks.json).',
          ),
      })
      .strict()
      .prefault({}),
    documents: z
      .object({
        maxBytes: positiveInt
          .max(100 * 1_048_576)
          .default(10 * 1_048_576)
          .describe('Largest supporting document accepted (PDF, JPEG or PNG), in bytes; at most 100 MiB.'),
        storage: z
          .enum(['filesystem'])
          .default('filesystem')
          .describe(
            'Where document files are kept: filesystem (in documents.folder). S3-compatible storage comes later.',
          ),
        folder: z
          .string()
          .min(1)
          .optional()
          .describe('Folder of the document files with storage filesystem. Defaults to dataDir/documents.'),
      })
      .strict()
      .prefault({}),
    identity: z
      .object({
        uinLength: positiveInt
          .min(10)
          .max(32)
          .default(10)
          .describe(
            'Digits in a UIN, its Verhoeff check digit included. The default rules leave 58.1 million valid 10-digit UINs (2.8 billion of 12 digits): a large country needs more digits.',
          ),
        vidLength: positiveInt
          .min(16)
          .max(32)
          .default(16)
          .describe('Digits in a virtual ID (VID), its Verhoeff check digit included. Must differ from uinLength.'),
        sequenceLimit: z
          .number()
          .int()
          .min(0)
          .max(10)
          .refine((limit) => limit !== 1, 'must be 0 (off) or at least 2')
          .default(3)
          .describe(
            'Shortest run of ascending or descending digits refused in a UIN or VID, wrapping round (3: 123, 901, 109 are refused). 0 turns the rule off.',
          ),
        repeatingLimit: z
          .number()
          .int()
          .min(0)
          .max(10)
          .default(2)
          .describe(
            'Equal digits in a UIN or VID must be further apart than this (2: 11 and 1x1 are refused, 1xx1 is allowed). 0 turns the rule off.',
          ),
        repeatingBlockLimit: z
          .number()
          .int()
          .min(0)
          .max(16)
          .default(2)
          .describe(
            'Shortest block of digits that may not appear twice in a UIN or VID (2: 48xx48 is refused, 4xx4 is allowed). 0 turns the rule off.',
          ),
        conjugativeEvenDigitsLimit: z
          .number()
          .int()
          .min(0)
          .max(10)
          .default(3)
          .describe(
            'Shortest run of digits from 2, 4, 6, 8 refused in a UIN (3: 246, 848 are refused; 0 does not count). 0 turns the rule off.',
          ),
        restrictedNumbers: z
          .array(z.string().regex(/^\d+$/, 'must be digits'))
          .default(['786', '666'])
          .describe('Numbers that may not appear anywhere inside a UIN or VID, e.g. 786,666.'),
        poolSize: positiveInt
          .max(100_000_000)
          .default(10_000)
          .describe('UINs the identity service keeps generated in advance, ready to issue.'),
        poolRefillBelow: positiveInt
          .default(2000)
          .describe(
            'When fewer unissued UINs than this remain in the pool, it is refilled to poolSize in the background.',
          ),
        poolCheckIntervalMs: positiveInt
          .default(30_000)
          .describe('How often each node checks whether the UIN pool needs refilling (milliseconds).'),
        duplicateThreshold: z
          .number()
          .min(0)
          .max(1)
          .default(0.85)
          .describe(
            'Demographic similarity (0 to 1: names, birth date, sex) from which an enrolment is held for a manual review as a likely duplicate of an existing identity.',
          ),
        temporaryVidMinutes: positiveInt
          .default(30)
          .describe('How long a temporary virtual ID stays valid, unless its creator asks for less.'),
        otpTtlSeconds: positiveInt
          .max(3600)
          .default(180)
          .describe('How long a one-time code sent to a person for identity verification stays valid.'),
        otpMaxAttempts: positiveInt
          .max(10)
          .default(3)
          .describe('Wrong tries of one identity-verification code before it stops working.'),
        partnerRatePerMinute: positiveInt
          .default(6000)
          .describe(
            'Verification requests one relying party (partner) may make per minute on each node; more are answered 429 with Retry-After.',
          ),
        partnerCacheSeconds: z
          .number()
          .int()
          .min(0)
          .max(60)
          .default(5)
          .describe(
            'How long each node keeps a relying party (found by its API key) in memory instead of reading it for every verification. A key revoked or rotated, or a policy changed, takes effect at once on the node that made the change and within this many seconds on every other node. 0 reads it every time.',
          ),
        verificationLogDurability: z
          .enum(['sync', 'async'])
          .default('sync')
          .describe(
            'How the row recording each verification is committed before its answer is given. sync: flushed to the WAL (and to a synchronous standby) like every other commit; concurrent verifications share one commit; against async it costs about a quarter of verifications per second (6,000/s instead of 8,200/s on 2 cores, docs/benchmarks.md). async: synchronous_commit off for that insert only: a crash of civitas still loses nothing, but a crash of PostgreSQL or its machine, or a failover, can lose the log rows of answers given in the last fraction of a second (at most 3 x wal_writer_delay, 600 ms by default).',
          ),
        credentials: z
          .object({
            issuerUrl: z
              .url()
              .refine((url) => /^https?:\/\/[^/?#]+\/?$/.test(url), 'must be an origin: scheme and host, no path')
              .optional()
              .describe(
                'Credential issuer identifier of the wallet credentials (e.g. https://id.example.gov): their `iss`, and where wallets find its metadata. Defaults to the scheme and host of each request.',
              ),
            validityDays: positiveInt
              .max(3650)
              .default(365)
              .describe(
                'Days a wallet credential stays valid; less when one of its age statements would change sooner (an 18th birthday).',
              ),
            offerMinutes: positiveInt
              .max(30 * 24 * 60)
              .default(60)
              .describe('How long a credential offer (QR code and PIN) may wait before the wallet redeems it.'),
            issuingCountry: z
              .string()
              .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
              .optional()
              .describe('Stated as issuing_country in every wallet credential when set (e.g. ZM).'),
            ageThresholds: z
              .array(positiveInt.max(150))
              .min(1)
              .max(20)
              .default([12, 14, 16, 18, 21, 65])
              .describe(
                'Ages stated in age_equal_or_over, each disclosable on its own, so a holder proves "18 or over" without a birth date.',
              ),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .superRefine((identity, context) => {
        if (identity.vidLength === identity.uinLength) {
          context.addIssue({
            code: 'custom',
            path: ['vidLength'],
            message: 'must differ from uinLength: the length of a number says whether it is a UIN or a VID',
          });
        }
        if (identity.poolRefillBelow >= identity.poolSize) {
          context.addIssue({ code: 'custom', path: ['poolRefillBelow'], message: 'must be less than poolSize' });
        }
      })
      .prefault({}),
    notify: z
      .object({
        email: z
          .object({
            provider: z
              .enum(['development', 'smtp'])
              .default('development')
              .describe('How e-mail leaves: development writes each message to dataDir/notify-outbox; smtp sends it.'),
            smtpUrl: z
              .string()
              .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
              .optional()
              .describe('SMTP server, e.g. smtps://user:password@mail.example.org:465. Required with provider smtp.'),
            from: z.string().min(3).default('Civitas <no-reply@civitas.local>').describe('Sender of every e-mail.'),
          })
          .strict()
          .default({ provider: 'development', from: 'Civitas <no-reply@civitas.local>' }),
        sms: z
          .object({
            provider: z
              .enum(['development', 'http'])
              .default('development')
              .describe('How SMS leave: development writes each message to dataDir/notify-outbox; http posts it.'),
            url: z
              .url()
              .optional()
              .describe('HTTP SMS gateway: receives POST {"to","text"} as JSON. Required with provider http.'),
            token: z.string().optional().describe('Bearer token sent to the HTTP SMS gateway.'),
          })
          .strict()
          .default({ provider: 'development' }),
        maxAttempts: positiveInt.max(100).default(8).describe('Sending attempts before a message is marked failed.'),
        backoffMs: z
          .array(positiveInt)
          .min(1)
          .default([1000, 5000, 30_000, 120_000, 600_000])
          .describe('Waits between sending attempts, in milliseconds; the last repeats.'),
        pollIntervalMs: positiveInt.default(1000).describe('How often the sender looks for messages that are due.'),
      })
      .strict()
      .superRefine((notify, context) => {
        if (notify.email.provider === 'smtp' && !notify.email.smtpUrl) {
          context.addIssue({ code: 'custom', path: ['email', 'smtpUrl'], message: 'required with provider smtp' });
        }
        if (notify.sms.provider === 'http' && !notify.sms.url) {
          context.addIssue({ code: 'custom', path: ['sms', 'url'], message: 'required with provider http' });
        }
      })
      .default({
        email: { provider: 'development', from: 'Civitas <no-reply@civitas.local>' },
        sms: { provider: 'development' },
        maxAttempts: 8,
        backoffMs: [1000, 5000, 30_000, 120_000, 600_000],
        pollIntervalMs: 1000,
      }),
    web: z
      .object({
        offlineQueueLimit: positiveInt
          .max(1000)
          .default(50)
          .describe(
            'Declarations and record actions one device may hold unsent (made without a connection) in the web app; at most 1000.',
          ),
      })
      .strict()
      .prefault({}),
    seed: z
      .object({
        country: z
          .string()
          .default('countries/demo')
          .describe('Country folder loaded on first start in development mode.'),
        enabled: z.boolean().optional().describe('Seed on first start. Defaults to true in development mode only.'),
      })
      .strict()
      .default({ country: 'countries/demo' }),
    node: z
      .object({
        name: z
          .string()
          .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'use letters, digits, dot, dash, colon or underscore')
          .optional()
          .describe("This node's name in `civitas cluster status`. Defaults to the host name and HTTP port."),
        url: z
          .url()
          .optional()
          .describe('Where other nodes and operators reach this node over HTTP, e.g. http://10.0.0.11:8080.'),
      })
      .strict()
      .default({}),
    shutdownTimeoutMs: positiveInt
      .default(10_000)
      .describe('On SIGTERM, how long in-flight work may take before the process exits anyway.'),
  })
  .strict();

export type Config = z.infer<typeof Config>;
