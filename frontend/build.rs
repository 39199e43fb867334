//! The WASM build keeps its relocations (`--emit-relocs`): wasm-split needs them to cut the module at
//! the lazy routes' split points (scripts/build-frontend). Given here rather than in RUSTFLAGS so only
//! this crate's link changes and the dependencies' builds are reused.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-cdylib-link-arg=--emit-relocs");
    }
}
