/**
 * The places a device keeps (areas, health facilities, offices: 200,000 of them in a large country) and the index
 * that finds them as the user types. Plain data and code, no DOM: it runs in a Web Worker, and in tests.
 *
 * Every word of a name is a prefix to match. Two sorted lists of distinct words, each word with its places: the
 * first words of names (each word's places in name order), and all words. A query is answered in two steps: names
 * that start with what was typed, read in order from the first list until there are enough; then, if there are not,
 * names with every typed word somewhere, from the places of the rarest typed word. A code typed whole finds its place.
 * Changes after the index was built wait in a short list that is scanned as it is, until there are enough of them to
 * build again.
 */

export type LocationType = 'area' | 'facility' | 'office';

export interface Location {
  readonly type: LocationType;
  readonly code: string;
  readonly name: string;
  readonly kind: string | null;
  readonly parent: string | null;
}

export interface LocationHit {
  readonly type: LocationType;
  readonly code: string;
  readonly name: string;
  readonly kind: string | null;
  /** The enclosing areas' names, innermost first: "Ibombo District, Central Province". */
  readonly within: string;
}

export interface SearchOptions {
  readonly types?: readonly LocationType[];
  readonly limit?: number;
}

/** Lower case, accents and punctuation gone: "Île-de-Kâ" → "ile de ka". */
export function fold(text: string): string {
  // Most names are plain ASCII: decomposing them to drop accents would only cost time.
  const plain = ASCII.test(text) ? text : text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return plain
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const ASCII = /^[\x00-\x7f]*$/;
const TYPES: readonly LocationType[] = ['area', 'facility', 'office'];
const keyOf = (type: LocationType, code: string) => `${type}:${code}`;
const compactCode = (code: string) => fold(code).replace(/ /g, '');
/** Changes kept out of the index before it is built again. */
const REBUILD_AFTER = 2000;

/**
 * A built index as plain data (arrays, typed arrays, maps), to keep in IndexedDB: reading it back is far quicker
 * than reading the places and building the index again.
 */
export interface IndexSnapshot {
  readonly version: 1;
  readonly items: readonly Location[];
  readonly names: readonly string[];
  readonly typeOf: Uint8Array<ArrayBuffer>;
  readonly current: ReadonlyMap<string, number>;
  readonly byCode: ReadonlyMap<string, number | number[]>;
  readonly first: Postings;
  readonly every: Postings;
}

/** Distinct words in order, each with its places: `ids[start[i] .. start[i + 1])` have `words[i]`. */
interface Postings {
  readonly words: readonly string[];
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

const NO_POSTINGS: Postings = { words: [], start: new Int32Array(1), ids: new Int32Array(0) };

export class LocationIndex {
  /** Every version of every place, by id (append-only until the next build); `alive` marks the latest ones. */
  private items: Location[] = [];
  /** " folded name": query words are matched at word starts (" word"). */
  private names: string[] = [];
  private typeOf: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private alive: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private current = new Map<string, number>();
  /** Compact code → its place (or places: an area and an office may share a code). */
  private byCode = new Map<string, number | number[]>();
  private first: Postings = NO_POSTINGS;
  private every: Postings = NO_POSTINGS;
  /** Ids below this are in the word lists; the others are scanned one by one. */
  private indexedUpTo = 0;
  private seen = new Int32Array(0);
  private generation = 0;

  get size(): number {
    return this.current.size;
  }

  /** The index as data to keep; taken right after `rebuild` (every place in the word lists). */
  snapshot(): IndexSnapshot {
    if (!this.built || this.indexedUpTo !== this.items.length) this.rebuild();
    // Copies: the index changes on while the snapshot waits to be written.
    return {
      version: 1,
      items: this.items.slice(),
      names: this.names.slice(),
      typeOf: this.typeOf.slice(0, this.items.length),
      current: new Map(this.current),
      byCode: new Map(this.byCode),
      first: this.first,
      every: this.every,
    };
  }

  /** The index a snapshot was taken of. */
  static fromSnapshot(snapshot: IndexSnapshot): LocationIndex {
    const index = new LocationIndex();
    const count = snapshot.items.length;
    // A snapshot read from IndexedDB is this index's own copy: used as it is, not copied again.
    index.items = snapshot.items as Location[];
    index.names = snapshot.names as string[];
    index.typeOf = grow(snapshot.typeOf, count);
    index.alive = grow(new Uint8Array(0), count).fill(1, 0, count);
    index.current = snapshot.current as Map<string, number>;
    index.byCode = snapshot.byCode as Map<string, number | number[]>;
    index.first = snapshot.first;
    index.every = snapshot.every;
    index.indexedUpTo = count;
    return index;
  }

  /** The word lists cover all places but a few changed since (which are scanned one by one). */
  get built(): boolean {
    return this.indexedUpTo > 0 || this.items.length === 0;
  }

  /** Adds places, or newer versions of places already here (by type and code). Answers how many changed. */
  upsert(locations: readonly Location[]): number {
    let changed = 0;
    for (const location of locations) {
      const key = keyOf(location.type, location.code);
      const existing = this.current.get(key);
      if (existing !== undefined && sameLocation(this.items[existing]!, location)) continue;
      if (existing !== undefined) this.alive[existing] = 0;
      this.add(key, location);
      changed += 1;
    }
    if (this.items.length - this.indexedUpTo > REBUILD_AFTER && this.indexedUpTo > 0) this.rebuild();
    return changed;
  }

  private add(key: string, location: Location, name = ` ${fold(location.name)}`): void {
    const id = this.items.length;
    if (id >= this.alive.length) {
      this.alive = grow(this.alive, id);
      this.typeOf = grow(this.typeOf, id);
    }
    this.items.push(location);
    this.names.push(name);
    this.typeOf[id] = TYPES.indexOf(location.type);
    this.alive[id] = 1;
    this.current.set(key, id);
    const code = compactCode(location.code);
    const sharing = this.byCode.get(code);
    if (sharing === undefined) this.byCode.set(code, id);
    else this.byCode.set(code, [sharing, id].flat());
  }

  /** Forgets every place whose key (type:code) is not in `keep`: a full read found them gone. Answers how many. */
  retainOnly(keep: ReadonlySet<string>): number {
    let removed = 0;
    for (const [key, id] of [...this.current]) {
      if (!keep.has(key)) {
        this.current.delete(key);
        this.alive[id] = 0;
        removed += 1;
      }
    }
    if (removed > 0) this.rebuild();
    return removed;
  }

  /** The latest version of every place. */
  all(): Location[] {
    return [...this.current.values()].map((id) => this.items[id]!);
  }

  find(type: LocationType, code: string): Location | undefined {
    const id = this.current.get(keyOf(type, code));
    return id === undefined ? undefined : this.items[id];
  }

  /** Builds the word lists over the current places, dropping superseded versions. */
  rebuild(): void {
    if (this.current.size < this.items.length) {
      // Superseded versions go: the places are numbered again from 0.
      const live = [...this.current.values()].sort((a, b) => a - b);
      const [items, folded] = [this.items, this.names];
      this.items = [];
      this.names = [];
      this.current = new Map();
      this.byCode = new Map();
      for (const id of live) {
        const location = items[id]!;
        this.add(keyOf(location.type, location.code), location, folded[id]);
      }
    }
    const names = this.names;
    const firsts = new Map<string, number[]>();
    const everyWord = new Map<string, number[]>();
    for (let id = 0; id < names.length; id++) {
      const words = names[id]!.split(' ');
      // words[0] is the empty string before the leading space.
      for (let at = 1; at < words.length; at++) {
        const word = words[at]!;
        if (!word || words.indexOf(word, 1) < at) continue;
        if (at === 1) push(firsts, word, id);
        push(everyWord, word, id);
      }
    }
    this.first = postings(firsts, (a, b) => compareStrings(names[a]!, names[b]!));
    this.every = postings(everyWord);
    this.indexedUpTo = this.items.length;
  }

  /**
   * The best places for what the user typed: a code typed whole, then names that start with the text, then names
   * with each typed word somewhere; alphabetical within each.
   */
  search(query: string, options: SearchOptions = {}): LocationHit[] {
    const folded = fold(query);
    const words = [...new Set(folded.split(' ').filter(Boolean))];
    if (words.length === 0) return [];
    const limit = options.limit ?? 20;
    const allowed = new Uint8Array(TYPES.length);
    for (const type of options.types ?? TYPES) allowed[TYPES.indexOf(type)] = 1;
    const usable = (id: number) => this.alive[id] === 1 && allowed[this.typeOf[id]!] === 1;
    if (this.seen.length < this.items.length) this.seen = new Int32Array(this.items.length + 1024);
    const stamp = ++this.generation;
    const found: number[] = [];
    const take = (id: number) => {
      this.seen[id] = stamp;
      found.push(id);
    };

    for (const id of [this.byCode.get(folded.replace(/ /g, '')) ?? []].flat()) if (usable(id)) take(id);

    // Names that start with the text: the first words from the first typed word on, in order.
    const prefix = ` ${folded}`;
    const starts = new TopList(limit - found.length);
    const { words: firstWords, start, ids } = this.first;
    for (let word = lowerBound(firstWords, words[0]!); word < firstWords.length; word++) {
      if (!firstWords[word]!.startsWith(words[0]!) || starts.full) break;
      for (let at = start[word]!; at < start[word + 1]!; at++) {
        const id = ids[at]!;
        if (this.seen[id] !== stamp && usable(id) && this.names[id]!.startsWith(prefix))
          starts.offer(id, this.names[id]!);
      }
    }
    for (let id = this.indexedUpTo; id < this.items.length; id++) {
      if (this.seen[id] !== stamp && usable(id) && this.names[id]!.startsWith(prefix))
        starts.offer(id, this.names[id]!);
    }
    for (const id of starts.ids()) take(id);

    // Then names with every typed word at a word start: the places of the rarest word, checked for the others.
    if (found.length < limit) {
      const elsewhere = new TopList(limit - found.length);
      const needles = words.map((word) => ` ${word}`);
      const has = (id: number) => {
        if (this.seen[id] === stamp || !usable(id)) return;
        const name = this.names[id]!;
        if (!elsewhere.wants(name)) return;
        for (const needle of needles) if (!name.includes(needle)) return;
        elsewhere.offer(id, name);
      };
      let from = 0;
      let to = 0;
      let fewest = Number.POSITIVE_INFINITY;
      for (const word of words) {
        const lo = lowerBound(this.every.words, word);
        const hi = lowerBound(this.every.words, `${word}\uffff`);
        const count = this.every.start[hi]! - this.every.start[lo]!;
        if (count < fewest) [fewest, from, to] = [count, this.every.start[lo]!, this.every.start[hi]!];
      }
      for (let at = from; at < to; at++) has(this.every.ids[at]!);
      for (let id = this.indexedUpTo; id < this.items.length; id++) has(id);
      found.push(...elsewhere.ids());
    }
    return found.map((id) => this.hit(this.items[id]!));
  }

  /** A place as a search shows it, with the names of the areas it lies in. */
  describe(type: LocationType, code: string): LocationHit | undefined {
    const found = this.find(type, code);
    return found && this.hit(found);
  }

  private hit(item: Location): LocationHit {
    const within: string[] = [];
    let parent = item.parent;
    for (let depth = 0; parent && depth < 3; depth++) {
      const area = this.find('area', parent);
      if (!area) break;
      within.push(area.name);
      parent = area.parent;
    }
    return { type: item.type, code: item.code, name: item.name, kind: item.kind, within: within.join(', ') };
  }
}

function sameLocation(a: Location, b: Location): boolean {
  return a.name === b.name && a.kind === b.kind && a.parent === b.parent;
}

function grow(array: Uint8Array<ArrayBuffer>, least: number): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(Math.max(least + 1, array.length * 2));
  bigger.set(array);
  return bigger;
}

function push(map: Map<string, number[]>, word: string, id: number): void {
  const list = map.get(word);
  if (list) list.push(id);
  else map.set(word, [id]);
}

function postings(map: Map<string, number[]>, order?: (a: number, b: number) => number): Postings {
  const words = [...map.keys()].sort();
  const start = new Int32Array(words.length + 1);
  let total = 0;
  for (const [index, word] of words.entries()) {
    start[index] = total;
    total += map.get(word)!.length;
  }
  start[words.length] = total;
  const ids = new Int32Array(total);
  for (const [index, word] of words.entries()) {
    const list = map.get(word)!;
    if (order && list.length > 1) list.sort(order);
    ids.set(list, start[index]!);
  }
  return { words, start, ids };
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The first index whose word is not less than `value`. */
function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first `limit` names offered, alphabetically (a name's folded form decides). */
class TopList {
  private entries: { id: number; name: string }[] = [];
  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.entries.length >= this.limit;
  }

  /** Whether a name could still make the list. */
  wants(name: string): boolean {
    return this.limit > 0 && (this.entries.length < this.limit || name < this.entries[this.entries.length - 1]!.name);
  }

  offer(id: number, name: string): void {
    if (this.limit <= 0) return;
    const entries = this.entries;
    if (entries.length === this.limit && name >= entries[entries.length - 1]!.name) return;
    let at = entries.length;
    while (at > 0 && name < entries[at - 1]!.name) at--;
    entries.splice(at, 0, { id, name });
    if (entries.length > this.limit) entries.pop();
  }

  ids(): number[] {
    return this.entries.map((entry) => entry.id);
  }
}
