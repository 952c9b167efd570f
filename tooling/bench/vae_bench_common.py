"""Shared parts of the PyTorch sides of `vae-mnist-epoch` and `sparse-vae-synthetic` (tooling/bench/README.md).

Weights come from the node side's init file as {name: {shape, values}} with latentkit's layout: a layer is
x @ W + b with W of shape [in, out], named `<prefix>.w<l>` and `<prefix>.b<l>` (a layer may have no bias).
"""
import torch


def tensor(entry):
    return torch.tensor(entry['values'], dtype=torch.float32).reshape(entry['shape'])


class Mlp(torch.nn.Module):
    """ReLU MLP from latentkit weights `prefix.w0, prefix.b0, ...`; the last layer is linear unless activate_last."""

    def __init__(self, weights, prefix, activate_last=False):
        super().__init__()
        self.ws = torch.nn.ParameterList()
        self.bs = torch.nn.ParameterList()
        self.has_bias = []
        layer = 0
        while f'{prefix}.w{layer}' in weights:
            self.ws.append(torch.nn.Parameter(tensor(weights[f'{prefix}.w{layer}'])))
            bias = weights.get(f'{prefix}.b{layer}')
            self.has_bias.append(bias is not None)
            self.bs.append(torch.nn.Parameter(tensor(bias) if bias is not None else torch.zeros(0)))
            layer += 1
        self.activate_last = activate_last

    def forward(self, x):
        last = len(self.ws) - 1
        for i, w in enumerate(self.ws):
            x = x @ w
            if self.has_bias[i]:
                x = x + self.bs[i]
            if i < last or self.activate_last:
                x = torch.relu(x)
        return x


def kl_standard_normal(loc, log_scale):
    """KL(N(mu, sigma^2) || N(0, I)) per row, with log_scale = log sigma."""
    return 0.5 * (loc ** 2 + torch.exp(2 * log_scale) - 2 * log_scale - 1).sum(1)
