/**
 * @module civitas
 *
 * Civitas's own lint rules, loaded by eslint.config.js as the `civitas` plugin.
 */
import { serviceBoundaries } from './service-boundaries.js';

/** @type {import('eslint').ESLint.Plugin} */
const plugin = {
  meta: { name: 'civitas' },
  rules: { 'service-boundaries': serviceBoundaries },
};

export default plugin;
