import type { Rule } from 'eslint';

/** `civitas/service-boundaries`: see service-boundaries.js. Options: `[{ root?: string }]` (defaults to the cwd). */
export const serviceBoundaries: Rule.RuleModule;
