//! Teaching: captions that explain what is happening, in the mentoring dialogue's words.
//!
//! Each event that earns a caption keeps it only while the situation it tells of lasts
//! ([`situation`]); the [`narrator`] shows the newest caption that still holds, or else a
//! [`status`] caption that is true of the world now. The texts are in [`captions`].

mod attack_captions;
mod auth_captions;
pub mod captions;
pub mod challenges;
pub mod compare;
pub mod narrator;
mod phrases;
pub mod situation;
pub mod status;
mod storage_captions;
mod tls_captions;
pub mod tour;
