/**
 * @module civitas/service-boundaries
 *
 * STYLE.md, principle 1: a service imports src/core/, src/config/, its own files and only the `api.ts` / `events.ts`
 * of another service; src/core/ and src/config/ import no service. The rule works on paths alone (no file is read),
 * so it is fast and can be tested with files that do not exist.
 *
 * Relative specifiers are resolved against the importing file's folder and `.js` is mapped to `.ts`, the way
 * TypeScript's NodeNext resolution does. Bare specifiers (npm packages, `node:` builtins) are always allowed.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files of another service that a service may import. */
const PUBLIC_FILES = new Set(['api.ts', 'events.ts']);
/** The files of each service that the service registry (src/services/index.ts) may import. */
const REGISTRY_FILES = new Set(['index.ts', 'events.ts']);
const TS_EXTENSIONS = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts', '.jsx': '.tsx' };

/**
 * Where a project-relative path (posix separators) sits in the layout.
 * @param {string} file e.g. `src/services/search/actions/find.ts`
 * @returns {{ layer: 'main' | 'cli' | 'core' | 'config' | 'registry' | 'service' | 'src' | 'outside', service?: string, rest?: string }}
 */
function locate(file) {
  if (file === 'src/main.ts') return { layer: 'main' };
  const parts = file.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return { layer: 'outside' };
  if (parts[1] === 'cli') return { layer: 'cli' };
  if (parts[1] === 'core') return { layer: 'core' };
  if (parts[1] === 'config') return { layer: 'config' };
  if (parts[1] === 'services') {
    if (parts.length === 3) return { layer: 'registry' };
    if (parts.length > 3) return { layer: 'service', service: parts[2], rest: parts.slice(3).join('/') };
  }
  return { layer: 'src' };
}

/** @param {string} from @param {string} to */
function relativePosix(from, to) {
  return path.relative(from, to).split(path.sep).join('/');
}

/**
 * The project-relative path a specifier points at, or undefined for a package or builtin.
 * @param {string} specifier
 * @param {string} importer absolute path of the importing file
 * @param {string} root absolute project root
 */
function resolveTarget(specifier, importer, root) {
  let absolute;
  if (specifier.startsWith('file:')) absolute = fileURLToPath(specifier);
  else if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    absolute = path.resolve(path.dirname(importer), specifier);
  } else return undefined;
  const extension = path.extname(absolute);
  if (extension in TS_EXTENSIONS) absolute = absolute.slice(0, -extension.length) + TS_EXTENSIONS[extension];
  return relativePosix(root, absolute);
}

/** @param {string} file */
const isTestFile = (file) => /\.(test|spec)\.[cm]?tsx?$/.test(file);

/**
 * The message id for an import that crosses a boundary, or undefined when it is allowed.
 * @param {string} from project-relative path of the importing file
 * @param {string} to project-relative path of the imported file
 */
function violation(from, to) {
  const source = locate(from);
  const target = locate(to);
  switch (source.layer) {
    case 'service':
      if (target.layer === 'service') {
        if (target.service === source.service || PUBLIC_FILES.has(target.rest ?? '')) return undefined;
        return 'otherServiceInternal';
      }
      if (target.layer === 'core' || target.layer === 'config') return undefined;
      // A colocated test may use the shared helpers and factories under test/.
      if (target.layer === 'outside' && isTestFile(from)) return undefined;
      return 'serviceOutside';
    case 'registry':
      if (target.layer === 'service') return REGISTRY_FILES.has(target.rest ?? '') ? undefined : 'registry';
      if (target.layer === 'main' || target.layer === 'cli') return 'registry';
      return undefined;
    case 'core':
      return ['service', 'registry', 'main', 'cli'].includes(target.layer) ? 'core' : undefined;
    case 'config':
      return ['service', 'registry', 'main', 'cli'].includes(target.layer) ? 'config' : undefined;
    default:
      return undefined;
  }
}

/**
 * The string literal a module specifier node holds, if it is static.
 * @param {any} node
 * @returns {string | undefined}
 */
function staticString(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === 'TSLiteralType') return staticString(node.literal);
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const serviceBoundaries = {
  meta: {
    type: 'problem',
    docs: {
      description:
        "Keep services apart: a service imports core/, config/, its own files and only another service's api.ts or events.ts; core/ and config/ import no service",
    },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string', description: 'Absolute path of the project root (the folder holding src/).' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      otherServiceInternal: "{{from}} may not import {{target}}: import only another service's api.ts or events.ts",
      serviceOutside:
        "{{from}} may not import {{target}}: a service imports only its own files, src/core/, src/config/, packages and another service's api.ts or events.ts",
      registry:
        "{{from}} may not import {{target}}: the service registry imports only src/core/, src/config/ and each service's index.ts or events.ts",
      core: '{{from}} may not import {{target}}: src/core is the shared kernel and imports no service, nor src/main.ts or src/cli/',
      config: '{{from}} may not import {{target}}: src/config imports no service, nor src/main.ts or src/cli/',
    },
  },
  create(context) {
    const root = path.resolve(context.options[0]?.root ?? context.cwd);
    const filename = context.physicalFilename ?? context.filename;
    if (!path.isAbsolute(filename)) return {};
    const from = relativePosix(root, filename);
    const source = locate(from);
    if (!['service', 'registry', 'core', 'config'].includes(source.layer)) return {};
    const fromLabel =
      source.layer === 'service'
        ? `src/services/${source.service}`
        : source.layer === 'registry'
          ? from
          : `src/${source.layer}`;

    /** @param {any} specifierNode */
    function check(specifierNode) {
      const specifier = staticString(specifierNode);
      if (specifier === undefined) return;
      const to = resolveTarget(specifier, filename, root);
      if (to === undefined) return;
      const messageId = violation(from, to);
      if (messageId) context.report({ node: specifierNode, messageId, data: { from: fromLabel, target: to } });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      /** `import x = require('...')` */
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference') check(node.moduleReference.expression);
      },
      /** `typeof import('...')` in a type position */
      TSImportType: (node) => check(node.source ?? node.argument),
    };
  },
};
