// Placeholder: in the sandbox, `cargo run -p vvtv-admin` runs the C# simulator instead of this crate.
fn main() {}
