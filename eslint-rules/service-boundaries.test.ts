import path from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { serviceBoundaries } from './service-boundaries.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const file = (relative: string) => path.join(ROOT, relative);

// RuleTester looks for mocha-style globals; hand it vitest's.
RuleTester.describe = describe;
RuleTester.it = it;

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
});

const options = [{ root: ROOT }];
const valid = (name: string, filename: string, code: string) => ({ name, filename: file(filename), code, options });
const invalid = (name: string, filename: string, code: string, ...messages: string[]) => ({
  name,
  filename: file(filename),
  code,
  options,
  errors: messages.map((message) => ({ message })),
});

const SEARCH = 'src/services/search/actions/find.ts';
const OTHER_SERVICE = "import only another service's api.ts or events.ts";
const SERVICE_SCOPE =
  "a service imports only its own files, src/core/, src/config/, packages and another service's api.ts or events.ts";
const CORE = 'src/core is the shared kernel and imports no service, nor src/main.ts or src/cli/';
const CONFIG = 'src/config imports no service, nor src/main.ts or src/cli/';
const REGISTRY = "the service registry imports only src/core/, src/config/ and each service's index.ts or events.ts";

ruleTester.run('civitas/service-boundaries', serviceBoundaries, {
  valid: [
    valid('a service imports its own files', SEARCH, "import { findRecords } from '../repository.js';"),
    valid(
      'a service imports core, config, packages and builtins',
      'src/services/search/index.ts',
      [
        "import { defineService } from '../../core/service.js';",
        "import type { Config } from '../../config/schema.js';",
        "import { Kysely } from 'kysely';",
        "import { readFileSync } from 'node:fs';",
      ].join('\n'),
    ),
    valid(
      "a service imports another service's api.ts and events.ts",
      SEARCH,
      "import { findRecord } from '../../registry/api.js';\nimport type { RecordDeclared } from '../../registry/events.js';",
    ),
    valid(
      "a service re-exports and lazily imports another service's api.ts",
      'src/services/search/index.ts',
      "export { findRecord } from '../registry/api.js';\nconst api = () => import('../registry/api.js');",
    ),
    valid(
      'a colocated test imports the shared test helpers',
      'src/services/search/actions/find.test.ts',
      "import { testDatabase } from '../../../../test/helpers/database.js';",
    ),
    valid(
      "the service registry imports each service's index.ts and events.ts",
      'src/services/index.ts',
      [
        "import { configEvents } from './config/events.js';",
        "import type { ServiceDefinition } from '../core/service.js';",
        "const load = () => import('./registry/index.js');",
      ].join('\n'),
    ),
    valid(
      'core imports core and config',
      'src/core/service.ts',
      "import type { Config } from '../config/schema.js';\nimport type { Migration } from './db/migrate.js';",
    ),
    valid(
      'a dynamic import of a computed specifier is not checked',
      SEARCH,
      'const load = (name: string) => import(name);',
    ),
  ],
  invalid: [
    invalid(
      "a service may not import another service's repository",
      'src/services/search/x.ts',
      "import { findRecord } from '../registry/repository.js';",
      `src/services/search may not import src/services/registry/repository.ts: ${OTHER_SERVICE}`,
    ),
    invalid(
      "a type-only import of another service's internals is refused too",
      SEARCH,
      "import type { RegistryTables } from '../../registry/repository.ts';",
      `src/services/search may not import src/services/registry/repository.ts: ${OTHER_SERVICE}`,
    ),
    invalid(
      "a dynamic import of another service's internals is refused",
      SEARCH,
      "const declare = await import('../../registry/actions/declare.js');",
      `src/services/search may not import src/services/registry/actions/declare.ts: ${OTHER_SERVICE}`,
    ),
    invalid(
      "a re-export of another service's internals is refused",
      SEARCH,
      "export { findRecord } from '../../registry/repository.js';\nexport * from '../../registry/model.js';",
      `src/services/search may not import src/services/registry/repository.ts: ${OTHER_SERVICE}`,
      `src/services/search may not import src/services/registry/model.ts: ${OTHER_SERVICE}`,
    ),
    invalid(
      "an import type of another service's internals is refused",
      SEARCH,
      "type Db = typeof import('../../registry/repository.js');",
      `src/services/search may not import src/services/registry/repository.ts: ${OTHER_SERVICE}`,
    ),
    invalid(
      'a service may not import the service registry, main.ts or the CLI',
      'src/services/search/index.ts',
      "import { loadServices } from '../index.js';\nimport { startCivitas } from '../../main.js';\nimport { serve } from '../../cli/serve.js';",
      `src/services/search may not import src/services/index.ts: ${SERVICE_SCOPE}`,
      `src/services/search may not import src/main.ts: ${SERVICE_SCOPE}`,
      `src/services/search may not import src/cli/serve.ts: ${SERVICE_SCOPE}`,
    ),
    invalid(
      'only a test file may import from test/',
      SEARCH,
      "import { testDatabase } from '../../../../test/helpers/database.js';",
      `src/services/search may not import test/helpers/database.ts: ${SERVICE_SCOPE}`,
    ),
    invalid(
      'core may not import a service, even its api.ts',
      'src/core/events/relay.ts',
      "import { findRecord } from '../../services/registry/api.js';",
      `src/core may not import src/services/registry/api.ts: ${CORE}`,
    ),
    invalid(
      'core may not import the service registry, main.ts or the CLI',
      'src/core/service.ts',
      "import { loadServices } from '../services/index.js';\nexport { startCivitas } from '../main.js';\nconst cli = () => import('../cli/main.js');",
      `src/core may not import src/services/index.ts: ${CORE}`,
      `src/core may not import src/main.ts: ${CORE}`,
      `src/core may not import src/cli/main.ts: ${CORE}`,
    ),
    invalid(
      'config may not import a service or the CLI',
      'src/config/load.ts',
      "import { configEvents } from '../services/config/events.js';\nimport { UsageError } from '../cli/args.js';",
      `src/config may not import src/services/config/events.ts: ${CONFIG}`,
      `src/config may not import src/cli/args.ts: ${CONFIG}`,
    ),
    invalid(
      "the service registry may not import a service's api.ts or internals",
      'src/services/index.ts',
      "import { findRecord } from './registry/api.js';\nconst load = () => import('./registry/repository.js');",
      `src/services/index.ts may not import src/services/registry/api.ts: ${REGISTRY}`,
      `src/services/index.ts may not import src/services/registry/repository.ts: ${REGISTRY}`,
    ),
  ],
});

describe('eslint.config.js', () => {
  const eslint = new ESLint({ cwd: ROOT });

  it("reports a service importing another service's repository", async () => {
    const [result] = await eslint.lintText("import { findArea } from '../config/repository.js';\nvoid findArea;\n", {
      filePath: file('src/services/search/x.ts'),
    });
    const boundaryErrors = result?.messages.filter((message) => message.ruleId === 'civitas/service-boundaries');
    expect(boundaryErrors).toEqual([
      expect.objectContaining({
        severity: 2,
        message: `src/services/search may not import src/services/config/repository.ts: ${OTHER_SERVICE}`,
      }),
    ]);
  });

  it('turns on import-x/no-cycle for src/', async () => {
    const config = (await eslint.calculateConfigForFile(file('src/services/search/x.ts'))) as {
      rules: Record<string, unknown[]>;
    };
    expect(config.rules['import-x/no-cycle']?.[0]).toBe(2);
  });
});
