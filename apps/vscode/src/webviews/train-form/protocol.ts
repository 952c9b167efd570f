import { command, notification, request } from '../protocol.js';

/** Scope of the training form's messages. */
export const scope = 'trainForm';

/** One input of the form, generated from a parameter spec of the plugin (a JSON Schema fragment). */
export interface Field {
  readonly name: string;
  readonly type: 'integer' | 'number' | 'string' | 'boolean' | 'array' | 'object';
  readonly description?: string;
  /** The allowed range in words (`describeSpec`), e.g. "an integer >= 1". */
  readonly range: string;
  /** The default, as the input shows it. */
  readonly defaultText: string;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** `min`/`max` are open bounds. */
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  /** Whether an empty input means "not given" (a `null` default, or an engine parameter the model sets). */
  readonly optional: boolean;
  /** What an empty input stands for, when not "not given" (engine parameters: the model's default, else the engine's). */
  readonly placeholder?: string;
}

/** The values of the form as the inputs hold them: text for numbers and JSON, booleans for checkboxes. */
export type FormValues = Readonly<Record<string, string | boolean>>;

/** Everything the form shows. */
export interface State {
  readonly dataFile: string;
  /** One line about the data, e.g. "272 rows × 2 columns (dense)". */
  readonly dataSummary: string;
  readonly modelKey: string;
  readonly modelDescription?: string;
  readonly plugin: string;
  readonly fields: readonly Field[];
  readonly values: FormValues;
  readonly errors: Readonly<Record<string, string>>;
  /** Engines that can fit the model, preferred first; the form shows a choice when there are several. */
  readonly engines: readonly string[];
  readonly engine: string;
  /** The own parameters of each engine in `engines` (`engineParamSpecs`), shown for the chosen one. */
  readonly engineFields: Readonly<Record<string, readonly Field[]>>;
  /** Values of the chosen engine's fields; empty ones are left to the model's defaults. */
  readonly engineValues: FormValues;
  readonly seed: string;
  /**
   * The registered dataset trained on (instead of a data file), with the inputs of its options
   * (`datasetFields`: the plugin's `params` and `defaults`).
   */
  readonly dataset?: { readonly key: string; readonly description: string; readonly fields: readonly Field[] };
  /** Values of the dataset's option fields. */
  readonly datasetValues: FormValues;
  /** Columns that can be the label (not features), and the chosen one ('' for none). */
  readonly labelColumns: readonly string[];
  readonly label: string;
  readonly outFile: string;
  readonly status: 'editing' | 'starting';
}

/** What the form sends to validate or to start training. */
export interface FormInput {
  readonly values: FormValues;
  readonly engine: string;
  /** Values of the chosen engine's own fields (`FitOptions.engineParams`; empty ones left out). */
  readonly engineValues?: FormValues;
  /** Values of the registered dataset's option fields (`datasetLoadOptions`; empty ones left out). */
  readonly datasetValues?: FormValues;
  readonly seed: string;
  readonly label: string;
}

/** Host → webview: the whole state. */
export const DidChangeNotification = notification<State>(scope, 'didChange');
/** Webview → host: validate the inputs; the reply maps field names (`engine.<name>`, `dataset.<name>`, `seed`) to one-line errors. */
export const ValidateRequest = request<FormInput, { readonly errors: Readonly<Record<string, string>> }>(scope, 'trainForm/params/validate');
/** Webview → host: validate and, when everything is valid, start training and close the form. */
export const StartCommand = command<FormInput>(scope, 'trainForm/training/start');
/** Webview → host: close the form without training. */
export const CloseCommand = command<void>(scope, 'trainForm/form/close');
