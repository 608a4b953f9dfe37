// Placeholder: in the sandbox, `cargo run -p vvtv-control-api` runs the C# simulator instead of this crate.
fn main() {}
