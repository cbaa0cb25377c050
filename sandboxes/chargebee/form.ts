/**
 * Chargebee's request encoding, read back into a tree: form bodies and query strings carry bracket keys
 * (`billing_address[city]=Oslo`, `item_prices[quantity][0]=2`, `email[is]=a@b.no`), with the brackets sent
 * raw or percent-encoded and spaces as `+`. URLSearchParams decodes both forms. Objects whose keys are all
 * indexes become arrays; column-indexed arrays (`x[field][i]`) stay column-shaped here and are turned into
 * rows by the input schemas (see `rows` in input.ts), which know which parameters are lists of objects.
 */
export type FormNode = string | FormNode[] | FormTree;
export interface FormTree {
  [key: string]: FormNode;
}

/** Indexes above this stay object keys, so a hostile `x[99999999]` cannot allocate a huge array. */
const MAX_INDEX = 10_000;

const KEY_PATTERN = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** Splits `a[b][0]` into `['a', 'b', '0']`; a key that is not bracket-shaped stays whole. */
export function splitKey(key: string): string[] {
  const match = KEY_PATTERN.exec(key);
  if (!match || match[1] === undefined) return [key];
  const rest = match[2] ?? '';
  const inner = rest.length > 0 ? rest.slice(1, -1).split('][') : [];
  return [match[1], ...inner];
}

export function parseForm(text: string): FormTree {
  const root: FormTree = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const segments = splitKey(key);
    let node: FormTree = root;
    segments.forEach((segment, index) => {
      if (index === segments.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'object' && !Array.isArray(next)) {
        node = next;
      } else {
        const created: FormTree = {};
        node[segment] = created;
        node = created;
      }
    });
  }
  return normaliseArrays(root) as FormTree;
}

function normaliseArrays(node: FormNode): FormNode {
  if (typeof node === 'string' || Array.isArray(node)) return node;
  const keys = Object.keys(node);
  const normalised: FormTree = {};
  for (const key of keys) normalised[key] = normaliseArrays(node[key] as FormNode);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key) && Number(key) < MAX_INDEX)) {
    // Positions are kept (a column may skip rows: `x[a][0]`, `x[b][1]`), so the array can have holes.
    const array: FormNode[] = [];
    for (const key of keys) array[Number(key)] = normalised[key] as FormNode;
    return array;
  }
  return normalised;
}

/** The query string of a raw request URL, or '' when there is none. */
export function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}
