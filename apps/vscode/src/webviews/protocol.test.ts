import { describe, expect, it } from 'vitest';
import { command, message, notification, request, WebviewReadyCommand } from './protocol.js';

describe('webview protocol', () => {
  const Update = command<{ colourBy: string }>('latentPreview', 'latentPreview/colour/update');
  const Points = request<{ n: number }, { x: number[] }>('latentPreview', 'points/get');
  const Changed = notification<{ a: number }>('latentPreview', 'didChange');

  it('wraps params in the envelope and narrows by scope and method', () => {
    const m = message(Update, { colourBy: 'label' });
    expect(m).toMatchObject({ scope: 'latentPreview', method: 'latentPreview/colour/update', params: { colourBy: 'label' } });
    expect(Update.is(m)).toBe(true);
    expect(Changed.is(m)).toBe(false);
    expect(WebviewReadyCommand.is(m)).toBe(false);
    expect(Update.is(null)).toBe(false);
  });

  it('answers a request under its completion method with the request id', () => {
    const req = message(Points, { n: 3 });
    const reply = message(Points.completion, { x: [1] }, req.id);
    expect(reply.method).toBe('points/get/completion');
    expect(reply.completionId).toBe(req.id);
    expect(Points.completion.is(reply)).toBe(true);
  });

  it('gives every message its own id', () => {
    expect(message(Changed, { a: 1 }).id).not.toBe(message(Changed, { a: 1 }).id);
  });
});
