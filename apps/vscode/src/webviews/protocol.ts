/**
 * The message envelope shared by every webview and the extension host (GitLens's IPC shape):
 * `Command` (webview → host, no reply), `Request` (webview → host, the reply arrives as `${method}/completion` with the
 * request's `id` as `completionId`) and `Notification` (host → webview). Payloads are plain JSON, never tensors.
 */
export interface IpcMessage<P = unknown> {
  readonly id: string;
  readonly scope: string;
  readonly method: string;
  readonly params: P;
  readonly completionId?: string;
}

interface IpcType<P> {
  readonly scope: string;
  readonly method: string;
  /** Narrow a message received from the other side. */
  is(msg: unknown): msg is IpcMessage<P>;
}

/** A message from the webview to the host that expects no reply. */
export interface IpcCommand<P> extends IpcType<P> {
  readonly kind: 'command';
}

/** A message from the webview to the host answered with `R` under the method `${method}/completion`. */
export interface IpcRequest<P, R> extends IpcType<P> {
  readonly kind: 'request';
  readonly completion: IpcType<R>;
}

/** A message from the host to the webview. */
export interface IpcNotification<P> extends IpcType<P> {
  readonly kind: 'notification';
}

function ipcType<P>(scope: string, method: string): IpcType<P> {
  return {
    scope,
    method,
    is: (msg: unknown): msg is IpcMessage<P> =>
      typeof msg === 'object' && msg !== null && (msg as IpcMessage).scope === scope && (msg as IpcMessage).method === method,
  };
}

/** Declare a command (`scope/noun/verb`). */
export function command<P = void>(scope: string, method: string): IpcCommand<P> {
  return { kind: 'command', ...ipcType<P>(scope, method) };
}

/** Declare a request; its reply is `${method}/completion`. */
export function request<P, R>(scope: string, method: string): IpcRequest<P, R> {
  return { kind: 'request', ...ipcType<P>(scope, method), completion: ipcType<R>(scope, `${method}/completion`) };
}

/** Declare a notification (`noun/didChange`). */
export function notification<P>(scope: string, method: string): IpcNotification<P> {
  return { kind: 'notification', ...ipcType<P>(scope, method) };
}

let counter = 0;

/** Build the envelope of a message of type `type`. */
export function message<P>(type: { scope: string; method: string }, params: P, completionId?: string): IpcMessage<P> {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return { id: `${type.scope}:${counter}`, scope: type.scope, method: type.method, params, ...(completionId !== undefined && { completionId }) };
}

/** Sent by every webview once its script runs; the host answers with the full state. */
export const WebviewReadyCommand = command<void>('core', 'webview/ready');
