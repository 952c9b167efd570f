/**
 * Declarative hyperparameter specs. Each spec is a JSON Schema fragment (so the VS Code extension can render a
 * form from it and ajv can validate it), plus a `description`. Defaults live apart from the schema, in the plugin's
 * `defaults`, as in ESLint's `meta.schema` + `defaultOptions`.
 */
export type ParamSpec =
  | {
      /** An integer parameter ({@link int}). */
      readonly type: 'integer';
      /** Smallest allowed value (inclusive); unbounded below when absent. */
      readonly minimum?: number;
      /** Largest allowed value (inclusive); unbounded above when absent. */
      readonly maximum?: number;
      /** One line shown in help texts and the extension's settings form. */
      readonly description?: string;
    }
  | {
      /** A real parameter ({@link real}). */
      readonly type: 'number';
      /** Smallest allowed value (inclusive). */
      readonly minimum?: number;
      /** Largest allowed value (inclusive). */
      readonly maximum?: number;
      /** The value must be greater than this (open lower bound). */
      readonly exclusiveMinimum?: number;
      /** The value must be less than this (open upper bound). */
      readonly exclusiveMaximum?: number;
      /** One line shown in help texts and the extension's settings form. */
      readonly description?: string;
    }
  | {
      /** One of a fixed set of strings ({@link oneOf}). */
      readonly type: 'string';
      /** The allowed strings, in the order help texts and forms list them. */
      readonly enum: readonly string[];
      /** One line shown in help texts and the extension's settings form. */
      readonly description?: string;
    }
  | {
      /** The registry key of another plugin ({@link registryKey}). */
      readonly type: 'string';
      /** The registry-key pattern {@link REGISTRY_KEY_PATTERN}. */
      readonly pattern: string;
      /** The usual choices (forms offer them); other keys that match the pattern are allowed too. */
      readonly examples: readonly string[];
      /** Keys that match the pattern but are refused. */
      readonly not?: {
        /** The refused keys. */
        readonly enum: readonly string[];
      };
      /** One line shown in help texts and the extension's settings form. */
      readonly description?: string;
    }
  | {
      /** A boolean flag ({@link bool}). */
      readonly type: 'boolean';
      /** One line shown in help texts and the extension's settings form. */
      readonly description?: string;
    }
  | {
      /** A JSON array ({@link intList}, {@link realList}, {@link numberMatrix}). */
      readonly type: 'array';
      /** The JSON Schema of every item (e.g. `{ type: 'integer', minimum: 1 }`, or an array schema for a matrix's rows). */
      readonly items: object;
      /** One line shown in help texts and the extension's settings form. */
      readonly description?: string;
      /** Fewest items allowed; any number when absent. */
      readonly minItems?: number;
      /** Values in the JSON Schema sense, shown in messages (`such as [256, 128]`). */
      readonly examples?: readonly unknown[];
      /**
       * Not JSON Schema: a single item on its own is accepted and means the one-item array (`256` ≡ `[256]`);
       * `validateParams` wraps it before validating, so the model always receives an array.
       */
      readonly acceptsScalar?: boolean;
      /**
       * Not JSON Schema: words accepted in place of the array (`'auto'` for "choose from the data"); the model then
       * receives the word itself. `validateParams` checks them before the schema.
       */
      readonly keywords?: readonly string[];
    }
  | {
      /** A JSON object from names (e.g. column names) to values of one spec. */
      readonly type: 'object';
      /** The spec every value of the object must meet. */
      readonly additionalProperties: ParamSpec;
      /** One line shown in help texts and the extension's settings form. */
      readonly description?: string;
      /** Example objects in the JSON Schema sense, shown in messages and forms. */
      readonly examples?: readonly unknown[];
    };

/** Map from parameter name to its spec. */
export type ParamSpecs<P> = { readonly [K in keyof P]-?: ParamSpec };

/** Bounds of a numeric parameter ({@link int}, {@link real}, {@link ListOptions}), both inclusive. */
export interface RangeOptions {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
  /** One line shown in help texts and the extension's settings form. */
  description?: string;
}

/** An integer parameter in `[min, max]`. */
export function int(opts: RangeOptions = {}): ParamSpec {
  return {
    type: 'integer',
    ...(opts.min !== undefined && { minimum: opts.min }),
    ...(opts.max !== undefined && { maximum: opts.max }),
    ...(opts.description && { description: opts.description }),
  };
}

/** A real parameter; `exclusiveMin`/`exclusiveMax` give open bounds. */
export function real(opts: RangeOptions & { exclusiveMin?: number; exclusiveMax?: number } = {}): ParamSpec {
  return {
    type: 'number',
    ...(opts.min !== undefined && { minimum: opts.min }),
    ...(opts.max !== undefined && { maximum: opts.max }),
    ...(opts.exclusiveMin !== undefined && { exclusiveMinimum: opts.exclusiveMin }),
    ...(opts.exclusiveMax !== undefined && { exclusiveMaximum: opts.exclusiveMax }),
    ...(opts.description && { description: opts.description }),
  };
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(values: readonly T[], opts: { description?: string } = {}): ParamSpec {
  return { type: 'string', enum: values, ...(opts.description && { description: opts.description }) };
}

/** JSON-Schema pattern of a registry key `namespace/id`, both lowercase kebab-case. */
export const REGISTRY_KEY_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$';

/**
 * The registry key of another plugin, e.g. a model's gradient estimator: `choices` are the usual ones (listed in
 * messages and offered by forms), any other key `namespace/id` is accepted too (a plugin registered by the user;
 * whoever uses the key checks that it is registered), except those in `exclude`.
 * @example
 * ```ts
 * registryKey({ choices: ['estimators/reparam'], exclude: ['estimators/gumbel-softmax'] });
 * ```
 */
export function registryKey(opts: { choices: readonly string[]; exclude?: readonly string[]; description?: string }): ParamSpec {
  return {
    type: 'string',
    pattern: REGISTRY_KEY_PATTERN,
    examples: opts.choices,
    ...(opts.exclude?.length && { not: { enum: opts.exclude } }),
    ...(opts.description && { description: opts.description }),
  };
}

/** A boolean flag. */
export function bool(opts: { description?: string } = {}): ParamSpec {
  return { type: 'boolean', ...(opts.description && { description: opts.description }) };
}

/** A matrix given as rows of numbers (e.g. initial means); `null` in defaults means "not given". */
export function numberMatrix(opts: { description?: string } = {}): ParamSpec {
  return {
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 1 },
    minItems: 1,
    ...(opts.description && { description: opts.description }),
  };
}

/**
 * A list of integers in `[min, max]`, at least `minItems` long, given as a JSON array; with `acceptsScalar` a single
 * integer n also stands for the list [n]. `example` is shown in messages and forms.
 * @example
 * ```ts
 * const hiddenUnits = intList({ min: 1, minItems: 1, acceptsScalar: true, example: [256, 128] });
 * describeSpec(hiddenUnits); // 'a positive integer or a JSON array of positive integers such as [256, 128]'
 * ```
 */
export function intList(opts: ListOptions = {}): ParamSpec {
  return listOf(int({ min: opts.min, max: opts.max }), opts);
}

/** Options of {@link intList} and {@link realList}. */
export interface ListOptions extends RangeOptions {
  /** Fewest items the list may have; any number by default. */
  minItems?: number;
  /** Whether a single number n is accepted and stands for the list [n]; default false. */
  acceptsScalar?: boolean;
  /** An example list, shown in messages and forms (`such as [256, 128]`); none by default. */
  example?: readonly number[];
  /** Words accepted instead of a list, e.g. `['auto']`. */
  keywords?: readonly string[];
}

/**
 * A list of numbers in `[min, max]` (or above an exclusive lower bound), like {@link intList}.
 * @example
 * ```ts
 * const lambda = realList({ exclusiveMin: 0, acceptsScalar: true, keywords: ['auto'], example: [2, 1] });
 * describeSpec(lambda); // "'auto', a positive number or a JSON array of positive numbers such as [2, 1]"
 * ```
 */
export function realList(opts: ListOptions & { exclusiveMin?: number } = {}): ParamSpec {
  return listOf(real({ min: opts.min, max: opts.max, exclusiveMin: opts.exclusiveMin }), opts);
}

function listOf(items: ParamSpec, opts: ListOptions): ParamSpec {
  return {
    type: 'array',
    items,
    ...(opts.minItems !== undefined && { minItems: opts.minItems }),
    ...(opts.acceptsScalar && { acceptsScalar: true }),
    ...(opts.example && { examples: [opts.example] }),
    ...(opts.keywords?.length && { keywords: [...opts.keywords] }),
    ...(opts.description && { description: opts.description }),
  };
}

/**
 * A JSON object whose values are each one of `values` (e.g. a likelihood per column).
 * @example
 * ```ts
 * const likelihoods = stringMap(['bernoulli', 'normal'], { example: { correct: 'bernoulli', time: 'normal' } });
 * describeSpec(likelihoods); // "a JSON object of names to one of 'bernoulli', 'normal' such as {\"correct\":\"bernoulli\",…}"
 * ```
 */
export function stringMap<const T extends string>(values: readonly T[], opts: { description?: string; example?: Readonly<Record<string, T>> } = {}): ParamSpec {
  return {
    type: 'object',
    additionalProperties: oneOf(values),
    ...(opts.example && { examples: [opts.example] }),
    ...(opts.description && { description: opts.description }),
  };
}

type ScalarSchema = { type: 'integer' | 'number'; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number };

const isScalarSchema = (s: unknown): s is ScalarSchema =>
  typeof s === 'object' && s !== null && ((s as { type?: unknown }).type === 'integer' || (s as { type?: unknown }).type === 'number');

function bounds(s: ScalarSchema): string {
  const lo = s.minimum !== undefined ? `>= ${s.minimum}` : s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '';
  const hi = s.maximum !== undefined ? `<= ${s.maximum}` : s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : '';
  return [lo, hi].filter(Boolean).join(' and ');
}

/** `1` as the only lower bound of an integer, or `> 0` of a real, reads as "positive". */
const isPositive = (s: ScalarSchema): boolean =>
  s.maximum === undefined &&
  s.exclusiveMaximum === undefined &&
  (s.type === 'integer' ? s.minimum === 1 && s.exclusiveMinimum === undefined : s.exclusiveMinimum === 0 && s.minimum === undefined);

/** An item in words, in the singular (`a positive integer`) or plural (`positive integers`). */
function describeItem(s: unknown, plural: boolean): string {
  if (isScalarSchema(s)) {
    const noun = s.type === 'integer' ? 'integer' : 'number';
    if (isPositive(s)) return plural ? `positive ${noun}s` : `a positive ${noun}`;
    const word = plural ? `${noun}s` : s.type === 'integer' ? 'an integer' : 'a number';
    return [word, bounds(s)].filter(Boolean).join(' ');
  }
  if (typeof s === 'object' && s !== null && (s as { type?: unknown }).type === 'array') {
    const inner = (s as { items?: unknown }).items;
    return `${isScalarSchema(inner) ? (plural ? 'rows' : 'a row') : plural ? 'arrays' : 'an array'} of ${describeItem(inner, true)}`;
  }
  return plural ? 'values' : 'a value';
}

const showExample = (v: unknown): string => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? `[${v.join(', ')}]` : JSON.stringify(v));

/** Human-readable allowed range of a spec, used in error messages and forms. */
export function describeSpec(spec: ParamSpec): string {
  switch (spec.type) {
    case 'integer':
    case 'number':
      return [spec.type === 'integer' ? 'an integer' : 'a number', bounds(spec)].filter(Boolean).join(' ');
    case 'string': {
      const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
      if ('enum' in spec) return `one of ${quoted(spec.enum)}`;
      const not = spec.not?.enum.length ? `, not ${quoted(spec.not.enum)}` : '';
      return `one of ${quoted(spec.examples)} or another registered plugin's key 'namespace/id'${not}`;
    }
    case 'boolean':
      return 'true or false';
    case 'array': {
      const list = `a JSON array of ${describeItem(spec.items, true)}`;
      const words = spec.keywords?.length ? `${spec.keywords.map((w) => `'${w}'`).join(', ')}, ` : '';
      const either = spec.acceptsScalar && isScalarSchema(spec.items) ? `${describeItem(spec.items, false)} or ${list}` : list;
      const all = words && !either.includes(' or ') ? `${words.slice(0, -2)} or ${either}` : `${words}${either}`;
      return spec.examples?.length ? `${all} such as ${showExample(spec.examples[0])}` : all;
    }
    case 'object': {
      const map = `a JSON object of names to ${describeSpec(spec.additionalProperties)}`;
      return spec.examples?.length ? `${map} such as ${JSON.stringify(spec.examples[0])}` : map;
    }
  }
}
