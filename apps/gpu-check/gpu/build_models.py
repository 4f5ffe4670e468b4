"""Builds a real-architecture SDXL-Turbo or SD-Turbo pipeline folder (published configs, random weights) in the
diffusers/Olive ONNX layout promptjam's engine loads, plus a TAESD-style preview decoder (diffusers AutoencoderTiny):

  python3 build_models.py --model sdxl|sd --out DIR --tokenizer CLIP_TOKENIZER_DIR [--tiny] [--device cuda|cpu]

UNet and VAE are built and exported in fp16 on the GPU (external data beside model.onnx past 2 GB); the CLIP text
encoders are exported in fp32 and converted to fp16 (onnx_fp16.py). Tensor names are Olive's: input_ids ->
last_hidden_state, pooler_output | text_embeds, hidden_states.N; sample, timestep, encoder_hidden_states[, text_embeds,
time_ids] -> out_sample; latent_sample -> sample. TorchScript exporter (dynamo=False), opset 17. Prints one JSON line
per exported component (seconds, bytes).
"""
import argparse
import json
import os
import shutil
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import onnx_fp16  # noqa: E402
import sd_configs  # noqa: E402

OPSET = 17
SCHEDULER = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", num_train_timesteps=1000,
                 prediction_type="epsilon", steps_offset=1, timestep_spacing="trailing")


class TextEncoder(torch.nn.Module):
    """CLIPTextModel[WithProjection] -> (first output, second output, every hidden state), as Olive names them."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        out = self.model(input_ids=input_ids, output_hidden_states=True, return_dict=True)
        first = out.text_embeds if hasattr(out, "text_embeds") else out.last_hidden_state
        second = out.last_hidden_state if hasattr(out, "text_embeds") else out.pooler_output
        return (first, second, *out.hidden_states)


class Unet(torch.nn.Module):
    def __init__(self, unet, sdxl):
        super().__init__()
        self.unet, self.sdxl = unet, sdxl

    def forward(self, sample, timestep, encoder_hidden_states, text_embeds=None, time_ids=None):
        added = {"text_embeds": text_embeds, "time_ids": time_ids} if self.sdxl else None
        return self.unet(sample, timestep, encoder_hidden_states, added_cond_kwargs=added, return_dict=False)[0]


class Decoder(torch.nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent_sample):
        return self.vae.decode(latent_sample, return_dict=False)[0]


class Encoder(torch.nn.Module):
    """The latent distribution's mode (its mean), as `latent_sample`."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, sample):
        return self.vae.encode(sample).latent_dist.mode()


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))


def export(out, name, module, args, inputs, outputs, axes, config=None):
    path = os.path.join(out, name, "model.onnx")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    began = time.time()
    with torch.no_grad():
        torch.onnx.export(module.eval(), args, path, opset_version=OPSET, dynamo=False, do_constant_folding=True,
                          input_names=inputs, output_names=outputs, dynamic_axes=axes)
    if config is not None:
        with open(os.path.join(out, name, "config.json"), "w") as f:
            json.dump(config, f)
    print(json.dumps({"exported": name, "s": round(time.time() - began, 1), "bytes": folder_bytes(os.path.dirname(path))}), flush=True)
    return path


def build_text_encoders(out, cfgs, device, sdxl):
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection
    ids = torch.randint(0, 49408, (1, 77), device=device)
    for index, cfg in enumerate(cfgs["text_encoders"]):
        folder = "text_encoder" if index == 0 else "text_encoder_2"
        with_projection = sdxl and index == 1
        with torch.device(device):
            model = (CLIPTextModelWithProjection if with_projection else CLIPTextModel)(CLIPTextConfig(**cfg)).eval()
        layers = cfg["num_hidden_layers"]
        names = (["text_embeds", "last_hidden_state"] if with_projection else ["last_hidden_state", "pooler_output"])
        names += [f"hidden_states.{i}" for i in range(layers + 1)]
        # Olive's SDXL exports: int32 ids for text_encoder, int64 for text_encoder_2.
        feed = ids if with_projection else ids.to(torch.int32)
        # fp32 first (next to the folder, with TorchScript's external data past 2 GB), then one fp16 file.
        staging = os.path.join(out, ".fp32")
        path = export(staging, folder, TextEncoder(model), (feed,), ["input_ids"], names, {"input_ids": {0: "batch_size", 1: "sequence_length"}})
        os.makedirs(os.path.join(out, folder), exist_ok=True)
        onnx_fp16.convert_file(path, os.path.join(out, folder, "model.onnx"))
        shutil.rmtree(staging)
        del model


def build_unet(out, cfgs, device, dtype, sdxl):
    from diffusers import UNet2DConditionModel
    with torch.device(device):
        unet = UNet2DConditionModel(**cfgs["unet"]).to(dtype).eval()
    cross = cfgs["unet"]["cross_attention_dim"]
    args = [torch.randn(1, 4, 64, 64, device=device, dtype=dtype), torch.full((1,), 999.0, device=device, dtype=dtype),
            torch.randn(1, 77, cross, device=device, dtype=dtype)]
    inputs = ["sample", "timestep", "encoder_hidden_states"]
    axes = {"sample": {0: "unet_sample_batch", 2: "unet_sample_height", 3: "unet_sample_width"}, "timestep": {0: "unet_time_batch"},
            "encoder_hidden_states": {0: "unet_hidden_batch"}, "out_sample": {0: "unet_sample_batch", 2: "unet_sample_height", 3: "unet_sample_width"}}
    if sdxl:
        pooled = cfgs["text_encoders"][1]["projection_dim"]
        args += [torch.randn(1, pooled, device=device, dtype=dtype), torch.tensor([[512, 512, 0, 0, 512, 512]], device=device, dtype=dtype)]
        inputs += ["text_embeds", "time_ids"]
        axes.update({"text_embeds": {0: "unet_text_embeds_batch"}, "time_ids": {0: "unet_time_ids_batch"}})
    export(out, "unet", Unet(unet, sdxl), tuple(args), inputs, ["out_sample"], axes)
    del unet


def build_vae(out, cfgs, device, dtype, model):
    from diffusers import AutoencoderKL
    with torch.device(device):
        vae = AutoencoderKL(**cfgs["vae"], scaling_factor=sd_configs.VAE_SCALING[model]).to(dtype).eval()
    config = {"_class_name": "AutoencoderKL", "scaling_factor": sd_configs.VAE_SCALING[model]}
    export(out, "vae_decoder", Decoder(vae), (torch.randn(1, 4, 64, 64, device=device, dtype=dtype),), ["latent_sample"], ["sample"],
           {"latent_sample": {0: "batch_size", 2: "height_latent", 3: "width_latent"}, "sample": {0: "batch_size", 2: "height", 3: "width"}}, config)
    export(out, "vae_encoder", Encoder(vae), (torch.randn(1, 3, 512, 512, device=device, dtype=dtype),), ["sample"], ["latent_sample"],
           {"sample": {0: "batch_size", 2: "height", 3: "width"}, "latent_sample": {0: "batch_size", 2: "height_latent", 3: "width_latent"}}, config)
    del vae


def build_preview(out, device, dtype):
    """TAESDXL and TAESD share AutoencoderTiny's default config (their weights differ): random weights either way."""
    from diffusers import AutoencoderTiny
    with torch.device(device):
        tiny = AutoencoderTiny().to(dtype).eval()
    export(out, "preview_decoder", Decoder(tiny), (torch.randn(1, 4, 64, 64, device=device, dtype=dtype),), ["latent_sample"], ["sample"],
           {"latent_sample": {0: "batch_size", 2: "height_latent", 3: "width_latent"}, "sample": {0: "batch_size", 2: "height", 3: "width"}},
           {"_class_name": "AutoencoderTiny", "scaling_factor": 1.0})


def write_folder_files(out, model, tokenizer):
    sdxl = model == "sdxl"
    parts = ["text_encoder", "text_encoder_2", "unet", "vae_decoder", "vae_encoder"] if sdxl else ["text_encoder", "unet", "vae_decoder", "vae_encoder"]
    index = {"_class_name": "ORTStableDiffusionXLPipeline" if sdxl else "ORTStableDiffusionPipeline",
             **{p: ["diffusers", "OnnxRuntimeModel"] for p in parts}}
    with open(os.path.join(out, "model_index.json"), "w") as f:
        json.dump(index, f, indent=1)
    os.makedirs(os.path.join(out, "scheduler"), exist_ok=True)
    scheduler = {"_class_name": "EulerAncestralDiscreteScheduler" if sdxl else "EulerDiscreteScheduler", **SCHEDULER}
    with open(os.path.join(out, "scheduler", "scheduler_config.json"), "w") as f:
        json.dump(scheduler, f, indent=1)
    # SDXL's second tokenizer pads with "!" (OpenCLIP); the first (and SD 2.1's) pads with <|endoftext|> / "!".
    pads = ["<|endoftext|>", "!"] if sdxl else ["!"]
    for i, pad in enumerate(pads):
        folder = os.path.join(out, "tokenizer" if i == 0 else "tokenizer_2")
        os.makedirs(folder, exist_ok=True)
        for name in ("vocab.json", "merges.txt"):
            shutil.copy(os.path.join(tokenizer, name), os.path.join(folder, name))
        special = {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": pad}
        with open(os.path.join(folder, "special_tokens_map.json"), "w") as f:
            json.dump(special, f)
        with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
            json.dump({**special, "model_max_length": 77, "do_lower_case": True, "tokenizer_class": "CLIPTokenizer"}, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=["sdxl", "sd"], required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--tokenizer", required=True, help="folder with CLIP's vocab.json and merges.txt")
    parser.add_argument("--tiny", action="store_true", help="shrunken widths, for a CPU smoke test of the flow")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()
    dtype = torch.float16 if args.device == "cuda" else torch.float32
    cfgs = sd_configs.configs(args.model, tiny=args.tiny)
    os.makedirs(args.out, exist_ok=True)
    sdxl = args.model == "sdxl"
    build_text_encoders(args.out, cfgs, args.device, sdxl)
    build_unet(args.out, cfgs, args.device, dtype, sdxl)
    build_vae(args.out, cfgs, args.device, dtype, args.model)
    build_preview(args.out, args.device, dtype)
    write_folder_files(args.out, args.model, args.tokenizer)
    if args.device == "cuda":
        torch.cuda.empty_cache()
    print(json.dumps({"ready": args.out, "model": args.model, "dtype": str(dtype)}), flush=True)


if __name__ == "__main__":
    main()
