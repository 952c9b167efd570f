import { WebviewReadyCommand } from '../../src/webviews/protocol.js';
import {
  CloseCommand,
  DidChangeNotification,
  StartCommand,
  ValidateRequest,
  type Field,
  type FormInput,
  type State,
} from '../../src/webviews/train-form/protocol.js';
import { h, onHostMessage, send, sendRequest, vscodeApi } from '../shared/vscode-api.js';

const root = document.getElementById('root')!;
let state: State | undefined = vscodeApi.getState() as State | undefined;
let errors: Record<string, string> = {};
let validation = 0;

/** The values of `fields` whose inputs have the ids `${prefix}${name}`. */
function readValues(fields: readonly Field[], prefix: string): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const f of fields) {
    const el = document.getElementById(`${prefix}${f.name}`) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
    if (!el) continue;
    if (f.type === 'boolean') values[f.name] = (el as HTMLInputElement).checked;
    else if (el instanceof HTMLInputElement && el.type === 'number' && el.validity.badInput) values[f.name] = '\u0000not a number';
    else values[f.name] = el.value;
  }
  return values;
}

function readInput(): FormInput {
  const value = (id: string, fallback: string) => (document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null)?.value ?? fallback;
  const engine = value('engine', state?.engine ?? '');
  return {
    values: readValues(state?.fields ?? [], 'param-'),
    engine,
    engineValues: readValues(state?.engineFields[engine] ?? [], 'engine-param-'),
    datasetValues: readValues(state?.dataset?.fields ?? [], 'dataset-param-'),
    seed: value('seed', state?.seed ?? '0'),
    label: value('label', state?.label ?? ''),
  };
}

/** The input of an error key: `seed`, `engine.<name>` (an engine field), `dataset.<name>` (a dataset option) or a hyperparameter's name. */
const inputIdOf = (name: string): string => {
  const group = /^(engine|dataset)\.(.*)$/.exec(name);
  return name === 'seed' ? 'seed' : group ? `${group[1]}-param-${group[2]}` : `param-${name}`;
};

function showErrors(): void {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-error-for]'))) {
    const name = el.dataset.errorFor!;
    const message = errors[name];
    el.textContent = message ?? '';
    const input = document.getElementById(inputIdOf(name));
    input?.setAttribute('aria-invalid', message ? 'true' : 'false');
    input?.closest('.field')?.classList.toggle('invalid', Boolean(message));
  }
  const form = document.getElementById('form-errors');
  if (form) form.textContent = errors._form ?? '';
  const train = document.getElementById('train') as HTMLButtonElement | null;
  if (train) train.disabled = Object.keys(errors).length > 0 || state?.status === 'starting';
  root.dataset.errors = String(Object.keys(errors).length);
}

async function validate(): Promise<void> {
  const id = ++validation;
  const input = readInput();
  vscodeApi.setState(
    state && {
      ...state,
      values: input.values,
      seed: input.seed,
      engine: input.engine,
      engineValues: input.engineValues ?? {},
      datasetValues: input.datasetValues ?? {},
      label: input.label,
    },
  );
  const notNumber = (values: Record<string, string | boolean>, group: string) =>
    Object.entries(values)
      .filter(([, v]) => v === '\u0000not a number')
      .map(([name]) => [`${group}${name}`, name]);
  const bad = [...notNumber(input.values, ''), ...notNumber(input.datasetValues ?? {}, 'dataset.')];
  const typed = (values: Record<string, string | boolean>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === '\u0000not a number' ? 'not a number' : v]));
  const reply = await sendRequest(ValidateRequest, { ...input, values: typed(input.values), datasetValues: typed(input.datasetValues ?? {}) });
  if (id !== validation) return;
  errors = { ...reply.errors };
  for (const [key, name] of bad) errors[key] ??= `${name} is not a number`;
  showErrors();
}

let timer: ReturnType<typeof setTimeout> | undefined;
const validateSoon = () => {
  clearTimeout(timer);
  timer = setTimeout(() => void validate(), 120);
};

/** Which part of the form a field belongs to: the model's hyperparameters, the engine's parameters or the dataset's options. */
type Group = 'model' | 'engine' | 'dataset';

/**
 * Ids of a field's input, hint and error: `param-<name>`, `hint-<name>`, `error-<name>`, with `engine-` or `dataset-`
 * before them for engine fields and dataset options (`dataset-param-<name>`, `error-dataset-<name>`).
 */
const idsOf = (f: Field, group: Group) => {
  const prefix = group === 'model' ? '' : `${group}-`;
  const tag = `${prefix}${f.name}`;
  return { input: `${prefix}param-${f.name}`, hint: `hint-${tag}`, error: `error-${tag}`, name: tag };
};

function fieldInput(f: Field, value: string | boolean, group: Group): HTMLElement {
  const ids = idsOf(f, group);
  const common = { id: ids.input, name: ids.name, 'aria-describedby': `${ids.hint} ${ids.error}` };
  if (f.type === 'boolean') return h('input', { ...common, type: 'checkbox', checked: value === true });
  if (f.type === 'string' && f.options) {
    const select = h('select', common);
    if (f.placeholder) select.append(h('option', { value: '', selected: value === '' }, `(${f.placeholder})`));
    for (const o of f.options) select.append(h('option', { value: o, selected: o === value }, o));
    return select;
  }
  if (f.type === 'array' || f.type === 'object')
    return h(
      'textarea',
      {
        ...common,
        rows: 3,
        placeholder: f.optional ? `not given (${f.type === 'object' ? 'a JSON object' : 'JSON rows of numbers'})` : f.defaultText,
        spellcheck: 'false',
      },
      String(value),
    );
  return h('input', {
    ...common,
    type: 'number',
    step: f.type === 'integer' ? 1 : 'any',
    ...(f.min !== undefined && !f.exclusiveMin && { min: f.min }),
    ...(f.max !== undefined && !f.exclusiveMax && { max: f.max }),
    value: String(value),
    placeholder: f.placeholder ?? (f.optional ? 'not given' : f.defaultText),
    required: !f.optional,
  });
}

function render(): void {
  if (!state) {
    root.replaceChildren(h('p', {}, 'Loading the form…'));
    return;
  }
  const s = state;
  const fieldRow = (f: Field, value: string | boolean, group: Group) => {
    const ids = idsOf(f, group);
    const errorKey = group === 'model' ? f.name : `${group}.${f.name}`;
    return h(
      'div',
      { className: 'field', 'data-field': errorKey },
      h('label', { for: ids.input }, f.name),
      fieldInput(f, value, group),
      h(
        'div',
        { className: 'hint', id: ids.hint },
        [f.description, `${f.range}; default ${f.placeholder ?? (f.defaultText || 'not given')}`].filter(Boolean).join(' · '),
      ),
      h('div', { className: 'error', id: ids.error, 'data-error-for': errorKey, role: 'alert' }),
    );
  };
  const valueOf = (f: Field, values: Readonly<Record<string, string | boolean>>) => values[f.name] ?? (f.type === 'boolean' ? false : '');
  const rows = s.fields.map((f) => fieldRow(f, valueOf(f, s.values), 'model'));
  const engineRows = (s.engineFields[s.engine] ?? []).map((f) => fieldRow(f, valueOf(f, s.engineValues), 'engine'));
  const datasetRows = (s.dataset?.fields ?? []).map((f) => fieldRow(f, valueOf(f, s.datasetValues ?? {}), 'dataset'));
  const engine =
    s.engines.length > 1
      ? h('select', { id: 'engine' }, ...s.engines.map((e) => h('option', { value: e, selected: e === s.engine }, e)))
      : h('input', { id: 'engine', type: 'text', value: s.engine, readonly: true });
  const label = h(
    'select',
    { id: 'label' },
    h('option', { value: '', selected: s.label === '' }, '(none)'),
    ...s.labelColumns.map((c) => h('option', { value: c, selected: c === s.label }, c)),
  );
  const train = h('button', { id: 'train', type: 'submit', className: 'primary' }, 'Train');
  const close = h('button', { id: 'close', type: 'button' }, 'Cancel');
  const form = h(
    'form',
    { id: 'train-form', novalidate: true },
    s.dataset && datasetRows.length
      ? h(
          'fieldset',
          { id: 'dataset-options' },
          h('legend', {}, `Dataset options (${s.dataset.key})`),
          h('p', { className: 'hint' }, 'Passed to the dataset plugin, which generates or loads the data when training starts.'),
          ...datasetRows,
        )
      : undefined,
    h('fieldset', {}, h('legend', {}, 'Hyperparameters'), ...rows),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Fitting'),
      h(
        'div',
        { className: 'field' },
        h('label', { for: 'engine' }, 'inference engine'),
        engine,
        h(
          'div',
          { className: 'hint' },
          s.engines.length > 1 ? 'Engines that can fit this model, preferred first.' : 'The only registered engine that can fit this model.',
        ),
      ),
      h(
        'div',
        { className: 'field', 'data-field': 'seed' },
        h('label', { for: 'seed' }, 'seed'),
        h('input', { id: 'seed', type: 'number', step: 1, min: 0, value: s.seed, required: true }),
        h('div', { className: 'hint' }, 'Seed of every random choice of the fit; the same seed gives the same model.'),
        h('div', { className: 'error', 'data-error-for': 'seed', role: 'alert' }),
      ),
      s.labelColumns.length > 0
        ? h(
            'div',
            { className: 'field' },
            h('label', { for: 'label' }, 'label column'),
            label,
            h('div', { className: 'hint' }, 'Kept out of the features; used to colour the latent preview.'),
          )
        : undefined,
    ),
    engineRows.length
      ? h(
          'fieldset',
          { id: 'engine-params' },
          h('legend', {}, `Engine parameters (${s.engine})`),
          h('p', { className: 'hint' }, "Leave a field empty for the model's default for this engine, else the engine's."),
          ...engineRows,
        )
      : undefined,
    h('p', { id: 'form-errors', className: 'error', role: 'alert' }),
    h('div', { className: 'buttons' }, train, close),
  );
  root.replaceChildren(
    h('h1', {}, `Train ${s.modelKey}`),
    h('p', { className: 'muted' }, [s.modelDescription, s.plugin].filter(Boolean).join(' · ')),
    h(
      'p',
      { id: 'data-line' },
      s.dataset
        ? `Data: registered dataset ${s.dataset.key}${s.dataset.description ? ` (${s.dataset.description})` : ''} — ${s.dataSummary}`
        : `Data: ${s.dataFile} — ${s.dataSummary}`,
    ),
    h('p', { className: 'muted', id: 'out-file' }, `Saves to ${s.outFile} when training completes.`),
    form,
  );
  form.querySelector('#engine')?.addEventListener('change', () => {
    // Show the newly chosen engine's own fields, keeping what was typed elsewhere.
    const input = readInput();
    state = {
      ...s,
      values: input.values,
      engine: input.engine,
      engineValues: {},
      datasetValues: input.datasetValues ?? {},
      seed: input.seed,
      label: input.label,
    };
    vscodeApi.setState(state);
    render();
  });
  form.addEventListener('input', validateSoon);
  form.addEventListener('change', validateSoon);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = readInput();
    send(StartCommand, input);
  });
  close.addEventListener('click', () => send(CloseCommand, undefined));
  errors = { ...s.errors };
  showErrors();
  root.dataset.ready = 'true';
}

onHostMessage((m) => {
  if (DidChangeNotification.is(m)) {
    state = m.params;
    vscodeApi.setState(state);
    render();
  }
});
render();
send(WebviewReadyCommand, undefined);
