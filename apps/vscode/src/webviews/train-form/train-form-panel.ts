import { pluginDescription, type Registry } from '@latentkit/registry';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../ctx.js';
import { message, WebviewReadyCommand, type IpcMessage } from '../protocol.js';
import { createNonce, webviewHtml } from '../webview-html.js';
import { datasetFields, engineFieldsByKey, formErrors, formFields, initialValues } from './form-fields.js';
import { CloseCommand, DidChangeNotification, StartCommand, ValidateRequest, type FormInput, type State } from './protocol.js';

/** View type of the training form. */
export const TRAIN_FORM_VIEW_TYPE = 'latentkit.trainForm';

/** What the form is opened with. */
export interface TrainFormInput {
  readonly registry: Registry;
  readonly key: string;
  /** The data file, or the key of the registered dataset (`datasetKey`) as the form names it. */
  readonly dataFile: string;
  /** The registered dataset trained on instead of a file: the form shows the fields of its options. */
  readonly datasetKey?: string;
  readonly dataSummary: string;
  readonly labelColumns: readonly string[];
  readonly label: string;
  readonly engines: readonly string[];
  readonly outFile: string;
  /** Starting values that replace the plugin's defaults, e.g. the `background` group chosen before the form. */
  readonly values?: Readonly<Record<string, string | boolean>>;
}

/**
 * Open the parameter form of a model (a webview generated from the plugin's parameter specs, defaults filled,
 * ranges enforced by the inputs and by the registry's validation, errors shown under each field), with the options
 * of the registered dataset when it trains on one. Resolves with the
 * valid input when the user presses Train, or undefined when the form is closed.
 */
export function openTrainForm(ctx: Ctx, input: TrainFormInput): Promise<FormInput | undefined> {
  const plugin = input.registry.model(input.key);
  const fields = formFields(plugin, input.registry);
  const engineFields = engineFieldsByKey(input.registry, input.engines);
  const dataset = input.datasetKey === undefined ? undefined : { key: input.datasetKey, fields: datasetFields(input.registry, input.datasetKey) };
  const errorsOf = (i: FormInput) => formErrors(input.registry, input.key, fields, i, engineFields[i.engine] ?? [], dataset);
  let state: State = {
    dataFile: input.dataFile,
    dataSummary: input.dataSummary,
    modelKey: input.key,
    ...(plugin.meta.description && { modelDescription: plugin.meta.description }),
    plugin: `${plugin.meta.name}@${plugin.meta.version}`,
    fields,
    values: { ...initialValues(fields), ...input.values },
    errors: {},
    engines: input.engines,
    engine: input.engines[0] ?? '',
    engineFields,
    engineValues: {},
    ...(dataset && { dataset: { ...dataset, description: pluginDescription(input.registry.get(dataset.key)) } }),
    datasetValues: initialValues(dataset?.fields ?? []),
    seed: '0',
    labelColumns: input.labelColumns,
    label: input.label,
    outFile: input.outFile,
    status: 'editing',
  };
  const panel = vscode.window.createWebviewPanel(
    TRAIN_FORM_VIEW_TYPE,
    `Train ${input.key}: ${dataset ? dataset.key : basename(input.dataFile)}`,
    vscode.ViewColumn.Active,
    {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview')],
    },
  );
  const asset = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview', file)).toString();
  panel.webview.html = webviewHtml({
    title: panel.title,
    cspSource: panel.webview.cspSource,
    nonce: createNonce(),
    scriptUri: asset('train-form.js'),
    styleUri: asset('train-form.css'),
  });
  const post = () => void panel.webview.postMessage(message(DidChangeNotification, state));
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: FormInput | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      panel.dispose();
    };
    const remember = (i: FormInput) => {
      state = {
        ...state,
        values: i.values,
        engine: i.engine,
        engineValues: i.engineValues ?? {},
        datasetValues: i.datasetValues ?? state.datasetValues,
        seed: i.seed,
        label: i.label,
      };
    };
    const sub = panel.webview.onDidReceiveMessage((m: IpcMessage) => {
      if (WebviewReadyCommand.is(m)) post();
      else if (ValidateRequest.is(m)) {
        remember(m.params);
        const errors = errorsOf(m.params);
        void panel.webview.postMessage(message(ValidateRequest.completion, { errors }, m.id));
      } else if (StartCommand.is(m)) {
        remember(m.params);
        const errors = errorsOf(m.params);
        state = { ...state, errors };
        if (Object.keys(errors).length > 0) post();
        else finish(m.params);
      } else if (CloseCommand.is(m)) finish(undefined);
    });
    panel.onDidDispose(() => {
      sub.dispose();
      if (!done) {
        done = true;
        resolve(undefined);
      }
    });
  });
}
