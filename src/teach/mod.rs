//! Teaching: captions that explain what just happened, in the mentoring dialogue's words.

pub mod captions;
