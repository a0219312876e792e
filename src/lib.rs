//! Distributed Systems Playground: a seeded discrete-event simulation of a small distributed
//! system (`sim`), the teaching captions that explain it (`teach`), and the Yew views that draw it
//! in the browser (`ui`), with one way of writing numbers for all of them (`format`) and one way of
//! reading and writing JSON (`json`). Course pages, which load a world from a link and answer a
//! host page's messages, have their rules in `course`.

pub mod course;
pub mod format;
pub mod json;
pub mod sim;
pub mod teach;
pub mod ui;
