//! Course pages: the playground shown inside a lesson. What a shared link loads and how the page
//! shows it (`link`, whose JSON travels in `base64`), the messages a host page and the playground
//! exchange (`messages`), and the names of the world's events a host can follow (`events`).
//!
//! Pure logic, with no browser in it, so that all of it is tested natively.

pub mod base64;
pub mod events;
pub mod link;
pub mod messages;
