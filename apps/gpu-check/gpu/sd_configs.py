"""Published component configs of stabilityai/sdxl-turbo and stabilityai/sd-turbo (their config.json files), for
building the real architectures with random weights. `tiny=True` keeps each wiring but shrinks widths and depths,
so the whole check can be smoke-tested on a CPU (minutes instead of a GPU's seconds)."""

# sdxl-turbo unet/config.json (the SDXL base 1.0 UNet; sample_size 64 = 512 px)
SDXL_UNET = dict(
    sample_size=64, in_channels=4, out_channels=4, flip_sin_to_cos=True, freq_shift=0,
    down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
    block_out_channels=(320, 640, 1280), layers_per_block=2, cross_attention_dim=2048,
    transformer_layers_per_block=(1, 2, 10), attention_head_dim=(5, 10, 20), use_linear_projection=True,
    addition_embed_type="text_time", addition_time_embed_dim=256, projection_class_embeddings_input_dim=2816,
    norm_num_groups=32,
)
# sd-turbo unet/config.json (the SD 2.1 UNet)
SD_UNET = dict(
    sample_size=64, in_channels=4, out_channels=4, flip_sin_to_cos=True, freq_shift=0,
    down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
    up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
    block_out_channels=(320, 640, 1280, 1280), layers_per_block=2, cross_attention_dim=1024,
    attention_head_dim=(5, 10, 20, 20), use_linear_projection=True, norm_num_groups=32,
)
# vae/config.json of both (AutoencoderKL, 4 latent channels); only the scaling factor differs
VAE = dict(
    in_channels=3, out_channels=3, latent_channels=4, block_out_channels=(128, 256, 512, 512), layers_per_block=2,
    down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4, norm_num_groups=32,
    sample_size=512,
)
VAE_SCALING = {"sdxl": 0.13025, "sd": 0.18215}
# text encoders: CLIP ViT-L/14 (SDXL text_encoder), OpenCLIP ViT-bigG/14 with projection (SDXL text_encoder_2),
# OpenCLIP ViT-H/14 (SD 2.1 text_encoder). The vocabulary is CLIP's (49408 tokens), so real prompts tokenize.
CLIP_COMMON = dict(vocab_size=49408, max_position_embeddings=77, layer_norm_eps=1e-5, bos_token_id=49406, eos_token_id=49407)
CLIP_L = dict(CLIP_COMMON, hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12, hidden_act="quick_gelu", projection_dim=768)
CLIP_BIGG = dict(CLIP_COMMON, hidden_size=1280, intermediate_size=5120, num_hidden_layers=32, num_attention_heads=20, hidden_act="gelu", projection_dim=1280)
CLIP_H = dict(CLIP_COMMON, hidden_size=1024, intermediate_size=4096, num_hidden_layers=23, num_attention_heads=16, hidden_act="gelu", projection_dim=512)


def _shrink_unet(cfg, cross_dim, pooled_dim=None):
    n = len(cfg["block_out_channels"])
    small = dict(cfg, block_out_channels=tuple(32 * (i + 1) for i in range(n)), attention_head_dim=tuple(1 + i for i in range(n)),
                 cross_attention_dim=cross_dim, layers_per_block=1)
    if "transformer_layers_per_block" in cfg:
        small["transformer_layers_per_block"] = (1,) * n
    if pooled_dim is not None:
        small["addition_time_embed_dim"] = 8
        small["projection_class_embeddings_input_dim"] = pooled_dim + 6 * 8
    return small


def configs(model, tiny=False):
    """Component configs of `model` ('sdxl' or 'sd'): unet, vae, and the text encoders in folder order."""
    if model not in ("sdxl", "sd"):
        raise ValueError(f"model must be sdxl or sd, got {model!r}")
    if not tiny:
        encoders = [CLIP_L, CLIP_BIGG] if model == "sdxl" else [CLIP_H]
        return dict(unet=SDXL_UNET if model == "sdxl" else SD_UNET, vae=VAE, text_encoders=encoders)
    shrink = dict(intermediate_size=64, num_hidden_layers=2, num_attention_heads=2)
    encoders = [dict(CLIP_L, hidden_size=32, projection_dim=32, **shrink), dict(CLIP_BIGG, hidden_size=64, projection_dim=64, **shrink)]
    if model == "sd":
        encoders = [dict(CLIP_H, hidden_size=32, projection_dim=32, **shrink)]
    cross = sum(e["hidden_size"] for e in encoders)
    unet = _shrink_unet(SDXL_UNET, cross, encoders[-1]["projection_dim"]) if model == "sdxl" else _shrink_unet(SD_UNET, cross)
    vae = dict(VAE, block_out_channels=(32, 32, 64, 64), layers_per_block=1)
    return dict(unet=unet, vae=vae, text_encoders=encoders)
