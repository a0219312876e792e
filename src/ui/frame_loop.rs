//! A `requestAnimationFrame` loop that re-arms itself every frame until dropped.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};

/// A running frame loop; dropping it stops the loop.
#[derive(Debug)]
pub struct FrameLoop {
    pending: Rc<RefCell<Option<AnimationFrame>>>,
}

impl FrameLoop {
    /// Calls `on_frame` with the frame's timestamp (milliseconds) once per display frame.
    pub fn start(on_frame: impl Fn(f64) + 'static) -> Self {
        let pending = Rc::new(RefCell::new(None));
        arm(Rc::clone(&pending), Rc::new(on_frame));
        FrameLoop { pending }
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        // Dropping the pending frame cancels it, which ends the loop.
        self.pending.borrow_mut().take();
    }
}

fn arm(pending: Rc<RefCell<Option<AnimationFrame>>>, on_frame: Rc<dyn Fn(f64)>) {
    let next = Rc::clone(&pending);
    let frame = request_animation_frame(move |timestamp| {
        on_frame(timestamp);
        arm(next, on_frame);
    });
    *pending.borrow_mut() = Some(frame);
}
