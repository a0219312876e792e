//! Scenario files written by the playground: any world and timeline a file can describe is
//! written and read back the same (the page's shared links and course-page messages rely on it),
//! the examples read back from their written form, malformed commands are refused with the
//! field's path, and no input, however broken, makes the reader panic.
#![cfg(not(target_arch = "wasm32"))]

mod commands;
mod malformed;
mod no_panic;
mod round_trip;
mod worlds;
