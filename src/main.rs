//! The playground's browser entry point: mounts the app.

fn main() {}
