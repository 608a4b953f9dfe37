// Placeholder: in the sandbox, `cargo run -p vvtv-orchestrator` runs the C# simulator instead of this crate.
fn main() {}
