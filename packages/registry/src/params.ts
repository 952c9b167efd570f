/**
 * Declarative hyperparameter specs. Each spec is a JSON Schema fragment (so the VS Code extension can render a
 * form from it and ajv can validate it), plus a `description`. Defaults live apart from the schema, in the plugin's
 * `defaults`, as in ESLint's `meta.schema` + `defaultOptions`.
 */
export type ParamSpec =
  | { readonly type: 'integer'; readonly minimum?: number; readonly maximum?: number; readonly description?: string }
  | {
      readonly type: 'number';
      readonly minimum?: number;
      readonly maximum?: number;
      readonly exclusiveMinimum?: number;
      readonly exclusiveMaximum?: number;
      readonly description?: string;
    }
  | { readonly type: 'string'; readonly enum: readonly string[]; readonly description?: string }
  | { readonly type: 'boolean'; readonly description?: string }
  | { readonly type: 'array'; readonly items: object; readonly description?: string; readonly minItems?: number };

/** Map from parameter name to its spec. */
export type ParamSpecs<P> = { readonly [K in keyof P]-?: ParamSpec };

interface RangeOptions {
  min?: number;
  max?: number;
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

/** Human-readable allowed range of a spec, used in error messages and forms. */
export function describeSpec(spec: ParamSpec): string {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const kind = spec.type === 'integer' ? 'an integer' : 'a number';
      const lo =
        spec.minimum !== undefined
          ? `>= ${spec.minimum}`
          : 'exclusiveMinimum' in spec && spec.exclusiveMinimum !== undefined
            ? `> ${spec.exclusiveMinimum}`
            : '';
      const hi =
        spec.maximum !== undefined
          ? `<= ${spec.maximum}`
          : 'exclusiveMaximum' in spec && spec.exclusiveMaximum !== undefined
            ? `< ${spec.exclusiveMaximum}`
            : '';
      return [kind, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
    }
    case 'string':
      return `one of ${spec.enum.map((v) => `'${v}'`).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a JSON array of rows of numbers';
  }
}
