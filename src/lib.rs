//! Distributed Systems Playground: a seeded discrete-event simulation of a small distributed
//! system (`sim`), the teaching captions that explain it (`teach`), and the Yew views that draw it
//! in the browser (`ui`), with one way of writing numbers for all of them (`format`).

pub mod format;
pub mod sim;
pub mod teach;
pub mod ui;
