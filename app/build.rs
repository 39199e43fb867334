//! Build script for the app crate.
//!
//! Server builds (`ssr` feature) embed rustface's SeetaFace detector model into the binary, so the server never reads
//! the cargo registry at run time: the model is copied from rustface's crate sources into `$OUT_DIR`, where
//! `identity/photo.rs` picks it up with `include_bytes!`. The WASM build (no `ssr`) needs nothing, so it does nothing.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// Must match the rustface version resolved in Cargo.lock (pin it with `=`), since the model is looked up by path.
const RUSTFACE_DIR: &str = "rustface-0.1.7";
const MODEL_FILE: &str = "seeta_fd_frontal_v1.0.bin";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if env::var_os("CARGO_FEATURE_SSR").is_none() {
        return;
    }
    let out_dir = match env::var_os("OUT_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => fail("OUT_DIR is not set (cargo always sets it for build scripts)".to_string()),
    };
    let Some(cargo_home) = cargo_home() else {
        fail("neither CARGO_HOME nor HOME is set, so the cargo registry can't be located".to_string())
    };
    let registry_src = cargo_home.join("registry").join("src");
    let Some(model) = find_model(&registry_src) else {
        fail(format!(
            "could not find {RUSTFACE_DIR}/model/{MODEL_FILE} under {}/*/. Run `cargo fetch` so the rustface sources are \
             in the registry, and make sure Cargo.lock resolves rustface to exactly that version.",
            registry_src.display()
        ))
    };
    let dest = out_dir.join(MODEL_FILE);
    if let Err(e) = fs::copy(&model, &dest) {
        fail(format!("could not copy {} to {}: {e}", model.display(), dest.display()));
    }
}

fn cargo_home() -> Option<PathBuf> {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// Registry sources live in one folder per registry (`index.crates.io-<hash>`, older `github.com-<hash>`).
fn find_model(registry_src: &Path) -> Option<PathBuf> {
    let mut registries: Vec<PathBuf> =
        fs::read_dir(registry_src).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    registries.sort(); // deterministic choice if several registries hold the crate
    registries.into_iter().map(|r| r.join(RUSTFACE_DIR).join("model").join(MODEL_FILE)).find(|p| p.is_file())
}

fn fail(message: String) -> ! {
    panic!("app build script: the face-detection model is needed for the ssr build: {message}");
}
