import { message, type IpcMessage, type IpcRequest } from '../../src/webviews/protocol.js';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The VS Code API of this webview, acquired once (a second `acquireVsCodeApi()` call throws). */
export const vscodeApi: VsCodeApi = acquireVsCodeApi();

/** Send a command or request envelope to the host; returns the message id. */
export function send<P>(type: { scope: string; method: string }, params: P): string {
  const m = message(type, params);
  vscodeApi.postMessage(m);
  return m.id;
}

const pending = new Map<string, (value: unknown) => void>();

/** Send a request and resolve with the host's `${method}/completion` reply. */
export function sendRequest<P, R>(type: IpcRequest<P, R>, params: P): Promise<R> {
  return new Promise((resolve) => {
    const id = send(type, params);
    pending.set(id, resolve as (value: unknown) => void);
  });
}

/** Listen to host messages; completions of {@link sendRequest} are routed to their callers first. */
export function onHostMessage(handler: (m: IpcMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as IpcMessage;
    if (!m || typeof m !== 'object' || typeof m.method !== 'string') return;
    if (m.completionId !== undefined && pending.has(m.completionId)) {
      const resolve = pending.get(m.completionId)!;
      pending.delete(m.completionId);
      resolve(m.params);
      return;
    }
    handler(m);
  });
}

/** Create an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}
