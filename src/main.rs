//! The playground's browser entry point: mounts the app on the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<ds_playground::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground runs in the browser: see the README (./scripts/serve.sh).");
    eprintln!("For the headless runner use: cargo run --release --bin simulate -- SCENARIO.json");
    std::process::exit(2);
}
