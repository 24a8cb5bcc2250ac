"""A cross-attention processor that keeps each object phrase inside its box.

In an SD-family UNet every image location attends over the prompt's tokens. Training-free layout
methods (paint-with-words, ZestGuide, MultiDiffusion regions) steer that attention. This processor does
the simplest strict form: for the tokens of object k's phrase, locations outside box k get a score of
-inf (so they receive exactly zero attention there), and locations inside get ``boost`` added (so the
phrase dominates its box). Other tokens (start, background words, padding) stay free everywhere, so no
row is ever fully masked. It works at any step count and with or without classifier-free guidance
(only the conditional rows are restricted).

``RegionState.record`` keeps each layer's head-averaged attention over the restricted tokens, so tests
and the UI can check where each phrase attended.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from agent.scene import Box


@dataclass
class Region:
    """The prompt token positions of one object phrase and the box they must stay in."""

    tokens: list[int]
    box: Box


@dataclass
class RegionState:
    """Shared by every patched layer during one pipeline call.

    ``latent_hw``: the latent grid at full resolution (image size / VAE factor); each layer's grid is this
    divided by a power of two. ``cfg``: the batch is [unconditional, conditional] (restrict only the
    second half). ``restrict=False`` records maps without changing anything (for comparison).
    """

    regions: list[Region]
    latent_hw: tuple[int, int]
    boost: float = 1.0
    cfg: bool = False
    restrict: bool = True
    record: bool = False
    maps: dict[str, list[Any]] = field(default_factory=dict)
    _bias_cache: dict[tuple, Any] = field(default_factory=dict)

    def grid(self, seq_len: int) -> tuple[int, int]:
        """The (h, w) of a layer whose flattened length is ``seq_len``."""
        h, w = self.latent_hw
        for _ in range(8):
            if h * w == seq_len:
                return h, w
            h, w = math.ceil(h / 2), math.ceil(w / 2)
        raise ValueError(f"cannot map {seq_len} attention positions onto a {self.latent_hw} latent grid")

    def inside(self, seq_len: int, device: Any) -> Any:
        """Boolean (regions, seq_len): which layer positions lie inside each region's box (>= 1 cell each)."""
        import torch

        h, w = self.grid(seq_len)
        out = torch.zeros(len(self.regions), h, w, dtype=torch.bool, device=device)
        for i, r in enumerate(self.regions):
            x0, y0, x1, y1 = r.box
            c0, r0 = min(int(x0 * w), w - 1), min(int(y0 * h), h - 1)
            c1, r1 = max(math.ceil(x1 * w), c0 + 1), max(math.ceil(y1 * h), r0 + 1)
            out[i, r0:r1, c0:c1] = True
        return out.view(len(self.regions), seq_len)

    def bias(self, seq_len: int, n_tokens: int, dtype: Any, device: Any) -> Any:
        """(seq_len, n_tokens) additive scores: -inf outside a phrase's box, ``boost`` inside, 0 elsewhere.

        Args:
            seq_len: the attention layer's query length (its latent grid, flattened).
            n_tokens: the text encoder's token count (a phrase's tokens past it are dropped).
            dtype, device: the attention scores' own, so the bias adds without a copy.

        Cached per (seq_len, n_tokens, dtype, device): every layer of one resolution shares it.
        """
        import torch

        key = (seq_len, n_tokens, dtype, str(device))
        if key not in self._bias_cache:
            bias = torch.zeros(seq_len, n_tokens, dtype=dtype, device=device)
            inside = self.inside(seq_len, device)
            for i, r in enumerate(self.regions):
                toks = [t for t in r.tokens if t < n_tokens]
                if not toks:
                    continue
                col = torch.where(inside[i], torch.tensor(self.boost, dtype=dtype, device=device),
                                  torch.tensor(float("-inf"), dtype=dtype, device=device))
                bias[:, toks] = col[:, None].expand(-1, len(toks))
            self._bias_cache[key] = bias
        return self._bias_cache[key]


class RegionalAttnProcessor:
    """diffusers' classic ``AttnProcessor`` with a per-phrase box bias added before the softmax."""

    def __init__(self, state: RegionState, name: str) -> None:
        self.state = state
        self.name = name

    def __call__(self, attn: Any, hidden_states: Any, encoder_hidden_states: Any = None, attention_mask: Any = None,
                 temb: Any = None, *args: Any, **kwargs: Any) -> Any:
        import torch

        residual = hidden_states
        if attn.spatial_norm is not None:
            hidden_states = attn.spatial_norm(hidden_states, temb)
        input_ndim = hidden_states.ndim
        if input_ndim == 4:
            batch, channel, height, width = hidden_states.shape
            hidden_states = hidden_states.view(batch, channel, height * width).transpose(1, 2)
        batch, seq_len, _ = hidden_states.shape
        context = hidden_states if encoder_hidden_states is None else encoder_hidden_states
        n_tokens = context.shape[1]
        attention_mask = attn.prepare_attention_mask(attention_mask, n_tokens, batch)
        if attn.group_norm is not None:
            hidden_states = attn.group_norm(hidden_states.transpose(1, 2)).transpose(1, 2)
        query = attn.to_q(hidden_states)
        if encoder_hidden_states is not None and attn.norm_cross:
            context = attn.norm_encoder_hidden_states(context)
        key, value = attn.to_k(context), attn.to_v(context)
        query, key, value = attn.head_to_batch_dim(query), attn.head_to_batch_dim(key), attn.head_to_batch_dim(value)

        heads = attn.heads
        bias = torch.zeros(batch, seq_len, n_tokens, dtype=query.dtype, device=query.device)
        first_cond = batch // 2 if self.state.cfg else 0
        if self.state.restrict:
            bias[first_cond:] = self.state.bias(seq_len, n_tokens, query.dtype, query.device)
        bias = bias.repeat_interleave(heads, dim=0)  # head_to_batch_dim puts heads next to their sample
        if attention_mask is not None:
            bias = bias + attention_mask
        probs = attn.get_attention_scores(query, key, bias)
        if self.state.record:
            maps = probs.view(batch, heads, seq_len, n_tokens)[first_cond:].mean(dim=(0, 1))
            self.state.maps.setdefault(self.name, []).append(maps.detach().float().cpu())

        hidden_states = attn.batch_to_head_dim(torch.bmm(probs, value))
        hidden_states = attn.to_out[1](attn.to_out[0](hidden_states))
        if input_ndim == 4:
            hidden_states = hidden_states.transpose(-1, -2).reshape(batch, channel, height, width)
        if attn.residual_connection:
            hidden_states = hidden_states + residual
        return hidden_states / attn.rescale_output_factor


@contextmanager
def regional_attention(unet: Any, state: RegionState) -> Iterator[RegionState]:
    """Patch every cross-attention layer (``attn2``) of ``unet`` for the duration of the block.

    The originals are restored afterwards even on error: the UNet is shared by other pipelines in the pool.
    """
    original = dict(unet.attn_processors)
    patched = {name: RegionalAttnProcessor(state, name) if name.endswith("attn2.processor") else proc
               for name, proc in original.items()}
    if not any(isinstance(p, RegionalAttnProcessor) for p in patched.values()):
        raise ValueError(f"{type(unet).__name__} has no cross-attention layers to restrict")
    unet.set_attn_processor(patched)
    try:
        yield state
    finally:
        unet.set_attn_processor(original)


def phrase_tokens(tokenizer: Any, prompt: str, phrases: Sequence[str]) -> list[list[int]]:
    """Token positions of each phrase in the tokenized prompt, matched left to right.

    Repeated phrases ("a red apple" three times) take successive occurrences. A phrase beyond the
    tokenizer's length limit gets no positions (and so no restriction).
    """
    ids = tokenizer(prompt, truncation=True, max_length=tokenizer.model_max_length).input_ids
    out: list[list[int]] = []
    start = 1  # after the start token
    for phrase in phrases:
        pid = tokenizer(phrase, add_special_tokens=False).input_ids
        found: list[int] = []
        for i in range(start, len(ids) - len(pid) + 1):
            if pid and ids[i:i + len(pid)] == pid:
                found = list(range(i, i + len(pid)))
                start = i + len(pid)
                break
        out.append(found)
    return out
