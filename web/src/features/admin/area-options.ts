/** Areas as the options of a select: each under its parent, indented by its depth, so the tree reads at a glance. */
import type { Place } from '../../api/types';

export function areaOptions(places: readonly Place[]): { value: string; label: string }[] {
  const children = new Map<string | null, Place[]>();
  for (const place of places) {
    const parent = place.parentCode ?? null;
    children.set(parent, [...(children.get(parent) ?? []), place]);
  }
  const options: { value: string; label: string }[] = [];
  const visit = (parent: string | null, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const place of list) {
      // Non-breaking spaces: a select keeps them; ordinary ones would be collapsed.
      options.push({ value: place.code, label: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${place.name}` });
      visit(place.code, depth + 1);
    }
  };
  visit(null, 0);
  return options;
}
